import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAQ } from '../../eval/data/faq.ts';
import { LONG } from '../../eval/data/long.ts';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { KnowledgeBase } from '../../src/kb/knowledge-base.ts';
import { centroidCosine, DOCUMENT_WEIGHT, rerankByDocument } from '../../src/kb/rerank.ts';
import { silentLogger, tempDir } from '../helpers/kb.ts';
import { describeWithModel, realEmbedder } from '../helpers/model.ts';

const unit = (...xs: number[]) => {
  const n = Math.hypot(...xs);
  return Float32Array.from(xs.map((x) => x / n));
};

describe('rerankByDocument', () => {
  const query = unit(1, 0, 0);
  // "long": one window near the query, three far from it; "short": one window, a little less near.
  const vectors: Record<string, Float32Array[]> = {
    long: [unit(0.5, 0.866, 0), unit(0, 1, 0), unit(0, 0, 1), unit(0, 1, 1)],
    short: [unit(0.45, 0.893, 0)],
  };
  const hits = [
    { id: 'long', chunk: 0, score: 0.5 },
    { id: 'short', chunk: 0, score: 0.45 },
  ];

  it('lets a document that is about the question as a whole beat one stray window', () => {
    const ranked = rerankByDocument(hits, query, (id) => vectors[id]!, 2, 0.3);
    expect(ranked.map((h) => h.id)).toEqual(['short', 'long']);
    // The score shown stays the best window's cosine.
    expect(ranked.map((h) => h.score)).toEqual([0.45, 0.5]);
  });

  it('keeps the best-window order at weight 0, and returns at most k', () => {
    expect(rerankByDocument(hits, query, (id) => vectors[id]!, 2, 0)).toEqual(hits);
    expect(rerankByDocument(hits, query, (id) => vectors[id]!, 1, 0.3).map((h) => h.id)).toEqual(['short']);
  });

  it('centroidCosine is the cosine with the normalised sum of the windows', () => {
    const sum = [0.5 + 0 + 0 + 0, 0.866 + 1 + 0 + Math.SQRT1_2, 0 + 0 + 1 + Math.SQRT1_2];
    expect(centroidCosine(query, vectors.long!)).toBeCloseTo(sum[0]! / Math.hypot(...sum), 3);
    expect(centroidCosine(query, [])).toBe(0);
  });
});

describeWithModel('document weight on the real model', () => {
  let embedder: Embedder;
  let temp: Awaited<ReturnType<typeof tempDir>>;
  const G = '710';
  const ids = new Map<string, string>();
  let store: Awaited<ReturnType<Awaited<ReturnType<typeof tempDir>>['open']>>;

  beforeAll(async () => {
    embedder = realEmbedder('fp32');
    temp = await tempDir();
    store = await temp.open();
    const kb = new KnowledgeBase({ store, embedder, logger: silentLogger() });
    const faq = FAQ.find((f) => f.id === '2fa')!;
    const privacy = LONG.find((l) => l.id === 'privacy')!;
    ids.set('2fa', (await kb.add(G, { text: faq.text, title: faq.title, addedBy: 'u' })).id);
    ids.set(
      'privacy',
      (await kb.add(G, { text: privacy.paragraphs.join('\n\n'), title: privacy.title, addedBy: 'u' })).id,
    );
  });

  afterAll(async () => {
    await embedder?.close();
    await temp?.cleanup();
  });

  const first = async (documentWeight?: number) => {
    const kb = new KnowledgeBase({
      store,
      embedder,
      logger: silentLogger(),
      ...(documentWeight === undefined ? {} : { documentWeight }),
    });
    return (await kb.search(G, 'how do I add an extra verification step when signing in', 2))[0]!.id;
  };

  it('finds the 2FA entry, which one window of the long privacy notice outscores', async () => {
    expect(DOCUMENT_WEIGHT).toBeGreaterThan(0);
    expect(await first()).toBe(ids.get('2fa'));
    // Best window alone (as before): a privacy-notice window wins.
    expect(await first(0)).toBe(ids.get('privacy'));
  });
});
