import { describe, expect, it } from 'vitest';
import { fitPca, pca2, project } from '../../src/pictures/pca.ts';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/** Points on a known plane inside 384 dimensions: x along e1 (wide), y along e2 (narrow), plus an offset. */
function plane(points: [number, number][], dim = 384): Float32Array[] {
  return points.map(([x, y]) => {
    const v = new Float32Array(dim).fill(0.01);
    v[3]! += x;
    v[100]! += y;
    return v;
  });
}

describe('PCA (power iteration on the covariance)', () => {
  // x and y uncorrelated: the axes are exactly e1 (variance 8) and e2 (variance 0.8).
  const flat: [number, number][] = [
    [-4, 1],
    [-2, -1],
    [0, 0],
    [2, -1],
    [4, 1],
  ];

  it('finds the two directions of a plane and keeps all of its spread', () => {
    const { points, kept, pca } = pca2(plane(flat));
    expect(kept).toBeCloseTo(1, 6);
    // The wide direction first, then the narrow one; both unit, orthogonal.
    expect(Math.abs(pca.axes[0][3]!)).toBeCloseTo(1, 6);
    expect(Math.abs(pca.axes[1][100]!)).toBeCloseTo(1, 6);
    expect(dot(pca.axes[0], pca.axes[0])).toBeCloseTo(1, 9);
    expect(dot(pca.axes[1], pca.axes[1])).toBeCloseTo(1, 9);
    expect(dot(pca.axes[0], pca.axes[1])).toBeCloseTo(0, 9);
    expect(pca.variance[0]).toBeGreaterThan(pca.variance[1]);
    // Positions are the centred coordinates (up to each axis's sign).
    const sx = Math.sign(points[4]![0]);
    const sy = Math.sign(pca.axes[1][100]!);
    flat.forEach(([x, y], i) => {
      expect(points[i]![0] * sx).toBeCloseTo(x, 5);
      expect(points[i]![1] * sy).toBeCloseTo(y - 0, 5);
    });
  });

  it('variance along the axes matches the data', () => {
    const pca = fitPca(plane(flat));
    const xs = flat.map(([x]) => x);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(pca.variance[0]).toBeCloseTo(variance, 6);
    expect(pca.total).toBeCloseTo(pca.variance[0] + pca.variance[1], 6);
  });

  it('is linear: a parallelogram in 384 dimensions stays one on the picture', () => {
    let s = 11;
    const rnd = () => {
      s = (s * 16807) % 2147483647;
      return s / 2147483647 - 0.5;
    };
    const [a, b, c] = [0, 1, 2].map(() => Float32Array.from({ length: 384 }, rnd)) as [
      Float32Array,
      Float32Array,
      Float32Array,
    ];
    const d = a.map((x, i) => x - b[i]! + c[i]!);
    const { points } = pca2([a, b, c, d]);
    const [pa, pb, pc, pd] = points as [number, number][];
    // Exact up to the float32 rounding of d.
    expect(pd![0]).toBeCloseTo(pa![0] - pb![0] + pc![0], 6);
    expect(pd![1]).toBeCloseTo(pa![1] - pb![1] + pc![1], 6);
  });

  it('is deterministic and leaves its input alone', () => {
    const data = plane(flat);
    const copy = data.map((v) => Float32Array.from(v));
    expect(pca2(data).points).toEqual(pca2(data).points);
    expect(data).toEqual(copy);
  });

  it('handles one vector, identical vectors and a line', () => {
    expect(pca2([new Float32Array([1, 2, 3])]).points).toEqual([[0, 0]]);
    const same = pca2([new Float32Array([1, 2]), new Float32Array([1, 2])]);
    expect(same.points).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(same.kept).toBe(1);
    const line = pca2(
      plane([
        [-1, 0],
        [1, 0],
      ]),
    );
    expect(line.points.map(([, y]) => y)).toEqual([0, 0]);
    expect(Math.abs(line.points[0]![0])).toBeCloseTo(1, 6);
    expect(() => pca2([])).toThrow(RangeError);
    expect(() => pca2([new Float32Array(2), new Float32Array(3)])).toThrow(RangeError);
  });

  it('projects a new point onto a fitted map without refitting', () => {
    const pca = fitPca(plane(flat));
    const [q] = plane([[1, 0.5]]);
    const [x, y] = project(pca, q!);
    expect(Math.abs(x)).toBeCloseTo(1, 5);
    expect(Math.abs(y)).toBeCloseTo(0.5, 5);
  });
});
