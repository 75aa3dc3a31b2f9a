import { dot } from '../math/vector.ts';

/**
 * Groups unit vectors by meaning, as sentence-transformers' `util.community_detection` does: every
 * point whose `minSize`-th nearest neighbour (itself included) is at least `threshold` similar seeds
 * a community of all points at or above `threshold`, nearest first; the communities are then taken
 * greedily, largest first, each keeping only points no earlier community took, and kept if at least
 * `minSize` remain. Returns indexes, the largest community first, each led by its centre.
 */
export function communityDetection(
  vectors: readonly Float32Array[],
  threshold = 0.75,
  minSize = 10,
): number[][] {
  const n = vectors.length;
  if (n === 0) return [];
  const min = Math.max(1, Math.min(minSize, n));
  const extracted: number[][] = [];
  for (let i = 0; i < n; i++) {
    const scores = vectors.map((v, j) => ({ j, s: dot(vectors[i]!, v) }));
    scores.sort((a, b) => b.s - a.s || a.j - b.j);
    if (scores[min - 1]!.s < threshold) continue;
    extracted.push(scores.filter((x) => x.s >= threshold).map((x) => x.j));
  }
  // A stable sort: among equal sizes, the earlier seed comes first, as in Python's sorted().
  extracted.sort((a, b) => b.length - a.length);
  const taken = new Set<number>();
  const unique: number[][] = [];
  for (const community of extracted) {
    const rest = community.filter((j) => !taken.has(j));
    if (rest.length >= min) {
      unique.push(rest);
      for (const j of rest) taken.add(j);
    }
  }
  return unique.sort((a, b) => b.length - a.length);
}
