import { describe, expect, it } from 'vitest';
import type { IndexedDocument } from '../../src/kb/document.ts';
import { GuildIndex } from '../../src/kb/guild-index.ts';
import { bits } from '../helpers/kb.ts';

const DIM = 8;

function unit(values: number[]): Float32Array {
  const n = Math.hypot(...values);
  return Float32Array.from(values, (v) => v / n);
}

/** Deterministic pseudo-random unit vectors. */
function vectorsFor(seed: number, count: number): Float32Array {
  const out = new Float32Array(count * DIM);
  let s = seed * 7919 + 17;
  for (let c = 0; c < count; c++) {
    const row = Array.from({ length: DIM }, () => {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      return s / 2 ** 31 - 0.5;
    });
    out.set(unit(row), c * DIM);
  }
  return out;
}

function doc(id: string, text: string, chunks = 1): IndexedDocument {
  const step = Math.max(1, Math.floor(text.length / chunks));
  return {
    v: 1,
    id,
    title: null,
    text,
    addedBy: 'tester',
    addedAt: '2024-01-01T00:00:00.000Z',
    model: { id: 'test', dtype: 'fp32', window: 256 },
    chunks: Array.from({ length: chunks }, (_, c) => ({
      start: Math.min(c * step, text.length),
      end: c === chunks - 1 ? text.length : Math.min((c + 1) * step, text.length),
    })),
  };
}

const rowsOf = (vectors: Float32Array): Float32Array[] =>
  Array.from({ length: vectors.length / DIM }, (_, r) => vectors.slice(r * DIM, (r + 1) * DIM));

describe('GuildIndex', () => {
  it('keeps the other documents’ vectors and ranking when one is removed (compaction)', () => {
    const index = new GuildIndex(DIM);
    const all = new Map<string, Float32Array>();
    // 40 documents of 1–4 chunks: over 64 rows, so the matrix also has to grow.
    for (let d = 0; d < 40; d++) {
      const vectors = vectorsFor(d, 1 + (d % 4));
      all.set(`d${d}`, vectors);
      index.add(doc(`d${d}`, `document number ${d} with some words`, 1 + (d % 4)), vectors);
    }
    const totalRows = [...all.values()].reduce((n, v) => n + v.length / DIM, 0);
    expect(totalRows).toBeGreaterThan(64);
    expect(index.chunkCount).toBe(totalRows);

    for (const id of ['d0', 'd17', 'd18', 'd39']) {
      expect(index.remove(id)?.id).toBe(id);
      all.delete(id);
    }
    expect(index.remove('d17')).toBeUndefined();
    expect(index.size).toBe(36);
    const rows = [...all.values()].reduce((n, v) => n + v.length / DIM, 0);
    expect(index.chunkCount).toBe(rows);
    expect(index.vectorBytes).toBe(rows * DIM * 4);
    expect(index.vectorsOf('d17')).toEqual([]);

    // Every remaining document still has exactly its own vectors, bit for bit.
    for (const [id, vectors] of all) {
      expect(index.vectorsOf(id).map(bits), id).toEqual(rowsOf(vectors).map(bits));
    }

    // Ranking is what an index built from scratch with the remaining documents gives.
    const fresh = new GuildIndex(DIM);
    for (const [id, vectors] of all) fresh.add(doc(id, `document ${id}`, vectors.length / DIM), vectors);
    for (let q = 0; q < 10; q++) {
      const query = vectorsFor(1000 + q, 1);
      const got = index.search(query, 36);
      expect(got).toEqual(fresh.search(query, 36));
      expect(got.map((h) => h.id)).not.toContain('d17');
    }

    // Removed ids can be added again, and come back in searches.
    const again = vectorsFor(4242, 2);
    index.add(doc('d17', 'document seventeen again', 2), again);
    expect(index.search(again.subarray(0, DIM), 1)[0]).toMatchObject({ id: 'd17', chunk: 0 });
    expect(index.search(again.subarray(DIM), 1)[0]).toMatchObject({ id: 'd17', chunk: 1 });
  });

  it('keeps special float32 values bit for bit through growth and compaction', () => {
    const special = new Float32Array([
      -0, 1e-45, 1.4e-45, 3.4028234663852886e38, -3.4028234663852886e38, 0.1, -2.5, 1,
    ]);
    const index = new GuildIndex(DIM);
    index.add(doc('before', 'before'), vectorsFor(1, 3));
    index.add(doc('special', 'special'), special);
    for (let d = 0; d < 70; d++) index.add(doc(`x${d}`, `filler ${d}`), vectorsFor(100 + d, 1));
    index.remove('before');
    const [kept] = index.vectorsOf('special');
    expect(kept).toBeDefined();
    expect(bits(kept!)).toEqual(bits(special));
    expect(Object.is(kept![0], -0)).toBe(true);
  });

  it('returns distinct documents, best first, each with its best chunk', () => {
    const q = unit([1, 0, 0, 0, 0, 0, 0, 0]);
    const index = new GuildIndex(DIM);
    // Ten chunks of "many" all beat "single"; they must not crowd it out of the top 2.
    const many = new Float32Array(10 * DIM);
    for (let c = 0; c < 10; c++) many.set(unit([1, 0.01 * (10 - c), 0, 0, 0, 0, 0, 0]), c * DIM);
    many.set(unit([1, 0.001, 0, 0, 0, 0, 0, 0]), 6 * DIM); // chunk 6 is the best
    index.add(doc('many', 'many chunks '.repeat(20), 10), many);
    index.add(doc('single', 'single'), unit([1, 0.5, 0, 0, 0, 0, 0, 0]));
    index.add(doc('far', 'far'), unit([0, 0, 1, 0, 0, 0, 0, 0]));
    index.add(doc('opposite', 'opposite'), unit([-1, 0, 0, 0, 0, 0, 0, 0]));

    const top2 = index.search(q, 2);
    expect(top2.map((h) => h.id)).toEqual(['many', 'single']);
    expect(top2[0]!.chunk).toBe(6);

    const allHits = index.search(q, 10);
    expect(allHits.map((h) => h.id)).toEqual(['many', 'single', 'far', 'opposite']);
    expect(new Set(allHits.map((h) => h.id)).size).toBe(allHits.length);
    for (let i = 1; i < allHits.length; i++) {
      expect(allHits[i]!.score).toBeLessThanOrEqual(allHits[i - 1]!.score);
    }
    expect(allHits[3]!.score).toBeCloseTo(-1, 6);
  });

  it('a bulk load lists documents in id order whatever order they came in, and builds no graph until it ends', async () => {
    const index = new GuildIndex(DIM, 5, { loading: true });
    const ids = ['m', 'c', 'x', 'a', 'q', 'b', 'z'];
    ids.forEach((id, i) => {
      index.add(doc(id, `document ${id}`), vectorsFor(i, 1));
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(index.approximate).toBe(false);
    index.finishLoad();
    expect([...index.docs.keys()]).toEqual([...ids].sort());
    for (let i = 0; i < 100 && !index.approximate; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(index.approximate).toBe(true);
    // Rows kept the order they arrived in; search still maps each row to its own document.
    ids.forEach((id, i) => {
      expect(index.search(vectorsFor(i, 1), 1)[0]).toMatchObject({ id, chunk: 0 });
    });
  });

  it('returns nothing (and does not hang) for k = 0 or an empty index', () => {
    const index = new GuildIndex(DIM);
    const q = unit([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(index.search(q, 3)).toEqual([]);
    index.add(doc('a', 'a'), vectorsFor(1, 2));
    expect(index.search(q, 0)).toEqual([]);
    expect(index.search(q, 1).length).toBe(1);
  });

  it('spots duplicates by their folded text (NFKC, whitespace), and forgets removed ones', () => {
    const index = new GuildIndex(DIM);
    index.add(doc('fw', 'Ｔｈｅ  ﬁnal\n\n answer\tis 42  '), vectorsFor(1, 1));
    expect(index.duplicateOf('The final answer is 42')).toBe('fw');
    expect(index.duplicateOf('  The   final answer is 42\n')).toBe('fw');
    expect(index.duplicateOf('The final answer is 43')).toBeUndefined();
    index.remove('fw');
    expect(index.duplicateOf('The final answer is 42')).toBeUndefined();
  });

  it('ranks exact keyword matches first and follows additions and removals', () => {
    const index = new GuildIndex(DIM);
    index.add(doc('cat', 'The cat sits on the mat.'), vectorsFor(1, 1));
    index.add(doc('market', 'The stock market fell sharply on Tuesday.'), vectorsFor(2, 1));
    index.add(
      doc('two', 'Nothing to see in this first part at all. The zebra crossing is on Tuesday.', 2),
      vectorsFor(3, 2),
    );
    expect(index.searchKeywords('zebra', 5)).toEqual([expect.objectContaining({ id: 'two', chunk: 1 })]);
    const tuesday = index.searchKeywords('market Tuesday', 5);
    expect(tuesday.map((h) => h.id)).toEqual(['market', 'two']);
    expect(tuesday[0]!.score).toBeGreaterThan(tuesday[1]!.score);
    expect(index.searchKeywords('unicorn', 5)).toEqual([]);

    index.add(doc('new', 'A unicorn appeared.'), vectorsFor(4, 1));
    expect(index.searchKeywords('unicorn', 5).map((h) => h.id)).toEqual(['new']);
    index.remove('market');
    expect(index.searchKeywords('market Tuesday', 5).map((h) => h.id)).toEqual(['two']);
  });
});
