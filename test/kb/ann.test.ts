import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { AnnIndex } from '../../src/kb/ann.ts';
import { GuildIndex } from '../../src/kb/guild-index.ts';
import { topK } from '../../src/math/vector.ts';
import { indexedDocument } from '../helpers/kb.ts';
import { mulberry32 } from '../helpers/random.ts';

const DIM = 384;

/** Unit vectors around `clusters` random centres: structured like sentence embeddings, unlike pure noise. */
function clusteredVectors(count: number, clusters: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: clusters }, () => Float32Array.from({ length: DIM }, gauss));
  const out = new Float32Array(count * DIM);
  for (let i = 0; i < count; i++) {
    const c = centres[Math.floor(random() * clusters)]!;
    let n = 0;
    for (let d = 0; d < DIM; d++) {
      const v = c[d]! + 0.6 * gauss();
      out[i * DIM + d] = v;
      n += v * v;
    }
    n = Math.sqrt(n);
    for (let d = 0; d < DIM; d++) out[i * DIM + d]! /= n;
  }
  return out;
}

const doc = indexedDocument;

function fill(index: GuildIndex, vectors: Float32Array): void {
  const n = vectors.length / DIM;
  for (let i = 0; i < n; i++)
    index.add(doc(String(i).padStart(6, '0')), vectors.subarray(i * DIM, (i + 1) * DIM));
}

describe('HNSW above the size threshold', () => {
  it('has recall@10 ≥ 0.95 against exact search', () => {
    const vectors = clusteredVectors(6000, 60, 1);
    const index = new GuildIndex(DIM, 1_000_000);
    fill(index, vectors);
    const queries = clusteredVectors(60, 60, 2);
    const exact = [];
    for (let q = 0; q < 60; q++) exact.push(index.search(queries.subarray(q * DIM, (q + 1) * DIM), 10));
    expect(index.approximate).toBe(false);
    index.buildAnnNow();
    expect(index.approximate).toBe(true);
    let found = 0;
    for (let q = 0; q < 60; q++) {
      const approx = new Set(index.search(queries.subarray(q * DIM, (q + 1) * DIM), 10).map((h) => h.id));
      found += exact[q]!.filter((h) => approx.has(h.id)).length;
    }
    const recall = found / 600;
    console.log(`HNSW recall@10 over 6,000 vectors: ${recall.toFixed(3)}`);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    // Scores are exact cosines, read from the matrixmates.
    const q0 = queries.subarray(0, DIM);
    const top = index.search(q0, 1)[0]!;
    const best = topK(vectors, q0, 1)[0]!;
    if (top.id === String(best.index).padStart(6, '0')) expect(top.score).toBeCloseTo(best.score, 6);
  });

  it('builds in the background once past the threshold, and rebuilds after a removal', async () => {
    const index = new GuildIndex(DIM, 500);
    fill(index, clusteredVectors(800, 20, 3));
    expect(index.approximate).toBe(false);
    for (let i = 0; i < 200 && !index.approximate; i++) await sleep(10);
    expect(index.approximate).toBe(true);
    // A removal leaves a tombstone: the graph stays in use and never returns the removed document.
    index.remove('000005');
    expect(index.approximate).toBe(true);
    expect(index.chunkCount).toBe(799);
    const everything = index.search(clusteredVectors(1, 20, 3), 800).map((h) => h.id);
    expect(everything).toHaveLength(799);
    expect(everything).not.toContain('000005');
    // Once tombstones pass a quarter of the rows, the rows are compacted and the graph rebuilt.
    for (let i = 10; i < 209; i++) index.remove(String(i).padStart(6, '0'));
    expect(index.approximate).toBe(true);
    index.remove('000210');
    expect(index.approximate).toBe(false);
    expect(index.chunkCount).toBe(599);
    for (let i = 0; i < 200 && !index.approximate; i++) await sleep(10);
    expect(index.approximate).toBe(true);
    const after = index.search(clusteredVectors(1, 20, 3), 800).map((h) => h.id);
    expect(after).toHaveLength(599);
    expect(after).not.toContain('000005');
    expect(after).not.toContain('000210');
  });

  it('with tombstones, results are what an index of the remaining documents gives', () => {
    const vectors = clusteredVectors(3000, 30, 9);
    const index = new GuildIndex(DIM, 1_000_000);
    fill(index, vectors);
    index.buildAnnNow();
    const fresh = new GuildIndex(DIM, 1_000_000);
    for (let i = 0; i < 3000; i++) {
      if (i % 7 === 0) index.remove(String(i).padStart(6, '0'));
      else fresh.add(doc(String(i).padStart(6, '0')), vectors.subarray(i * DIM, (i + 1) * DIM));
    }
    expect(index.approximate).toBe(true);
    const queries = clusteredVectors(20, 30, 10);
    let found = 0;
    for (let q = 0; q < 20; q++) {
      const query = queries.subarray(q * DIM, (q + 1) * DIM);
      const exact = fresh.search(query, 10).map((h) => h.id);
      const approx = index.search(query, 10);
      expect(approx).toHaveLength(10);
      for (const h of approx) expect(Number(h.id) % 7).not.toBe(0);
      found += approx.filter((h) => exact.includes(h.id)).length;
    }
    expect(found / 200).toBeGreaterThanOrEqual(0.95);
  });
});

describe('AnnIndex (the native graph)', () => {
  it('holds links only: far fewer bytes than the vectors it indexes', () => {
    const rows = 2000;
    const vectors = clusteredVectors(rows, 20, 4);
    const ann = new AnnIndex(DIM);
    ann.addFrom(vectors, rows, rows);
    expect(ann.added).toBe(rows);
    console.log(`graph ${ann.memoryBytes} bytes for ${rows * DIM * 4} bytes of vectors`);
    expect(ann.memoryBytes).toBeLessThan((rows * DIM * 4) / 4);
  });

  it('reads the matrix it is given at search time, not a copy taken when rows were added', () => {
    const vectors = clusteredVectors(500, 5, 5);
    const ann = new AnnIndex(DIM);
    ann.addFrom(vectors, 500, 500);
    const query = vectors.slice(42 * DIM, 43 * DIM);
    expect(ann.nearest(vectors, query, 1)).toEqual([42]);
    // Move row 42's vector to row 7 in a second matrix: the graph must now answer 7.
    const moved = vectors.slice();
    moved.copyWithin(7 * DIM, 42 * DIM, 43 * DIM);
    moved.set(vectors.subarray(7 * DIM, 8 * DIM), 42 * DIM);
    expect(ann.nearest(moved, query, 1)[0]).toBe(7);
  });

  it('adds in slices, never past the rows it is told about', () => {
    const vectors = clusteredVectors(300, 3, 6);
    const ann = new AnnIndex(DIM);
    ann.addFrom(vectors, 250, 100);
    expect(ann.added).toBe(100);
    ann.addFrom(vectors, 250, 1000);
    expect(ann.added).toBe(250);
    expect(Math.max(...ann.nearest(vectors, vectors.subarray(299 * DIM, 300 * DIM), 250))).toBeLessThan(250);
  });

  it('frees its memory on close, and refuses to be used afterwards', () => {
    const vectors = clusteredVectors(200, 2, 8);
    const ann = new AnnIndex(DIM);
    ann.addFrom(vectors, 200, 200);
    expect(ann.memoryBytes).toBeGreaterThan(0);
    ann.close();
    expect(ann.memoryBytes).toBe(0);
    expect(ann.added).toBe(0);
    expect(() => ann.nearest(vectors, vectors.subarray(0, DIM), 5)).toThrow(/closed/);
    expect(() => ann.addFrom(vectors, 200, 10)).toThrow(/closed/);
  });

  it('refuses a query or a matrix of the wrong size instead of reading past it', () => {
    const vectors = clusteredVectors(100, 2, 7);
    const ann = new AnnIndex(DIM);
    ann.addFrom(vectors, 100, 100);
    expect(() => ann.nearest(vectors, new Float32Array(DIM - 1), 5)).toThrow(/dimensions/);
    expect(() => ann.nearest(vectors.subarray(0, 50 * DIM), vectors.subarray(0, DIM), 5)).toThrow(
      /beyond the matrix/,
    );
    expect(() => new AnnIndex(DIM).addFrom(vectors.subarray(0, 10 * DIM), 20, 20)).toThrow(
      /exceed the matrix/,
    );
    expect(() => ann.nearest(vectors, vectors.subarray(0, DIM), Number.NaN)).toThrow(/whole number/);
    expect(() => new AnnIndex(Number.NaN)).toThrow(/whole number/);
  });
});
