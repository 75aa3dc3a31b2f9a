import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { KnowledgeBase } from '../../src/kb/knowledge-base.ts';
import { silentLogger, tempDir } from '../helpers/kb.ts';
import { describeWithModel, realEmbedder } from '../helpers/model.ts';
import { LAST_PARAGRAPH_QUERY, LAST_PARAGRAPH_SENTENCE, LONG_DOCUMENT, PARAGRAPHS } from './long-document.ts';

const SHORT = {
  cat: 'The cat sits on the mat',
  market: 'The stock market fell sharply on Tuesday',
  python: 'Python is a programming language used for data science',
  garden: 'Tomatoes grow best in full sun with regular watering',
  train: 'The night train to Vienna departs from platform nine',
};

describeWithModel('knowledge-base search on the real model', () => {
  let embedder: Embedder;
  let temp: Awaited<ReturnType<typeof tempDir>>;
  let kb: KnowledgeBase;
  const ids: Record<string, string> = {};
  const G = '500';

  beforeAll(async () => {
    embedder = realEmbedder('fp32');
    temp = await tempDir();
    kb = new KnowledgeBase({ store: await temp.open(), embedder, logger: silentLogger() });
    for (const [name, text] of Object.entries(SHORT)) {
      ids[name] = (await kb.add(G, { text, addedBy: 'tester' })).id;
    }
  });

  afterAll(async () => {
    await embedder?.close();
    await temp?.cleanup();
  });

  it('finds "The cat sits on the mat" for "a kitten resting on a rug", above unrelated documents', async () => {
    const results = await kb.search(G, 'a kitten resting on a rug', 5, 'semantic');
    expect(results.length).toBe(5);
    expect(results[0]).toMatchObject({ id: ids.cat, snippet: SHORT.cat, weak: false, addedBy: 'tester' });
    const market = results.find((r) => r.id === ids.market)!;
    expect(results[0]!.score).toBeGreaterThan(market.score + 0.3);
    for (let i = 1; i < results.length; i++)
      expect(results[i]!.score).toBeLessThanOrEqual(results[i - 1]!.score);
    expect(new Set(results.map((r) => r.id)).size).toBe(5);
  });

  it('keyword mode ranks the exact-word match first and leaves out documents without the words', async () => {
    // By meaning, "feline" pulls the cat document first; by words only "Tuesday" matches.
    const semantic = await kb.search(G, 'feline Tuesday', 5, 'semantic');
    expect(semantic[0]!.id).toBe(ids.cat);
    const keyword = await kb.search(G, 'feline Tuesday', 5, 'keyword');
    expect(keyword.map((r) => r.id)).toEqual([ids.market]);
    expect(keyword[0]!.weak).toBe(false);

    const platform = await kb.search(G, 'platform', 5, 'keyword');
    expect(platform.map((r) => r.id)).toEqual([ids.train]);
    expect(platform[0]!.snippet).toBe(SHORT.train);
  });

  it('hybrid mode returns the union of both rankings, ranked sensibly', async () => {
    const semantic = await kb.search(G, 'feline Tuesday', 1, 'semantic');
    const keyword = await kb.search(G, 'feline Tuesday', 1, 'keyword');
    expect(semantic[0]!.id).not.toBe(keyword[0]!.id);
    const hybrid = await kb.search(G, 'feline Tuesday', 2, 'hybrid');
    // The top of each ranking makes it in; the one both rankings found (market: keyword 1st,
    // semantic 2nd) comes before the one only meaning found (cat: semantic 1st, no keyword match).
    expect(hybrid.map((r) => r.id)).toEqual([ids.market, ids.cat]);
    // The score shown is the cosine, so it agrees with semantic mode.
    const semanticAll = await kb.search(G, 'feline Tuesday', 5, 'semantic');
    for (const r of hybrid) {
      expect(r.score).toBeCloseTo(semanticAll.find((s) => s.id === r.id)!.score, 5);
    }

    // A document first in both rankings is first in hybrid.
    const both = await kb.search(G, 'cat on the mat', 3, 'hybrid');
    expect(both[0]!.id).toBe(ids.cat);
    // Every document of the server can be reached, each once.
    const all = await kb.search(G, 'feline Tuesday', 10, 'hybrid');
    expect(new Set(all.map((r) => r.id))).toEqual(new Set(Object.values(ids)));
    expect(all.length).toBe(Object.keys(ids).length);
  });

  it('marks results under the threshold as weak', async () => {
    const results = await kb.search(G, 'a kitten resting on a rug', 5, 'semantic');
    expect((await kb.settings(G)).threshold).toBe(0.3);
    for (const r of results) expect(r.weak, `${r.snippet}: ${r.score}`).toBe(r.score < 0.3);
    expect(results.some((r) => r.weak)).toBe(true);
    expect(results.some((r) => !r.weak)).toBe(true);

    const other = '501';
    await kb.add(other, { text: SHORT.cat, addedBy: 'tester' });
    await kb.add(other, { text: SHORT.market, addedBy: 'tester' });
    await kb.updateSettings(other, { threshold: 0.9 });
    const strict = await kb.search(other, 'a kitten resting on a rug', 5, 'semantic');
    expect(strict.map((r) => r.weak)).toEqual([true, true]);
    const hybrid = await kb.search(other, 'a kitten resting on a rug', 5, 'hybrid');
    expect(hybrid.every((r) => r.weak)).toBe(true);
    // The other server's setting does not change this one's.
    expect((await kb.search(G, 'a kitten resting on a rug', 1))[0]!.weak).toBe(false);
  });

  it('finds a long document by its last paragraph, with that paragraph as the snippet', async () => {
    const G2 = '502';
    const long = await kb.add(G2, { text: LONG_DOCUMENT, title: 'Fourteen topics', addedBy: 'tester' });
    for (const text of Object.values(SHORT)) await kb.add(G2, { text, addedBy: 'tester' });
    expect(long.chunks).toBeGreaterThan(1);

    const [stored] = (await kb.list(G2, 1, 100)).documents.filter((d) => d.id === long.id);
    expect(stored!.chunks.length).toBe(long.chunks);
    // No chunk was cut by the model's 256-token window.
    const embedded = await embedder.embedMany(stored!.chunks.map((c) => LONG_DOCUMENT.slice(c.start, c.end)));
    for (const [i, e] of embedded.entries()) {
      expect(e.truncated, `chunk ${i} (${e.tokens} tokens) was truncated`).toBe(false);
      expect(e.tokens).toBeLessThanOrEqual(256);
    }
    // The chunks cover the whole document, in order.
    expect(stored!.chunks[0]!.start).toBe(0);
    expect(stored!.chunks.at(-1)!.end).toBe(LONG_DOCUMENT.length);

    const results = await kb.search(G2, LAST_PARAGRAPH_QUERY, 3, 'semantic');
    expect(results[0]!.id).toBe(long.id);
    expect(results[0]!.title).toBe('Fourteen topics');
    const snippet = results[0]!.snippet;
    expect(snippet).toContain(LAST_PARAGRAPH_SENTENCE);
    expect(snippet).not.toContain(PARAGRAPHS[0]!.slice(0, 40));
    expect(LONG_DOCUMENT.indexOf(snippet)).toBeGreaterThan(LONG_DOCUMENT.indexOf(PARAGRAPHS.at(-2)!));

    // Keyword and hybrid modes point at the same passage.
    for (const mode of ['keyword', 'hybrid'] as const) {
      const [top] = await kb.search(G2, 'beekeeper honey extractor frames', 3, mode);
      expect(top!.id, mode).toBe(long.id);
      expect(top!.snippet, mode).toContain('extractor');
    }
  });
});
