import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { DEMO_DOCUMENTS } from '../../src/kb/demo.ts';
import { KnowledgeBase, MAX_DOCUMENT, MAX_TITLE } from '../../src/kb/knowledge-base.ts';
import { silentLogger, tempDir } from '../helpers/kb.ts';
import { describeWithModel, realEmbedder } from '../helpers/model.ts';

const QUERY = 'How do computers learn from data?';
const ML = 'Machine learning in one paragraph';
const G = '700';
/** What /kb demo imports: one JSON object per line. */
const DEMO_JSONL = DEMO_DOCUMENTS.map((d) => JSON.stringify(d)).join('\n');

it('the demo set is well formed: unique titles and texts, within the limits', () => {
  expect(DEMO_DOCUMENTS.length).toBeGreaterThanOrEqual(5);
  expect(new Set(DEMO_DOCUMENTS.map((d) => d.title)).size).toBe(DEMO_DOCUMENTS.length);
  expect(new Set(DEMO_DOCUMENTS.map((d) => d.text)).size).toBe(DEMO_DOCUMENTS.length);
  for (const d of DEMO_DOCUMENTS) {
    expect(d.title.length).toBeLessThanOrEqual(MAX_TITLE);
    expect(d.text.length).toBeLessThanOrEqual(MAX_DOCUMENT);
    expect(d.text.trim()).toBe(d.text);
  }
  expect(DEMO_DOCUMENTS.map((d) => d.title)).toContain(ML);
});

describeWithModel('the demo knowledge base on the real model', () => {
  let embedder: Embedder;
  let temp: Awaited<ReturnType<typeof tempDir>>;
  let kb: KnowledgeBase;

  beforeAll(async () => {
    embedder = realEmbedder('fp32');
    temp = await tempDir();
    kb = new KnowledgeBase({ store: await temp.open(), embedder, logger: silentLogger() });
  });

  afterAll(async () => {
    await embedder?.close();
    await temp?.cleanup();
  });

  it('imports every demo document, each with its title and text', async () => {
    const r = await kb.import(G, DEMO_JSONL, 'demo-user');
    expect(r).toEqual({ added: DEMO_DOCUMENTS.length, errors: [] });
    const list = await kb.list(G, 1, 100);
    expect(list.total).toBe(DEMO_DOCUMENTS.length);
    const stored = list.documents
      .map((d) => ({ title: d.title, text: d.text }))
      .sort((a, b) => a.title!.localeCompare(b.title!));
    expect(stored).toEqual([...DEMO_DOCUMENTS].sort((a, b) => a.title.localeCompare(b.title)));
    expect(list.documents.every((d) => d.addedBy === 'demo-user')).toBe(true);
  });

  it(`"${QUERY}" ranks "${ML}" in the top 3`, async () => {
    const results = await kb.search(G, QUERY, DEMO_DOCUMENTS.length, 'semantic');
    console.log(
      `Ranking for "${QUERY}":\n${results
        .map((r, i) => `  ${i + 1}. ${r.score.toFixed(3)}${r.weak ? ' (weak)' : '       '} ${r.title}`)
        .join('\n')}`,
    );
    // Every document is ranked once, best first.
    expect(results).toHaveLength(DEMO_DOCUMENTS.length);
    expect(new Set(results.map((r) => r.id)).size).toBe(DEMO_DOCUMENTS.length);
    for (let i = 1; i < results.length; i++)
      expect(results[i]!.score).toBeLessThanOrEqual(results[i - 1]!.score);
    const top3 = results.slice(0, 3).map((r) => r.title);
    expect(top3).toContain(ML);
    const ml = results.find((r) => r.title === ML)!;
    expect(ml.weak).toBe(false);
    expect(ml.score).toBeGreaterThan(0.3);
    // A short document is one chunk: the snippet is the whole text.
    expect(ml.snippet).toBe(DEMO_DOCUMENTS.find((d) => d.title === ML)!.text);
  });

  it('running the demo twice adds nothing: every document is refused as an exact duplicate', async () => {
    const again = await kb.import(G, DEMO_JSONL, 'demo-user');
    expect(again.added).toBe(0);
    expect(again.errors).toEqual(
      DEMO_DOCUMENTS.map((d, i) => ({
        line: i + 1,
        message: expect.stringMatching(
          new RegExp(
            `^That text is already in the knowledge base as "${escapeRegExp(d.title)}" \\(id \\w+\\)\\.$`,
          ),
        ) as unknown as string,
        duplicate: true,
      })),
    );
    expect((await kb.list(G)).total).toBe(DEMO_DOCUMENTS.length);

    // Still no duplicates when the index is read back from the store (as after a restart).
    kb.forget();
    const third = await kb.import(G, DEMO_JSONL, 'someone-else');
    expect(third.added).toBe(0);
    expect(third.errors).toHaveLength(DEMO_DOCUMENTS.length);
    expect((await kb.list(G)).total).toBe(DEMO_DOCUMENTS.length);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
