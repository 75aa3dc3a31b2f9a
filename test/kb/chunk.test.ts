import { describe, expect, it } from 'vitest';
import { chunkText, type Span } from '../../src/kb/chunk.ts';

const wordsOf = (s: string): string[] => s.split(/\s+/).filter(Boolean);
const slices = (text: string, spans: Span[]): string[] => spans.map((s) => text.slice(s.start, s.end));

const NUMBERS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven'];
/** Twelve five-word sentences, each one unique. */
const FIVE_WORD = [...NUMBERS, 'twelve'].map((n) => `Sentence ${n} talks about ${n}.`);

/** A deterministic mix of short and long sentences, paragraphs and odd whitespace. */
function mixedText(): string {
  const parts: string[] = [];
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  for (let s = 0; s < 40; s++) {
    const length = 2 + (next() % 25);
    const words = Array.from({ length }, (_, w) => `w${s}x${w}`);
    const end = ['.', '!', '?'][next() % 3]!;
    parts.push(`${words.join(' ')}${end}`);
    parts.push(next() % 5 === 0 ? '\n\n' : next() % 7 === 0 ? '  \t ' : ' ');
  }
  return `  ${parts.join('')}  `;
}

/** Asserts the structural invariants every chunking must have. */
function expectWellFormed(text: string, spans: Span[], maxWords: number): void {
  expect(spans.length).toBeGreaterThan(0);
  for (const [i, span] of spans.entries()) {
    const piece = text.slice(span.start, span.end);
    expect(piece.trim(), `chunk ${i} is empty`).not.toBe('');
    expect(wordsOf(piece).length, `chunk ${i} is too long`).toBeLessThanOrEqual(maxWords);
    expect(span.start).toBeGreaterThanOrEqual(0);
    expect(span.end).toBeLessThanOrEqual(text.length);
    if (i > 0) {
      const prev = spans[i - 1]!;
      // In order, no gaps, and every chunk brings something new.
      expect(span.start, `chunk ${i} starts before its predecessor`).toBeGreaterThan(prev.start);
      expect(span.end, `chunk ${i} adds nothing after its predecessor`).toBeGreaterThan(prev.end);
      // Only whitespace may fall between two chunks.
      expect(text.slice(prev.end, Math.max(prev.end, span.start)).trim(), `gap before chunk ${i}`).toBe('');
    }
  }
  // Every visible character is inside some chunk.
  for (let c = 0; c < text.length; c++) {
    if (/\s/.test(text[c]!)) continue;
    expect(
      spans.some((s) => s.start <= c && c < s.end),
      `character ${c} is in no chunk`,
    ).toBe(true);
  }
}

describe('chunkText', () => {
  it('keeps a short text as one chunk spanning all of it', () => {
    const text = 'The cat sits on the mat. It is asleep.';
    expect(chunkText(text)).toEqual([{ start: 0, end: text.length }]);
  });

  it('starts each chunk with the last sentence of the one before (one sentence of overlap)', () => {
    const text = FIVE_WORD.join(' ');
    // Two five-word sentences fit in 12 words, three do not.
    const spans = chunkText(text, 12);
    const pieces = slices(text, spans);
    expect(pieces.length).toBe(FIVE_WORD.length - 1);
    for (let i = 1; i < spans.length; i++) {
      const overlap = text.slice(spans[i]!.start, spans[i - 1]!.end).trim();
      expect(overlap, `overlap between chunks ${i - 1} and ${i}`).toBe(FIVE_WORD[i]);
      // The overlapping sentence is the previous chunk's last one and this chunk's first one.
      expect(pieces[i - 1]!.trim().endsWith(FIVE_WORD[i]!)).toBe(true);
      expect(pieces[i]!.trim().startsWith(FIVE_WORD[i]!)).toBe(true);
      // And exactly one sentence: the one before it is not repeated.
      expect(pieces[i]).not.toContain(FIVE_WORD[i - 1]);
    }
    expectWellFormed(text, spans, 12);
  });

  it('never emits a chunk that lies inside the one before it', () => {
    // The overlap sentence (6 words) and the next (8 words) do not fit together in 10 words: an
    // overlap chunk would be just "Four … nine." again, a chunk with nothing new in it.
    const text =
      'One two three. Four five six seven eight nine. Ten eleven twelve thirteen fourteen fifteen sixteen seventeen.';
    const pieces = slices(text, chunkText(text, 10)).map((p) => p.trim());
    expect(pieces).toEqual([
      'One two three. Four five six seven eight nine.',
      'Ten eleven twelve thirteen fourteen fifteen sixteen seventeen.',
    ]);
  });

  it.each([5, 8, 20, 40, 160])(
    'gives no empty chunks and covers the text in order (maxWords %i)',
    (maxWords) => {
      const text = mixedText();
      expectWellFormed(text, chunkText(text, maxWords), maxWords);
    },
  );

  it('gives no empty chunks for texts padded with blank lines and spaces', () => {
    for (const text of [
      '\n\n   Hello there.   \n\n\n  Second one here!  \n',
      '...',
      '😀 🎉',
      'Word',
      'A. B. C. D. E. F.',
      '\t\tTabs\tand\tspaces .  .  Then more words here .',
    ]) {
      for (const maxWords of [1, 2, 3, 160]) expectWellFormed(text, chunkText(text, maxWords), maxWords);
    }
  });

  it('cuts a giant single sentence at word boundaries', () => {
    const words = Array.from({ length: 500 }, (_, i) => `word${i}`);
    const text = words.join(' ');
    const spans = chunkText(text, 160);
    const pieces = slices(text, spans);
    expect(pieces.length).toBe(4);
    // No overlap inside one sentence, no word lost, doubled or cut in two.
    expect(pieces.flatMap(wordsOf)).toEqual(words);
    for (const span of spans) {
      expect(span.start === 0 || /\s/.test(text[span.start - 1]!)).toBe(true);
      expect(/\S/.test(text[span.start]!)).toBe(true);
      expect(span.end === text.length || /\S/.test(text[span.end]!)).toBe(true);
      expect(span.end === text.length || /\s/.test(text[span.end - 1]!)).toBe(true);
    }
    expect(pieces.map((p) => wordsOf(p).length)).toEqual([160, 160, 160, 20]);
    expectWellFormed(text, spans, 160);
  });

  it('handles a giant sentence between ordinary ones', () => {
    const giant = `${Array.from({ length: 75 }, (_, i) => `g${i}`).join(' ')}.`;
    const text = `Short start here. ${giant} Then a short end. And one more.`;
    const spans = chunkText(text, 20);
    expectWellFormed(text, spans, 20);
    // Every word of the giant sentence is in some chunk, each cut at a word boundary.
    const all = new Set(slices(text, spans).flatMap(wordsOf));
    for (let i = 0; i < 75; i++) expect(all.has(i === 74 ? 'g74.' : `g${i}`)).toBe(true);
  });
});
