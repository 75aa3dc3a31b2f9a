import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { chunkText, type Span } from '../../src/kb/chunk.ts';
import { docKey, encodeVectors, newDocumentId, type StoredDocument } from '../../src/kb/document.ts';
import { KnowledgeBase } from '../../src/kb/knowledge-base.ts';
import { MAX_PASSAGE, passageAround, sentenceWindows, WINDOWS, windowInput } from '../../src/kb/passages.ts';
import { silentLogger, tempDir } from '../helpers/kb.ts';
import { describeWithModel, realEmbedder } from '../helpers/model.ts';
import { PARAGRAPHS } from './long-document.ts';

const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;
const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
const sentencesIn = (s: string): string[] =>
  [...segmenter.segment(s)].map((x) => x.segment.trim()).filter(Boolean);

/** Sixty distinct sentences from the long test document's paragraphs. */
const SIXTY = PARAGRAPHS.flatMap(sentencesIn).slice(0, 60);

function expectCovered(text: string, spans: Span[]): void {
  for (let c = 0; c < text.length; c++) {
    if (/\s/.test(text[c]!)) continue;
    expect(
      spans.some((s) => s.start <= c && c < s.end),
      `character ${c} is in no window`,
    ).toBe(true);
  }
}

describe('sentenceWindows', () => {
  it('keeps a short document as one window spanning all of it', () => {
    const text = 'Refunds are possible within 14 days. Open a ticket in #billing.';
    expect(sentenceWindows(text)).toEqual([{ start: 0, end: text.length }]);
  });

  it('cuts a long document into windows of one to three sentences and at most 48 words, in order', () => {
    const text = SIXTY.join(' ');
    const spans = sentenceWindows(text);
    expect(spans.length).toBeGreaterThan(15);
    for (const [i, span] of spans.entries()) {
      const piece = text.slice(span.start, span.end);
      expect(words(piece), `window ${i}`).toBeLessThanOrEqual(WINDOWS.maxWords);
      expect(sentencesIn(piece).length, `window ${i}`).toBeGreaterThanOrEqual(1);
      expect(sentencesIn(piece).length, `window ${i}`).toBeLessThanOrEqual(WINDOWS.maxSentences);
      if (i > 0) {
        expect(span.start).toBeGreaterThan(spans[i - 1]!.start);
        expect(span.end).toBeGreaterThan(spans[i - 1]!.end);
        // Neighbours share at most one sentence.
        const shared = text.slice(span.start, Math.max(span.start, spans[i - 1]!.end));
        expect(sentencesIn(shared).length).toBeLessThanOrEqual(1);
      }
    }
    expect(spans[0]!.start).toBe(0);
    expect(spans.at(-1)!.end).toBe(text.length);
    expectCovered(text, spans);
    // Every sentence is alone or with its neighbours in some window: none is split.
    for (const sentence of SIXTY) {
      expect(spans.some((s) => text.slice(s.start, s.end).includes(sentence))).toBe(true);
    }
  });

  it('cuts a giant sentence at word boundaries', () => {
    const text = `${Array.from({ length: 300 }, (_, i) => `w${i}`).join(' ')}.`;
    const spans = sentenceWindows(text);
    expect(spans.length).toBe(Math.ceil(300 / WINDOWS.maxWords));
    for (const s of spans) expect(words(text.slice(s.start, s.end))).toBeLessThanOrEqual(WINDOWS.maxWords);
    expect(spans.flatMap((s) => text.slice(s.start, s.end).split(/\s+/).filter(Boolean))).toEqual(
      text.split(' '),
    );
  });

  it('follows its options', () => {
    const text = 'One two. Three four. Five six. Seven eight.';
    const opts = { maxWords: 100, maxSentences: 2, wholeWords: 0 };
    expect(sentenceWindows(text, opts).map((s) => text.slice(s.start, s.end).trim())).toEqual([
      'One two. Three four.',
      'Three four. Five six.',
      'Five six. Seven eight.',
    ]);
    expect(
      sentenceWindows(text, { ...opts, maxSentences: 1 }).map((s) => text.slice(s.start, s.end).trim()),
    ).toEqual(['One two.', 'Three four.', 'Five six.', 'Seven eight.']);
  });
});

describe('windowInput', () => {
  it('leads every window with the title, when there is one', () => {
    const text = 'First part. Second part.';
    expect(windowInput(text, { start: 12, end: 24 }, 'Guide')).toBe('Guide: Second part.');
    expect(windowInput(text, { start: 12, end: 24 }, null)).toBe('Second part.');
  });
});

describe('passageAround', () => {
  const paragraphs = [SIXTY.slice(0, 20).join(' '), SIXTY.slice(20, 40).join(' '), SIXTY.slice(40).join(' ')];
  const text = paragraphs.join('\n\n');

  it('shows a short document whole', () => {
    const short = 'Line one.\n\nLine two is here.';
    expect(passageAround(short, { start: 0, end: 9 })).toBe(short);
  });

  it('grows a window by whole sentences within its paragraph, up to the limit', () => {
    const sentence = SIXTY[30]!;
    const start = text.indexOf(sentence);
    const passage = passageAround(text, { start, end: start + sentence.length + 1 });
    expect(passage).toContain(sentence);
    expect(passage.length).toBeLessThanOrEqual(MAX_PASSAGE);
    expect(passage.length).toBeGreaterThan(MAX_PASSAGE / 2);
    expect(paragraphs[1]!.includes(passage)).toBe(true);
    // Whole sentences only: it starts and ends where sentences do.
    expect(SIXTY.some((s) => passage.startsWith(s))).toBe(true);
    expect(SIXTY.some((s) => passage.endsWith(s))).toBe(true);
  });

  it('keeps to the paragraph at a document edge', () => {
    const last = SIXTY.at(-1)!;
    const start = text.lastIndexOf(last);
    const passage = passageAround(text, { start, end: text.length });
    expect(passage.endsWith(last)).toBe(true);
    expect(paragraphs[2]!.endsWith(passage)).toBe(true);
  });

  it('shows a stored chunk longer than the limit as it is', () => {
    const span = { start: 0, end: paragraphs[0]!.length };
    expect(paragraphs[0]!.length).toBeGreaterThan(MAX_PASSAGE);
    expect(passageAround(text, span)).toBe(paragraphs[0]);
  });
});

describeWithModel('a fact buried in a long document, on the real model', () => {
  let embedder: Embedder;
  let temp: Awaited<ReturnType<typeof tempDir>>;
  const G = '600';
  const OCTOPUS = 'Finally, the octopus can change the colour of its skin to hide from predators.';

  beforeAll(async () => {
    embedder = realEmbedder('fp32');
    temp = await tempDir();
  });

  afterAll(async () => {
    await embedder?.close();
    await temp?.cleanup();
  });

  it('wins on its sentence over a one-line document that does not answer, with that passage as the snippet', async () => {
    const kb = new KnowledgeBase({ store: await temp.open(), embedder, logger: silentLogger() });
    const text = [...SIXTY.slice(0, 59), OCTOPUS].join(' ');
    const long = await kb.add(G, { text, addedBy: 'tester' });
    const short = await kb.add(G, {
      text: 'Chameleons are lizards that live in warm places.',
      addedBy: 'tester',
    });
    const [top, next] = await kb.search(G, 'How do cephalopods camouflage themselves?', 2);
    expect(top!.id).toBe(long.id);
    expect(next!.id).toBe(short.id);
    // With 160-word chunks the octopus sentence is diluted below the lizard line (0.38 against 0.40).
    expect(top!.score).toBeGreaterThan(next!.score + 0.08);
    expect(top!.snippet).toContain(OCTOPUS);
    expect(top!.snippet.length).toBeLessThanOrEqual(MAX_PASSAGE);
    expect(text.includes(top!.snippet)).toBe(true);
  });

  it('still searches a document stored with 160-word chunks, showing the matched chunk or its passage', async () => {
    const store = await temp.open('old.sqlite');
    const kb = new KnowledgeBase({ store, embedder, logger: silentLogger() });
    const info = await embedder.ready();
    const text = PARAGRAPHS.join('\n\n');
    const chunks = chunkText(text);
    const embedded = await embedder.embedMany(chunks.map((c) => text.slice(c.start, c.end)));
    const vectors = new Float32Array(chunks.length * info.dimensions);
    embedded.forEach((e, i) => {
      vectors.set(e.vector, i * info.dimensions);
    });
    const doc: StoredDocument = {
      v: 1,
      id: newDocumentId(),
      title: 'Old style',
      text,
      addedBy: 'tester',
      addedAt: new Date().toISOString(),
      model: { id: info.modelId, dtype: info.dtype, window: info.window },
      chunks,
      vectors: encodeVectors(vectors),
    };
    await store.set(docKey(G, doc.id), JSON.stringify(doc));
    const [top] = await kb.search(G, 'How does a beekeeper harvest honey from the frames of a hive?', 1);
    expect(top!.id).toBe(doc.id);
    // The matched chunk, grown to its passage when it is shorter than the limit.
    const pieces = chunks.map((c) => text.slice(c.start, c.end).trim());
    expect(
      pieces.some((p) => top!.snippet.includes(p)),
      top!.snippet,
    ).toBe(true);
    expect(text.includes(top!.snippet)).toBe(true);
    expect(top!.snippet.length).toBeLessThanOrEqual(Math.max(MAX_PASSAGE, ...pieces.map((p) => p.length)));
    expect(top!.snippet).toContain('extractor');
  });
});
