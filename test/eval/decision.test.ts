import { describe, expect, it } from 'vitest';
import {
  compareFamilies,
  foldOf,
  pickRule,
  type QuestionFeatures,
  relOfBest,
  ruleFamilies,
  zOfBest,
} from '../../eval/decision.ts';

const q = (want: string | null, got: string, best: number, gap = 0.2, z = 3): QuestionFeatures => ({
  want,
  got,
  best,
  gap,
  z,
  keyword: true,
});

describe('eval decision helpers', () => {
  it('zOfBest is the best score in standard deviations above the mean', () => {
    expect(zOfBest([1, 0, 0, 0])).toBeCloseTo((1 - 0.25) / Math.sqrt(0.1875), 6);
    expect(zOfBest([0.4])).toBe(0);
    expect(zOfBest([0.3, 0.3])).toBe(0);
  });

  it('relOfBest is the best score minus the mean of all scores (the score normalised per server)', () => {
    expect(relOfBest([0.6, 0.3, 0.3, 0.2])).toBeCloseTo(0.6 - 0.35, 9);
    expect(relOfBest([0.4])).toBe(0);
    expect(relOfBest([])).toBe(0);
  });

  it('the per-server family answers only questions that stand out from the store', () => {
    const rules = ruleFamilies().get('best − mean ≥ R, gap ≥ M')!;
    const near = { ...q('a', 'a', 0.5), rel: 0.1 };
    const apart = { ...q('b', 'b', 0.5), rel: 0.3 };
    const chatter = { ...q(null, 'a', 0.45), rel: 0.12 };
    const rule = pickRule(rules, [near, apart, chatter]);
    expect(rule?.accept(apart)).toBe(true);
    expect(rule?.accept(chatter)).toBe(false);
    // Without the feature (features from before it existed) the family never answers.
    expect(rules.some((r) => r.accept(q('a', 'a', 0.9)))).toBe(false);
  });

  it('folds keep each document’s questions together and deal chatter round-robin', () => {
    const items = [
      q('a', 'a', 0.6),
      q('b', 'b', 0.6),
      q('a', 'a', 0.5),
      q(null, 'a', 0.2),
      q(null, 'b', 0.2),
    ];
    const folds = foldOf(items, 2);
    expect(folds[0]).toBe(folds[2]);
    expect(folds[0]).not.toBe(folds[1]);
    expect([folds[3], folds[4]]).toEqual([0, 1]);
  });

  it('picks the threshold with the most recall at the wanted precision', () => {
    const items = [q('a', 'a', 0.62), q('b', 'b', 0.55), q('c', 'x', 0.45), q(null, 'a', 0.4)];
    const rule = pickRule(ruleFamilies().get('best ≥ T')!, items);
    expect(rule?.label).toBe('T 0.46');
    const families = compareFamilies(items, 2);
    const best = families.find((f) => f.family === 'best ≥ T')!;
    expect([best.precision, best.recall]).toEqual([1, 2 / 3]);
  });
});
