import { describe, expect, it } from 'vitest';
import { cutToWindow, orderByLength, padBatch } from '../../src/embedding/window.ts';

const CLS = 101;
const SEP = 102;
const PAD = 0;

describe('cutToWindow', () => {
  it('returns a short input unchanged but as a copy', () => {
    const ids = [CLS, 7, 8, SEP];
    const r = cutToWindow(ids, 10, SEP);
    expect(r).toEqual([CLS, 7, 8, SEP]);
    expect(r).not.toBe(ids);
    r.push(999);
    expect(ids).toEqual([CLS, 7, 8, SEP]);
  });

  it('returns an input exactly the window long unchanged but as a copy', () => {
    const ids = [CLS, 7, 8, 9, SEP];
    const r = cutToWindow(ids, 5, SEP);
    expect(r).toEqual(ids);
    expect(r).not.toBe(ids);
  });

  it('returns an empty input as a new empty array', () => {
    const ids: number[] = [];
    const r = cutToWindow(ids, 4, SEP);
    expect(r).toEqual([]);
    expect(r).not.toBe(ids);
  });

  it('cuts a long input to exactly `window` ids ending with the separator', () => {
    const ids = [CLS, 1, 2, 3, 4, 5, 6, 7, SEP];
    const r = cutToWindow(ids, 5, SEP);
    expect(r).toEqual([CLS, 1, 2, 3, SEP]);
    expect(r).toHaveLength(5);
  });

  it('cuts one over the window by replacing the last kept token with the separator', () => {
    expect(cutToWindow([CLS, 1, 2, 3, SEP], 4, SEP)).toEqual([CLS, 1, 2, SEP]);
  });

  it('uses the given separator id, not whatever ended the input', () => {
    expect(cutToWindow([CLS, 1, 2, 3, 4, 5, 77], 3, 555)).toEqual([CLS, 1, 555]);
  });

  it('cuts many long inputs to the window for a range of sizes', () => {
    const ids = [CLS, ...Array.from({ length: 600 }, (_, i) => 1000 + i), SEP];
    for (const window of [1, 2, 3, 128, 256, 512]) {
      const r = cutToWindow(ids, window, SEP);
      expect(r).toHaveLength(window);
      expect(r[window - 1]).toBe(SEP);
      expect(r.slice(0, window - 1)).toEqual(ids.slice(0, window - 1));
    }
  });

  it('does not mutate its input', () => {
    const ids = [CLS, 1, 2, 3, 4, 5, SEP];
    const before = [...ids];
    cutToWindow(ids, 3, SEP);
    cutToWindow(ids, 100, SEP);
    expect(ids).toEqual(before);
  });
});

describe('padBatch', () => {
  it('right-pads to the longest row with shapes, mask and token types', () => {
    const b = padBatch(
      [
        [CLS, 5, SEP],
        [CLS, 5, 6, 7, SEP],
        [CLS, SEP],
      ],
      PAD,
    );
    expect(b.rows).toBe(3);
    expect(b.width).toBe(5);
    expect(b.inputIds).toBeInstanceOf(BigInt64Array);
    expect(b.attentionMask).toBeInstanceOf(BigInt64Array);
    expect(b.tokenTypeIds).toBeInstanceOf(BigInt64Array);
    expect(b.inputIds).toHaveLength(15);
    expect(b.attentionMask).toHaveLength(15);
    expect(b.tokenTypeIds).toHaveLength(15);
    const row = (a: BigInt64Array, r: number): bigint[] => Array.from(a.subarray(r * 5, r * 5 + 5));
    expect(row(b.inputIds, 0)).toEqual([101n, 5n, 102n, 0n, 0n]);
    expect(row(b.inputIds, 1)).toEqual([101n, 5n, 6n, 7n, 102n]);
    expect(row(b.inputIds, 2)).toEqual([101n, 102n, 0n, 0n, 0n]);
    expect(row(b.attentionMask, 0)).toEqual([1n, 1n, 1n, 0n, 0n]);
    expect(row(b.attentionMask, 1)).toEqual([1n, 1n, 1n, 1n, 1n]);
    expect(row(b.attentionMask, 2)).toEqual([1n, 1n, 0n, 0n, 0n]);
    expect(Array.from(b.tokenTypeIds)).toEqual(new Array(15).fill(0n));
  });

  it('pads with the given padding id, not zero', () => {
    const b = padBatch([[1, 2], [3]], 9);
    expect(Array.from(b.inputIds)).toEqual([1n, 2n, 3n, 9n]);
    expect(Array.from(b.attentionMask)).toEqual([1n, 1n, 1n, 0n]);
    expect(Array.from(b.tokenTypeIds)).toEqual([0n, 0n, 0n, 0n]);
  });

  it('marks a real token equal to the padding id as attended', () => {
    const b = padBatch([[0, 0], [4]], 0);
    expect(Array.from(b.inputIds)).toEqual([0n, 0n, 4n, 0n]);
    expect(Array.from(b.attentionMask)).toEqual([1n, 1n, 1n, 0n]);
  });

  it('fills an empty row entirely with padding and a zero mask', () => {
    const b = padBatch([[1, 2, 3], []], 7);
    expect(b.rows).toBe(2);
    expect(b.width).toBe(3);
    expect(Array.from(b.inputIds)).toEqual([1n, 2n, 3n, 7n, 7n, 7n]);
    expect(Array.from(b.attentionMask)).toEqual([1n, 1n, 1n, 0n, 0n, 0n]);
  });

  it('keeps width at least 1 when every row is empty', () => {
    const b = padBatch([[], []], 7);
    expect(b.rows).toBe(2);
    expect(b.width).toBe(1);
    expect(Array.from(b.inputIds)).toEqual([7n, 7n]);
    expect(Array.from(b.attentionMask)).toEqual([0n, 0n]);
    expect(Array.from(b.tokenTypeIds)).toEqual([0n, 0n]);
  });

  it('handles an empty batch', () => {
    const b = padBatch([], 0);
    expect(b.rows).toBe(0);
    expect(b.width).toBe(1);
    expect(b.inputIds).toHaveLength(0);
    expect(b.attentionMask).toHaveLength(0);
    expect(b.tokenTypeIds).toHaveLength(0);
  });

  it('needs no padding when all rows are the same length', () => {
    const b = padBatch(
      [
        [1, 2],
        [3, 4],
      ],
      9,
    );
    expect(b.width).toBe(2);
    expect(Array.from(b.inputIds)).toEqual([1n, 2n, 3n, 4n]);
    expect(Array.from(b.attentionMask)).toEqual([1n, 1n, 1n, 1n]);
  });

  it('does not mutate its input', () => {
    const batch = [[1, 2, 3], [4]];
    padBatch(batch, 0);
    expect(batch).toEqual([[1, 2, 3], [4]]);
  });
});

describe('orderByLength', () => {
  it('orders indices by ascending length', () => {
    expect(orderByLength([5, 1, 3])).toEqual([1, 2, 0]);
    expect(orderByLength([10, 2, 7, 1])).toEqual([3, 1, 2, 0]);
  });

  it('is stable for equal lengths (lower index first)', () => {
    expect(orderByLength([3, 1, 3, 1, 3])).toEqual([1, 3, 0, 2, 4]);
    expect(orderByLength([4, 4, 4, 4])).toEqual([0, 1, 2, 3]);
  });

  it('is stable on a larger input with many ties', () => {
    const lengths = Array.from({ length: 200 }, (_, i) => (i * 7) % 5);
    const got = orderByLength(lengths);
    const expected = lengths
      .map((len, i) => ({ len, i }))
      .sort((a, b) => a.len - b.len || a.i - b.i)
      .map((x) => x.i);
    expect(got).toEqual(expected);
    // Within each length, indices increase.
    for (let j = 1; j < got.length; j++) {
      const prev = got[j - 1]!;
      const cur = got[j]!;
      if (lengths[prev] === lengths[cur]) expect(cur).toBeGreaterThan(prev);
      else expect(lengths[cur]!).toBeGreaterThan(lengths[prev]!);
    }
  });

  it('returns a permutation of all indices', () => {
    const got = orderByLength([9, 0, 4, 4, 2, 0]);
    expect([...got].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(got).toEqual([1, 5, 4, 2, 3, 0]);
  });

  it('handles empty input and does not mutate its argument', () => {
    expect(orderByLength([])).toEqual([]);
    const lengths = [3, 1, 2];
    orderByLength(lengths);
    expect(lengths).toEqual([3, 1, 2]);
  });
});
