import type { Vector } from '../math/vector.ts';

/** The two directions along which a set of vectors spreads the most, to draw them flat. */
export interface Pca {
  mean: Float64Array;
  /** Two unit directions (the second orthogonal to the first); a zero vector when there is no spread. */
  axes: [Float64Array, Float64Array];
  /** Variance along each axis. */
  variance: [number, number];
  /** Total variance over every dimension; variance[k] / total is the share an axis keeps. */
  total: number;
}

// Near-equal spreads along two directions make the iteration wander between them without
// changing the picture much: stop after a bounded number of steps (each costs 2·n·dim).
const MAX_ITERATIONS = 100;
const TOLERANCE = 1e-14;

function dotF(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function unit(v: Float64Array): number {
  const n = Math.sqrt(dotF(v, v));
  if (n > 0) for (let i = 0; i < v.length; i++) v[i]! /= n;
  return n;
}

/** Removes from `v` its components along `axes` (Gram-Schmidt). */
function orthogonalise(v: Float64Array, axes: readonly Float64Array[]): void {
  for (const axis of axes) {
    const d = dotF(v, axis);
    for (let i = 0; i < v.length; i++) v[i]! -= d * axis[i]!;
  }
}

/**
 * The covariance matrix times `v`, without forming the matrix: Σ xᵢ (xᵢ · v) / n over the
 * centred rows.
 */
function covarianceTimes(rows: readonly Float64Array[], v: Float64Array): Float64Array {
  const out = new Float64Array(v.length);
  for (const row of rows) {
    const d = dotF(row, v);
    for (let i = 0; i < out.length; i++) out[i]! += d * row[i]!;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= rows.length;
  return out;
}

/**
 * The top eigenvector of the covariance orthogonal to `found`, by power iteration. It starts from
 * the centred row that is longest once `found` is removed, so the result depends only on the data.
 */
function topAxis(rows: readonly Float64Array[], found: readonly Float64Array[]): [Float64Array, number] {
  const dim = rows[0]!.length;
  let start: Float64Array | undefined;
  let longest = 0;
  for (const row of rows) {
    const v = Float64Array.from(row);
    orthogonalise(v, found);
    const n = dotF(v, v);
    if (n > longest * (1 + 1e-9)) {
      longest = n;
      start = v;
    }
  }
  if (!start || longest < 1e-20) return [new Float64Array(dim), 0];
  let v = start;
  unit(v);
  let value = 0;
  for (let k = 0; k < MAX_ITERATIONS; k++) {
    const next = covarianceTimes(rows, v);
    orthogonalise(next, found);
    const norm = unit(next);
    if (norm === 0) return [new Float64Array(dim), 0];
    const change = 1 - Math.abs(dotF(next, v));
    v = next;
    value = norm;
    if (change < TOLERANCE) break;
  }
  // A sign both runs agree on: the largest component is positive.
  let big = 0;
  for (let i = 1; i < v.length; i++) if (Math.abs(v[i]!) > Math.abs(v[big]!)) big = i;
  if (v[big]! < 0) for (let i = 0; i < v.length; i++) v[i] = -v[i]!;
  return [v, value];
}

/** Principal component analysis down to two axes (pure; the input is not changed). */
export function fitPca(vectors: readonly Vector[]): Pca {
  const first = vectors[0];
  if (first === undefined) throw new RangeError('PCA needs at least one vector.');
  const dim = first.length;
  const mean = new Float64Array(dim);
  for (const v of vectors) {
    if (v.length !== dim) throw new RangeError(`Vectors have different lengths (${dim} and ${v.length}).`);
    for (let i = 0; i < dim; i++) mean[i]! += v[i]!;
  }
  for (let i = 0; i < dim; i++) mean[i]! /= vectors.length;
  const rows = vectors.map((v) => {
    const row = new Float64Array(dim);
    for (let i = 0; i < dim; i++) row[i] = v[i]! - mean[i]!;
    return row;
  });
  let total = 0;
  for (const row of rows) total += dotF(row, row);
  total /= rows.length;
  const [a1, v1] = topAxis(rows, []);
  const [a2, v2] = topAxis(rows, v1 > 0 ? [a1] : []);
  return { mean, axes: [a1, a2], variance: [v1, v2], total };
}

/** Where a vector lands on the two axes. */
export function project(pca: Pca, v: Vector): [number, number] {
  let x = 0;
  let y = 0;
  const [a1, a2] = pca.axes;
  for (let i = 0; i < pca.mean.length; i++) {
    const d = v[i]! - pca.mean[i]!;
    x += d * a1[i]!;
    y += d * a2[i]!;
  }
  return [x, y];
}

/** Fits on `vectors` and returns each one's 2-D position, with the share of the spread kept. */
export function pca2(vectors: readonly Vector[]): { points: [number, number][]; kept: number; pca: Pca } {
  const pca = fitPca(vectors);
  const kept = pca.total > 0 ? (pca.variance[0] + pca.variance[1]) / pca.total : 1;
  return { points: vectors.map((v) => project(pca, v)), kept: Math.min(1, kept), pca };
}
