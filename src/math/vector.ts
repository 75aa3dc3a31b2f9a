import { ZeroVectorError } from '../errors.ts';

/** A vector is any array-like of numbers; results are always new Float32Arrays. Inputs are never changed. */
export type Vector = ArrayLike<number>;

function sameLength(a: Vector, b: Vector): void {
  if (a.length !== b.length) {
    throw new RangeError(`Vectors have different lengths (${a.length} and ${b.length}).`);
  }
}

export function dot(a: Vector, b: Vector): number {
  sameLength(a, b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

export function norm(a: Vector): number {
  return Math.sqrt(dot(a, a));
}

export function cosine(a: Vector, b: Vector): number {
  const na = norm(a);
  const nb = norm(b);
  if (na === 0) throw new ZeroVectorError('first vector');
  if (nb === 0) throw new ZeroVectorError('second vector');
  // Rounding can push |cos| a hair past 1; keep it a valid cosine.
  return Math.max(-1, Math.min(1, dot(a, b) / (na * nb)));
}

export function euclidean(a: Vector, b: Vector): number {
  sameLength(a, b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  return Math.sqrt(sum);
}

export function add(a: Vector, b: Vector): Float32Array {
  sameLength(a, b);
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! + b[i]!;
  return out;
}

export function subtract(a: Vector, b: Vector): Float32Array {
  sameLength(a, b);
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! - b[i]!;
  return out;
}

export function scale(a: Vector, factor: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! * factor;
  return out;
}

export function normalize(a: Vector): Float32Array {
  const n = norm(a);
  if (n === 0) throw new ZeroVectorError();
  return scale(a, 1 / n);
}

export function mean(vectors: readonly Vector[]): Float32Array {
  const first = vectors[0];
  if (first === undefined) throw new RangeError('The mean of no vectors is undefined.');
  const out = new Float32Array(first.length);
  for (const v of vectors) {
    sameLength(first, v);
    for (let i = 0; i < v.length; i++) out[i]! += v[i]!;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= vectors.length;
  return out;
}

export interface Scored {
  index: number;
  score: number;
}

/**
 * The k rows of a row-major `matrix` (rows of `query.length` numbers) with the highest dot product
 * with `query`, best first; ties keep the lower index first. For unit rows and a unit query the
 * score is the cosine.
 */
export function topK(matrix: Float32Array, query: Vector, k: number): Scored[] {
  const dim = query.length;
  if (dim === 0) throw new RangeError('The query vector is empty.');
  if (matrix.length % dim !== 0) {
    throw new RangeError(`The matrix length ${matrix.length} is not a multiple of the dimension ${dim}.`);
  }
  const rows = matrix.length / dim;
  const limit = Math.max(0, Math.min(Math.floor(k), rows));
  const best: Scored[] = [];
  for (let r = 0; r < rows; r++) {
    let score = 0;
    const base = r * dim;
    for (let i = 0; i < dim; i++) score += matrix[base + i]! * query[i]!;
    if (best.length === limit && (limit === 0 || score <= best[limit - 1]!.score)) continue;
    // Insert keeping descending order; equal scores stay in index order.
    let at = best.length;
    while (at > 0 && best[at - 1]!.score < score) at--;
    best.splice(at, 0, { index: r, score });
    if (best.length > limit) best.pop();
  }
  return best;
}
