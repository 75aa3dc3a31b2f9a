import { describe, expect, it } from 'vitest';
import { meanPoolNormalized } from '../../src/embedding/pooling.ts';
import { mulberry32 } from '../helpers/random.ts';

const ROWS = 2;
const WIDTH = 3;
const DIM = 4;

/** [2 rows, 3 tokens, 4 dims]; the masked tokens hold large values that must not leak in. */
function tinyHidden(): Float32Array {
  // biome-ignore format: one token per line
  return new Float32Array([
    // row 0: tokens 0 and 1 real, token 2 padding
    1, 2, 3, 4,
    3, 2, 1, 0,
    100, -100, 100, -100,
    // row 1: tokens 0 and 2 real, token 1 masked
    1, 2, 0, 1,
    50, 50, 50, 50,
    3, 0, 4, 7,
  ]);
}
const tinyMask = (): BigInt64Array => new BigInt64Array([1n, 1n, 0n, 1n, 0n, 1n]);

function rowOf(out: Float32Array, r: number, dim = DIM): number[] {
  return Array.from(out.subarray(r * dim, (r + 1) * dim));
}

function length(v: number[]): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}

describe('meanPoolNormalized', () => {
  it('matches a hand computation on a tiny [2, 3, 4] example', () => {
    const out = new Float32Array(ROWS * DIM);
    meanPoolNormalized(tinyHidden(), tinyMask(), ROWS, WIDTH, DIM, out, [0, 1]);

    // Row 0: mean of [1,2,3,4] and [3,2,1,0] = [2,2,2,2]; length 4 → [0.5,0.5,0.5,0.5].
    expect(rowOf(out, 0)).toEqual([0.5, 0.5, 0.5, 0.5]);

    // Row 1: mean of [1,2,0,1] and [3,0,4,7] = [2,1,2,4]; length 5 → [0.4,0.2,0.4,0.8].
    const r1 = rowOf(out, 1);
    const expected = [0.4, 0.2, 0.4, 0.8];
    for (let d = 0; d < DIM; d++) expect(r1[d]).toBeCloseTo(expected[d]!, 6);
  });

  it('ignores masked tokens: changing their hidden values changes nothing', () => {
    const base = new Float32Array(ROWS * DIM);
    meanPoolNormalized(tinyHidden(), tinyMask(), ROWS, WIDTH, DIM, base, [0, 1]);

    const changed = tinyHidden();
    // Row 0 token 2 and row 1 token 1 are masked.
    changed.set([-3, 7, 0.25, 1e6], (0 * WIDTH + 2) * DIM);
    changed.set([0, 0, 0, 0], (1 * WIDTH + 1) * DIM);
    const out = new Float32Array(ROWS * DIM);
    meanPoolNormalized(changed, tinyMask(), ROWS, WIDTH, DIM, out, [0, 1]);
    expect(Array.from(out)).toEqual(Array.from(base));

    // Sanity: changing an unmasked token does change the result.
    const real = tinyHidden();
    real[0] = 50;
    const out2 = new Float32Array(ROWS * DIM);
    meanPoolNormalized(real, tinyMask(), ROWS, WIDTH, DIM, out2, [0, 1]);
    expect(Array.from(out2)).not.toEqual(Array.from(base));
  });

  it('ignores masked tokens on random data', () => {
    const rand = mulberry32(42);
    const rows = 5;
    const width = 9;
    const dim = 16;
    const hidden = new Float32Array(rows * width * dim).map(() => rand() * 2 - 1);
    const mask = new BigInt64Array(rows * width);
    for (let r = 0; r < rows; r++) {
      const len = 1 + r; // ragged lengths, right-padded
      for (let t = 0; t < len; t++) mask[r * width + t] = 1n;
    }
    const outA = new Float32Array(rows * dim);
    meanPoolNormalized(hidden, mask, rows, width, dim, outA, [0, 1, 2, 3, 4]);

    const noisy = new Float32Array(hidden);
    for (let i = 0; i < rows * width; i++) {
      if (mask[i] === 0n) for (let d = 0; d < dim; d++) noisy[i * dim + d] = (rand() - 0.5) * 1e4;
    }
    const outB = new Float32Array(rows * dim);
    meanPoolNormalized(noisy, mask, rows, width, dim, outB, [0, 1, 2, 3, 4]);
    expect(Array.from(outB)).toEqual(Array.from(outA));

    // Row 0 has a single real token: the result is that token, normalized.
    const tok = Array.from(hidden.subarray(0, dim));
    const n = length(tok);
    const r0 = rowOf(outA, 0, dim);
    for (let d = 0; d < dim; d++) expect(r0[d]).toBeCloseTo(tok[d]! / n, 6);
  });

  it('produces unit-length rows', () => {
    const rand = mulberry32(7);
    const rows = 4;
    const width = 6;
    const dim = 32;
    const hidden = new Float32Array(rows * width * dim).map(() => (rand() - 0.5) * 20);
    const mask = new BigInt64Array(rows * width).map(() => (rand() < 0.7 ? 1n : 0n));
    for (let r = 0; r < rows; r++) mask[r * width] = 1n; // at least one real token per row
    const out = new Float32Array(rows * dim);
    meanPoolNormalized(hidden, mask, rows, width, dim, out, [0, 1, 2, 3]);
    for (let r = 0; r < rows; r++) expect(length(rowOf(out, r, dim))).toBeCloseTo(1, 6);

    const tiny = new Float32Array(ROWS * DIM);
    meanPoolNormalized(tinyHidden(), tinyMask(), ROWS, WIDTH, DIM, tiny, [0, 1]);
    expect(length(rowOf(tiny, 0))).toBeCloseTo(1, 6);
    expect(length(rowOf(tiny, 1))).toBeCloseTo(1, 6);
  });

  it('writes each row at its outRows position and leaves other rows alone', () => {
    const out = new Float32Array(3 * DIM).fill(-7);
    meanPoolNormalized(tinyHidden(), tinyMask(), ROWS, WIDTH, DIM, out, [2, 0]);
    // Batch row 0 → out row 2; batch row 1 → out row 0; out row 1 untouched.
    expect(rowOf(out, 2)).toEqual([0.5, 0.5, 0.5, 0.5]);
    const r0 = rowOf(out, 0);
    const expected = [0.4, 0.2, 0.4, 0.8];
    for (let d = 0; d < DIM; d++) expect(r0[d]).toBeCloseTo(expected[d]!, 6);
    expect(rowOf(out, 1)).toEqual([-7, -7, -7, -7]);
  });

  it('keeps an all-zero row zero instead of NaN', () => {
    const hidden = new Float32Array(ROWS * WIDTH * DIM);
    hidden.set([1, 0, 0, 0], (1 * WIDTH + 0) * DIM); // row 1 token 0 is non-zero
    const mask = new BigInt64Array([1n, 1n, 1n, 1n, 1n, 1n]);
    const out = new Float32Array(ROWS * DIM).fill(9);
    meanPoolNormalized(hidden, mask, ROWS, WIDTH, DIM, out, [0, 1]);
    expect(rowOf(out, 0)).toEqual([0, 0, 0, 0]);
    expect(rowOf(out, 1)).toEqual([1, 0, 0, 0]);
    expect(Array.from(out).some(Number.isNaN)).toBe(false);
  });

  it('keeps a row with no real tokens zero instead of NaN, whatever its padding holds', () => {
    const hidden = tinyHidden();
    const mask = new BigInt64Array([0n, 0n, 0n, 1n, 0n, 1n]);
    const out = new Float32Array(ROWS * DIM).fill(9);
    meanPoolNormalized(hidden, mask, ROWS, WIDTH, DIM, out, [0, 1]);
    expect(rowOf(out, 0)).toEqual([0, 0, 0, 0]);
    expect(Array.from(out).some(Number.isNaN)).toBe(false);
    expect(length(rowOf(out, 1))).toBeCloseTo(1, 6);
  });

  it('does not mutate hidden or mask', () => {
    const hidden = tinyHidden();
    const mask = tinyMask();
    meanPoolNormalized(hidden, mask, ROWS, WIDTH, DIM, new Float32Array(ROWS * DIM), [0, 1]);
    expect(Array.from(hidden)).toEqual(Array.from(tinyHidden()));
    expect(Array.from(mask)).toEqual(Array.from(tinyMask()));
  });
});
