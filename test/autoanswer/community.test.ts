import { describe, expect, it } from 'vitest';
import { communityDetection } from '../../src/autoanswer/community.ts';
import { normalize } from '../../src/math/vector.ts';

/** A unit vector at `degrees` in the plane: cosines between such points are cos(difference). */
const at = (degrees: number): Float32Array => {
  const r = (degrees * Math.PI) / 180;
  return normalize([Math.cos(r), Math.sin(r), 0]);
};

describe('communityDetection (as sentence-transformers util.community_detection)', () => {
  it('groups points above the threshold, largest first, each led by its centre', () => {
    // cos 20° = 0.94, cos 40° = 0.77: with 0.75, 0/20/40 group (three seeds of three points each:
    // the first seed's wins, nearest first); 120/130 group; 260 is alone, under the minimum of 2.
    const points = [at(0), at(120), at(20), at(130), at(40), at(260)];
    expect(communityDetection(points, 0.75, 2)).toEqual([
      [0, 2, 4],
      [1, 3],
    ]);
  });

  it('keeps singletons only when the minimum size is 1', () => {
    const points = [at(0), at(10), at(200)];
    expect(communityDetection(points, 0.9, 1)).toEqual([[0, 1], [2]]);
    expect(communityDetection(points, 0.9, 2)).toEqual([[0, 1]]);
  });

  it('takes communities greedily: a point goes to the largest, and a remainder under the minimum is dropped', () => {
    // 0..30 in steps of 10 with cos ≥ 0.98 (about 11.5°): each point reaches its neighbours only.
    // Seeds 10 and 20 both reach three points; 10 (earlier) wins, leaving 20's {30} under the minimum 2.
    const points = [at(0), at(10), at(20), at(30)];
    expect(communityDetection(points, 0.98, 2)).toEqual([[1, 0, 2]]);
  });

  it('caps the minimum size at the number of points, and handles none', () => {
    expect(communityDetection([at(0), at(5)], 0.9, 10)).toEqual([[0, 1]]);
    expect(communityDetection([], 0.5, 2)).toEqual([]);
  });
});
