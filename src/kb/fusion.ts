import { cosine } from '../math/vector.ts';
import type { ChunkHit, GuildIndex } from './guild-index.ts';

/** Reciprocal rank fusion (k = 60) of the semantic and keyword rankings; the score shown is the cosine. */
export function fuse(
  semantic: ChunkHit[],
  keyword: ChunkHit[],
  k: number,
  index: GuildIndex,
  query: Float32Array,
): ChunkHit[] {
  const fused = new Map<string, { rrf: number; chunk: number }>();
  const addRanking = (hits: ChunkHit[]) =>
    hits.forEach((hit, rank) => {
      const entry = fused.get(hit.id) ?? { rrf: 0, chunk: hit.chunk };
      entry.rrf += 1 / (60 + rank + 1);
      fused.set(hit.id, entry);
    });
  addRanking(semantic);
  addRanking(keyword);
  return [...fused]
    .sort((a, b) => b[1].rrf - a[1].rrf)
    .slice(0, k)
    .map(([id, { chunk }]) => {
      const vectors = index.vectorsOf(id);
      return { id, chunk, score: Math.max(...vectors.map((v) => cosine(v, query))) };
    });
}
