import { describe, expect, it } from 'vitest';
import { ZeroVectorError } from '../../src/errors.ts';
import {
  add,
  cosine,
  dot,
  euclidean,
  mean,
  norm,
  normalize,
  type Scored,
  scale,
  subtract,
  topK,
  type Vector,
} from '../../src/math/vector.ts';
import { mulberry32 } from '../helpers/random.ts';

function randomArray(rand: () => number, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rand() * 2 - 1;
  return out;
}

/** Reference topK: score every row the same way, sort best first, ties by index. */
function bruteTopK(matrix: Float32Array, query: Vector, k: number): Scored[] {
  const dim = query.length;
  const rows = matrix.length / dim;
  const all: Scored[] = [];
  for (let r = 0; r < rows; r++) {
    let score = 0;
    for (let i = 0; i < dim; i++) score += matrix[r * dim + i]! * query[i]!;
    all.push({ index: r, score });
  }
  all.sort((a, b) => b.score - a.score || a.index - b.index);
  return all.slice(0, Math.max(0, Math.min(Math.floor(k), rows)));
}

const f32 = (xs: number[]): number[] => xs.map((x) => Math.fround(x));

describe('dot', () => {
  it('computes hand-checked values', () => {
    expect(dot([1, 2, 3], [4, 5, 6])).toBe(32);
    expect(dot([1, -2], [3, 4])).toBe(-5);
    expect(dot([0, 0], [7, 9])).toBe(0);
    expect(dot([], [])).toBe(0);
    expect(dot(new Float32Array([0.5, 0.25]), new Float32Array([2, 4]))).toBe(2);
  });

  it('mixes plain arrays and typed arrays', () => {
    expect(dot([1, 2], new Float32Array([3, 4]))).toBe(11);
  });

  it('throws RangeError on a dimension mismatch', () => {
    expect(() => dot([1, 2], [1, 2, 3])).toThrow(RangeError);
    expect(() => dot([1, 2], [1, 2, 3])).toThrow(/different lengths \(2 and 3\)/);
    expect(() => dot([], [1])).toThrow(RangeError);
  });

  it('does not mutate its inputs', () => {
    const a = new Float32Array([1, 2, 3]);
    const b = [4, 5, 6];
    dot(a, b);
    expect(Array.from(a)).toEqual([1, 2, 3]);
    expect(b).toEqual([4, 5, 6]);
  });
});

describe('norm', () => {
  it('computes hand-checked values', () => {
    expect(norm([3, 4])).toBe(5);
    expect(norm([1, 2, 2])).toBe(3);
    expect(norm([-3, -4])).toBe(5);
    expect(norm([0, 0, 0])).toBe(0);
    expect(norm([])).toBe(0);
    expect(norm([1, 1])).toBeCloseTo(Math.SQRT2, 15);
  });

  it('does not mutate its input', () => {
    const a = new Float32Array([3, 4]);
    norm(a);
    expect(Array.from(a)).toEqual([3, 4]);
  });
});

describe('cosine', () => {
  it('computes hand-checked values', () => {
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([1, 0], [5, 0])).toBe(1);
    expect(cosine([1, 0], [-2, 0])).toBe(-1);
    expect(cosine([1, 1], [1, 0])).toBeCloseTo(Math.SQRT1_2, 15);
    // (3*4 + 4*3) / (5 * 5) = 24 / 25
    expect(cosine([3, 4], [4, 3])).toBeCloseTo(0.96, 15);
    // (1*2 + 2*(-1)) = 0 → orthogonal
    expect(cosine([1, 2], [2, -1])).toBe(0);
  });

  it('is scale-invariant', () => {
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 15);
    expect(cosine([1, 2, 3], [-10, -20, -30])).toBeCloseTo(-1, 15);
  });

  it('throws ZeroVectorError (never NaN) when either vector is all zeros', () => {
    expect(() => cosine([0, 0], [1, 2])).toThrow(ZeroVectorError);
    expect(() => cosine([1, 2], [0, 0])).toThrow(ZeroVectorError);
    expect(() => cosine([0, 0], [0, 0])).toThrow(ZeroVectorError);
    expect(() => cosine(new Float32Array(3), new Float32Array(3))).toThrow(ZeroVectorError);
    expect(() => cosine([], [])).toThrow(ZeroVectorError);
  });

  it('names which vector is zero in the error', () => {
    expect(() => cosine([0, 0], [1, 2])).toThrow('The first vector is all zeros');
    expect(() => cosine([1, 2], [0, 0])).toThrow('The second vector is all zeros');
    try {
      cosine([0], [1]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ZeroVectorError);
      expect((e as Error).name).toBe('ZeroVectorError');
    }
  });

  it('throws RangeError on a dimension mismatch', () => {
    expect(() => cosine([1, 2], [1, 2, 3])).toThrow(RangeError);
  });

  it('clamps to exactly 1 / -1 where rounding would overshoot', () => {
    const v = [0.001, 0.002, 0.003];
    // Precondition: unclamped arithmetic really does leave [-1, 1] for this vector.
    const raw = dot(v, v) / (norm(v) * norm(v));
    expect(raw).toBeGreaterThan(1);
    expect(cosine(v, v)).toBe(1);
    expect(cosine(v, [-0.001, -0.002, -0.003])).toBe(-1);
  });

  it('stays within [-1, 1] for many random vectors with themselves and their negation', () => {
    const rand = mulberry32(1234);
    for (let trial = 0; trial < 500; trial++) {
      const n = 1 + Math.floor(rand() * 40);
      const v = Array.from({ length: n }, () => (rand() - 0.5) * 10 ** Math.floor(rand() * 8 - 4));
      const self = cosine(v, v);
      const neg = cosine(
        v,
        v.map((x) => -x),
      );
      expect(Number.isNaN(self)).toBe(false);
      expect(self).toBeLessThanOrEqual(1);
      expect(self).toBeCloseTo(1, 12);
      expect(neg).toBeGreaterThanOrEqual(-1);
      expect(neg).toBeCloseTo(-1, 12);
    }
  });

  it('does not mutate its inputs', () => {
    const a = new Float32Array([1, 2, 3]);
    const b = [3, 2, 1];
    cosine(a, b);
    expect(Array.from(a)).toEqual([1, 2, 3]);
    expect(b).toEqual([3, 2, 1]);
  });
});

describe('euclidean', () => {
  it('computes hand-checked values', () => {
    expect(euclidean([0, 0], [3, 4])).toBe(5);
    expect(euclidean([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(euclidean([1, 1, 1], [2, 3, 3])).toBe(3);
    expect(euclidean([-1], [2])).toBe(3);
    expect(euclidean([], [])).toBe(0);
  });

  it('is symmetric', () => {
    expect(euclidean([1, 5, -2], [4, 0, 7])).toBe(euclidean([4, 0, 7], [1, 5, -2]));
  });

  it('throws RangeError on a dimension mismatch', () => {
    expect(() => euclidean([1], [1, 2])).toThrow(RangeError);
  });

  it('does not mutate its inputs', () => {
    const a = new Float32Array([1, 2]);
    const b = [3, 4];
    euclidean(a, b);
    expect(Array.from(a)).toEqual([1, 2]);
    expect(b).toEqual([3, 4]);
  });
});

describe('add / subtract / scale', () => {
  it('add computes element-wise sums as a new Float32Array', () => {
    const a = new Float32Array([1, 2, 3]);
    const b = new Float32Array([10, 20, 30]);
    const r = add(a, b);
    expect(r).toBeInstanceOf(Float32Array);
    expect(r).not.toBe(a);
    expect(r).not.toBe(b);
    expect(Array.from(r)).toEqual([11, 22, 33]);
    expect(Array.from(add([0.1], [0.2]))).toEqual(f32([0.1 + 0.2]));
    expect(Array.from(add([], []))).toEqual([]);
  });

  it('subtract computes element-wise differences as a new Float32Array', () => {
    const a = new Float32Array([5, 5, 5]);
    const r = subtract(a, [1, 2, 8]);
    expect(r).toBeInstanceOf(Float32Array);
    expect(r).not.toBe(a);
    expect(Array.from(r)).toEqual([4, 3, -3]);
    // Order matters.
    expect(Array.from(subtract([1, 2, 8], a))).toEqual([-4, -3, 3]);
  });

  it('scale multiplies each element as a new Float32Array', () => {
    const a = new Float32Array([1, -2, 0.5]);
    const r = scale(a, 3);
    expect(r).toBeInstanceOf(Float32Array);
    expect(r).not.toBe(a);
    expect(Array.from(r)).toEqual([3, -6, 1.5]);
    expect(Array.from(scale([1, 2], 0))).toEqual([0, 0]);
    expect(Array.from(scale([1, 2], -1))).toEqual([-1, -2]);
    expect(scale([1, 2, 3], 2)).toBeInstanceOf(Float32Array);
  });

  it('returns a new array even when the operation is an identity', () => {
    const a = new Float32Array([1, 2]);
    const s = scale(a, 1);
    expect(s).not.toBe(a);
    s[0] = 99;
    expect(a[0]).toBe(1);
    const z = add(a, [0, 0]);
    z[1] = 99;
    expect(a[1]).toBe(2);
  });

  it('add and subtract throw RangeError on a dimension mismatch', () => {
    expect(() => add([1, 2], [1])).toThrow(RangeError);
    expect(() => subtract([1], [1, 2])).toThrow(RangeError);
  });

  it('do not mutate their inputs', () => {
    const a = new Float32Array([1, 2, 3]);
    const b = [4, 5, 6];
    add(a, b);
    subtract(a, b);
    scale(a, 10);
    expect(Array.from(a)).toEqual([1, 2, 3]);
    expect(b).toEqual([4, 5, 6]);
  });
});

describe('normalize', () => {
  it('scales to unit length, keeping the direction', () => {
    const r = normalize([3, 4]);
    expect(r).toBeInstanceOf(Float32Array);
    expect(Array.from(r)).toEqual(f32([0.6, 0.8]));
    expect(norm(r)).toBeCloseTo(1, 6);
    expect(Array.from(normalize([0, -5, 0]))).toEqual([0, -1, 0]);
  });

  it('returns a new array, even for an already-unit vector', () => {
    const a = new Float32Array([1, 0]);
    const r = normalize(a);
    expect(r).not.toBe(a);
    expect(Array.from(r)).toEqual([1, 0]);
  });

  it('produces unit vectors for random inputs', () => {
    const rand = mulberry32(99);
    for (let i = 0; i < 100; i++) {
      const v = randomArray(rand, 1 + Math.floor(rand() * 64));
      expect(norm(normalize(v))).toBeCloseTo(1, 5);
    }
  });

  it('throws ZeroVectorError (never NaN) for an all-zero vector', () => {
    expect(() => normalize([0, 0, 0])).toThrow(ZeroVectorError);
    expect(() => normalize(new Float32Array(8))).toThrow(ZeroVectorError);
    expect(() => normalize([])).toThrow(ZeroVectorError);
    expect(() => normalize([0])).toThrow('The vector is all zeros');
  });

  it('does not mutate its input', () => {
    const a = new Float32Array([3, 4]);
    normalize(a);
    expect(Array.from(a)).toEqual([3, 4]);
  });
});

describe('mean', () => {
  it('computes the element-wise average', () => {
    const r = mean([
      [1, 2],
      [3, 4],
      [5, 9],
    ]);
    expect(r).toBeInstanceOf(Float32Array);
    expect(Array.from(r)).toEqual([3, 5]);
    expect(Array.from(mean([new Float32Array([1, -1]), [0, 1]]))).toEqual([0.5, 0]);
  });

  it('of a single vector is a copy of it', () => {
    const a = new Float32Array([1, 2, 3]);
    const r = mean([a]);
    expect(r).not.toBe(a);
    expect(Array.from(r)).toEqual([1, 2, 3]);
    r[0] = 42;
    expect(a[0]).toBe(1);
  });

  it('throws RangeError for no vectors', () => {
    expect(() => mean([])).toThrow(RangeError);
    expect(() => mean([])).toThrow('The mean of no vectors is undefined.');
  });

  it('throws RangeError when the vectors differ in length', () => {
    expect(() =>
      mean([
        [1, 2],
        [1, 2, 3],
      ]),
    ).toThrow(RangeError);
    expect(() =>
      mean([
        [1, 2, 3],
        [1, 2],
      ]),
    ).toThrow(RangeError);
  });

  it('does not mutate its inputs', () => {
    const a = new Float32Array([1, 2]);
    const b = [3, 4];
    const list = [a, b];
    mean(list);
    expect(Array.from(a)).toEqual([1, 2]);
    expect(b).toEqual([3, 4]);
    expect(list).toHaveLength(2);
    expect(list[0]).toBe(a);
  });
});

describe('topK', () => {
  // 4 rows of dim 2; query [1, 0] scores each row by its first element.
  const matrix = new Float32Array([0.1, 9, 0.7, 9, 0.3, 9, 0.9, 9]);
  const query = [1, 0];

  it('returns the best rows first with their scores', () => {
    const r = topK(matrix, query, 2);
    expect(r.map((s) => s.index)).toEqual([3, 1]);
    expect(r.map((s) => s.score)).toEqual(f32([0.9, 0.7]));
  });

  it('returns all rows in descending order when k equals the row count', () => {
    expect(topK(matrix, query, 4).map((s) => s.index)).toEqual([3, 1, 2, 0]);
  });

  it('uses the dot product with the query', () => {
    const m = new Float32Array([1, 2, 3, 4, -1, 5]);
    const r = topK(m, [2, 1], 3);
    expect(r).toEqual([
      { index: 1, score: 10 },
      { index: 0, score: 4 },
      { index: 2, score: 3 },
    ]);
  });

  it('keeps the lower index first on ties', () => {
    const m = new Float32Array([1, 2, 2, 1, 2, 0, 2]);
    const r = topK(m, [1], 7);
    // scores 1 2 2 1 2 0 2
    expect(r.map((s) => s.index)).toEqual([1, 2, 4, 6, 0, 3, 5]);
    expect(topK(m, [1], 2).map((s) => s.index)).toEqual([1, 2]);
    expect(topK(m, [1], 4).map((s) => s.index)).toEqual([1, 2, 4, 6]);
    expect(topK(m, [1], 5).map((s) => s.index)).toEqual([1, 2, 4, 6, 0]);
  });

  it('keeps the lower index first when every row ties', () => {
    const m = new Float32Array(10).fill(0.5);
    expect(topK(m, [1, 1], 3).map((s) => s.index)).toEqual([0, 1, 2]);
  });

  it('returns every row when k is larger than the row count', () => {
    const r = topK(matrix, query, 100);
    expect(r.map((s) => s.index)).toEqual([3, 1, 2, 0]);
    expect(topK(matrix, query, Number.POSITIVE_INFINITY)).toHaveLength(4);
  });

  it('returns nothing for k = 0 or negative k', () => {
    expect(topK(matrix, query, 0)).toEqual([]);
    expect(topK(matrix, query, -3)).toEqual([]);
    expect(topK(matrix, query, 0.9)).toEqual([]);
  });

  it('rounds a non-integer k down', () => {
    expect(topK(matrix, query, 2.7).map((s) => s.index)).toEqual([3, 1]);
    expect(topK(matrix, query, 1.0001).map((s) => s.index)).toEqual([3]);
    expect(topK(matrix, query, 3.5)).toHaveLength(3);
  });

  it('returns nothing for an empty matrix', () => {
    expect(topK(new Float32Array(0), [1, 2], 5)).toEqual([]);
  });

  it('throws RangeError when the matrix length is not a multiple of the dimension', () => {
    expect(() => topK(new Float32Array(5), [1, 2], 1)).toThrow(RangeError);
    expect(() => topK(new Float32Array(7), [1, 2, 3], 1)).toThrow(/not a multiple of the dimension 3/);
  });

  it('throws RangeError for an empty query', () => {
    expect(() => topK(new Float32Array(4), [], 1)).toThrow(RangeError);
  });

  it('does not mutate its inputs', () => {
    const m = new Float32Array(matrix);
    const q = [1, 0];
    topK(m, q, 2);
    expect(Array.from(m)).toEqual(Array.from(matrix));
    expect(q).toEqual([1, 0]);
  });

  it('agrees with a brute-force sort on random data', () => {
    const rand = mulberry32(20240601);
    const dim = 16;
    const rows = 300;
    const m = randomArray(rand, rows * dim);
    for (let trial = 0; trial < 5; trial++) {
      const q = randomArray(rand, dim);
      for (const k of [0, 1, 2, 5, 10, 37, 299, 300, 301, 1000]) {
        const got = topK(m, q, k);
        expect(got).toEqual(bruteTopK(m, q, k));
        expect(got).toHaveLength(Math.min(k, rows));
      }
    }
  });

  it('agrees with a brute-force sort on random data with many ties', () => {
    const rand = mulberry32(7);
    const dim = 3;
    const rows = 200;
    // Small integers make equal scores common.
    const m = new Float32Array(rows * dim);
    for (let i = 0; i < m.length; i++) m[i] = Math.floor(rand() * 4) - 1;
    for (let trial = 0; trial < 5; trial++) {
      const q = Array.from({ length: dim }, () => Math.floor(rand() * 3) - 1);
      for (const k of [1, 3, 8, 50, 199, 200]) {
        expect(topK(m, q, k)).toEqual(bruteTopK(m, q, k));
      }
    }
  });
});
