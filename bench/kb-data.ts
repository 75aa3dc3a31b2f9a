// Deterministic stand-ins for a large knowledge base: unit vectors scattered around topic centres
// (shaped like real sentence embeddings) and short documents.
import type { IndexedDocument } from '../src/kb/document.ts';

const DIM = 384;
const CLUSTERS = 500;
/** Documents in the memory figure (resident memory per 100k documents). */
export const MEMORY_DOCUMENTS = 100_000;

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const gaussian = (random: () => number) => () =>
  Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());

const centres: Float32Array[] = (() => {
  const g = gaussian(mulberry32(7));
  return Array.from({ length: CLUSTERS }, () => Float32Array.from({ length: DIM }, g));
})();

/** Row `i` (any integer; different seeds give different sets), written into `out`. */
export function clusteredRow(i: number, out = new Float32Array(DIM)): Float32Array {
  const random = mulberry32(i * 2654435761);
  const g = gaussian(random);
  const c = centres[Math.floor(random() * CLUSTERS)]!;
  let n = 0;
  for (let d = 0; d < DIM; d++) {
    const v = c[d]! + 0.6 * g();
    out[d] = v;
    n += v * v;
  }
  const s = 1 / Math.sqrt(n);
  for (let d = 0; d < DIM; d++) out[d]! *= s;
  return out;
}

export function clustered(count: number, offset: number): Float32Array {
  const out = new Float32Array(count * DIM);
  for (let i = 0; i < count; i++) clusteredRow(offset + i, out.subarray(i * DIM, (i + 1) * DIM));
  return out;
}

export function document(i: number): IndexedDocument {
  const text = `Document ${i}: a short note about topic ${i % 997} with a few words of detail.`;
  return {
    v: 1,
    id: i.toString(36).padStart(8, '0'),
    title: null,
    text,
    // Fifty authors, one note a minute: distinct strings, as a store hands them back.
    addedBy: String(100000000000000000n + BigInt(i % 50)),
    addedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    model: { id: 'Xenova/all-MiniLM-L6-v2', dtype: 'fp32', window: 256 },
    chunks: [{ start: 0, end: text.length }],
  };
}
