import { round, verdict } from '../verdict.ts';
import { cosine, dot, euclidean, type Vector } from './vector.ts';

/** The numbers /similar shows for two vectors, rounded once; /explain shows the same ones. */
export function compareVectors(
  a: Vector,
  b: Vector,
): { cosine: number; euclidean: number; dot: number; verdict: string } {
  // The verdict reads the rounded cosine, so the words always match the number shown.
  const c = round(cosine(a, b));
  return { cosine: c, euclidean: round(euclidean(a, b)), dot: round(dot(a, b)), verdict: verdict(c) };
}
