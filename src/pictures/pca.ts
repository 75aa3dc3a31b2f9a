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
const MAX_ITERATIONS = 50;
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

/** Σ xᵢ (xᵢ · v) / n over `rows`: the covariance times `v`, without forming the matrix. */
function covarianceTimes(rows: readonly Float64Array[], v: Float64Array): Float64Array {
  const out = new Float64Array(v.length);
  for (const row of rows) {
    const d = dotF(row, v);
    for (let i = 0; i < out.length; i++) out[i]! += d * row[i]!;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= rows.length;
  return out;
}

/** A symmetric n×n matrix (row-major) times `v`. */
function matrixTimes(m: Float64Array, n: number, v: Float64Array): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const base = i * n;
    for (let j = 0; j < n; j++) s += m[base + j]! * v[j]!;
    out[i] = s;
  }
  return out;
}

/**
 * The top eigenvector of a symmetric positive semi-definite operator, orthogonal to `found`, by
 * power iteration from `start` (copied). Returns it with its eigenvalue; zero when nothing is left.
 */
function powerIteration(
  times: (v: Float64Array) => Float64Array,
  start: Float64Array,
  found: readonly Float64Array[],
): [Float64Array, number] {
  let v: Float64Array = Float64Array.from(start);
  orthogonalise(v, found);
  if (unit(v) < 1e-10) return [new Float64Array(v.length), 0];
  let value = 0;
  for (let k = 0; k < MAX_ITERATIONS; k++) {
    const next = times(v);
    orthogonalise(next, found);
    const size = unit(next);
    if (size < 1e-20) return [new Float64Array(v.length), 0];
    const change = 1 - Math.abs(dotF(next, v));
    v = next;
    value = size;
    if (change < TOLERANCE) break;
  }
  return [v, value];
}

/** The candidate (of `options`) longest once `found` is removed: a start the data decides alone. */
function longest(options: readonly Float64Array[], found: readonly Float64Array[]): Float64Array | undefined {
  let best: Float64Array | undefined;
  let size = 0;
  for (const option of options) {
    const v = Float64Array.from(option);
    orthogonalise(v, found);
    const n = dotF(v, v);
    if (n > size * (1 + 1e-9)) {
      size = n;
      best = option;
    }
  }
  return size < 1e-20 ? undefined : best;
}

/** A sign both runs agree on: the largest component is positive. */
function orient(v: Float64Array): Float64Array {
  let big = 0;
  for (let i = 1; i < v.length; i++) if (Math.abs(v[i]!) > Math.abs(v[big]!)) big = i;
  if (v[big]! < 0) for (let i = 0; i < v.length; i++) v[i] = -v[i]!;
  return v;
}

/**
 * The two top eigenvectors of the covariance of `rows` (centred), with their eigenvalues. With
 * fewer rows than dimensions it works on the n×n Gram matrix instead (same eigenvalues, far less
 * work): an eigenvector u of X·Xᵀ/n gives the axis Xᵀ·u.
 */
function topAxes(rows: readonly Float64Array[], dim: number): [Float64Array, number][] {
  const n = rows.length;
  const axes: [Float64Array, number][] = [];
  if (n > dim) {
    const found: Float64Array[] = [];
    for (let k = 0; k < 2; k++) {
      const start = longest(rows, found);
      const [axis, value] = start
        ? powerIteration((v) => covarianceTimes(rows, v), start, found)
        : [new Float64Array(dim), 0];
      axes.push([orient(axis), value]);
      if (value > 0) found.push(axis);
    }
    return axes;
  }
  const gram = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      const d = dotF(rows[i]!, rows[j]!) / n;
      gram[i * n + j] = d;
      gram[j * n + i] = d;
    }
  const columns = Array.from({ length: n }, (_, j) => gram.subarray(j * n, (j + 1) * n));
  const found: Float64Array[] = [];
  for (let k = 0; k < 2; k++) {
    const start = longest(columns, found);
    const [u, value] = start ? powerIteration((v) => matrixTimes(gram, n, v), start, found) : [undefined, 0];
    if (!u || value === 0) {
      axes.push([new Float64Array(dim), 0]);
      continue;
    }
    found.push(u);
    const axis = new Float64Array(dim);
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) axis[d]! += u[i]! * rows[i]![d]!;
    // Exactly orthogonal to the first axis, whatever the iteration left over.
    orthogonalise(
      axis,
      axes.filter(([, v]) => v > 0).map(([a]) => a),
    );
    unit(axis);
    axes.push([orient(axis), value]);
  }
  return axes;
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
  const [[a1, v1], [a2, v2]] = topAxes(rows, dim) as [[Float64Array, number], [Float64Array, number]];
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
