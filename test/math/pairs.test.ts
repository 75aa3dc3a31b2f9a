import { describe, expect, it } from 'vitest';
import { closestPair, farthestPair } from '../../src/math/pairs.ts';

describe('closestPair and farthestPair', () => {
  const cosines = [
    [1, 0.2, 0.9, -0.1],
    [0.2, 1, 0.3, 0.4],
    [0.9, 0.3, 1, -0.5],
    [-0.1, 0.4, -0.5, 1],
  ];

  it('find the highest and lowest score between different items, never the diagonal', () => {
    expect(closestPair(cosines)).toEqual([0, 2]);
    expect(farthestPair(cosines)).toEqual([2, 3]);
  });

  it('keep the first pair on ties, and two items are their own pair', () => {
    const flat = [
      [1, 0.5, 0.5],
      [0.5, 1, 0.5],
      [0.5, 0.5, 1],
    ];
    expect(closestPair(flat)).toEqual([0, 1]);
    expect(farthestPair(flat)).toEqual([0, 1]);
    expect(
      farthestPair([
        [1, -1],
        [-1, 1],
      ]),
    ).toEqual([0, 1]);
  });
});
