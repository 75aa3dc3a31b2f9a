import type { ChunkHit } from './guild-index.ts';

/**
 * How much the whole document counts next to its best window when documents are ranked by meaning
 * (chosen with `npm run eval`, "Document weight" table). A document is ranked by
 * `best window cosine + DOCUMENT_WEIGHT × cosine(query, the document's mean window)`: one stray
 * sentence of a long guide that happens to sit near the question no longer beats a short entry
 * that is about it as a whole, while a buried fact still wins through its own window. The score
 * shown (and used by the auto-answer decision) stays the best window's cosine.
 */
export const DOCUMENT_WEIGHT = 0.3;

/** Candidate documents re-ranked per result wanted (the rest keep the order of their best window). */
export const RERANK_POOL = 4;

/**
 * Re-ranks document hits (best window first) by best window + `weight` × the query's cosine with
 * the document's centroid (the normalised sum of its window vectors), keeping each hit's score.
 * `vectorsOf` gives a document's window vectors (unit length); `query` is a unit vector.
 */
export function rerankByDocument(
  hits: readonly ChunkHit[],
  query: Float32Array,
  vectorsOf: (id: string) => Float32Array[],
  k: number,
  weight = DOCUMENT_WEIGHT,
): ChunkHit[] {
  if (weight === 0) return hits.slice(0, k);
  const ranked = hits.map((hit, order) => ({
    hit,
    order,
    rank: hit.score + weight * centroidCosine(query, vectorsOf(hit.id)),
  }));
  ranked.sort((a, b) => b.rank - a.rank || a.order - b.order);
  return ranked.slice(0, k).map((r) => r.hit);
}

/** cos(query, Σ windows): Σ cos(query, window) ÷ ‖Σ windows‖, for unit vectors. */
export function centroidCosine(query: Float32Array, vectors: readonly Float32Array[]): number {
  const first = vectors[0];
  if (!first) return 0;
  const sum = new Float32Array(first.length);
  for (const v of vectors) for (let d = 0; d < sum.length; d++) sum[d]! += v[d]!;
  let dot = 0;
  let norm = 0;
  for (let d = 0; d < sum.length; d++) {
    dot += sum[d]! * query[d]!;
    norm += sum[d]! * sum[d]!;
  }
  return norm > 0 ? dot / Math.sqrt(norm) : 0;
}
