// The auto-answer rule families compared on per-question features, on the whole set and held out
// (k-fold by document: a fold's questions and its documents' chatter share are never used to pick
// the rule that is tested on them). Pure: no model.
import { decisionFigures } from './metrics.ts';

export interface QuestionFeatures {
  /** The right document's key; null for chatter. */
  want: string | null;
  /** The key ranked first. */
  got: string | null;
  /** Best document's cosine. */
  best: number;
  /** Best minus second best document's cosine. */
  gap: number;
  /** (best − mean) ÷ std over every document's best cosine for this question. */
  z: number;
  /**
   * Best minus the mean of every document's best cosine: the score normalised per server (a
   * question that sits near everything, as chatter about the game does, gets little credit).
   */
  rel?: number;
  /** The best document is also in the keyword (BM25) top 3. */
  keyword: boolean;
}

export interface Rule {
  family: string;
  label: string;
  accept: (f: QuestionFeatures) => boolean;
}

const range = (from: number, to: number, step: number) =>
  Array.from(
    { length: Math.round((to - from) / step) + 1 },
    (_, i) => Math.round((from + i * step) * 1000) / 1000,
  );
const THRESHOLDS = range(0.3, 0.7, 0.01);
const MARGINS = [0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25];
const RELS = range(0.1, 0.5, 0.01);
const ZS = range(1.5, 5, 0.25);

/** Every rule of every family the evaluation compares. */
export function ruleFamilies(): Map<string, Rule[]> {
  const families = new Map<string, Rule[]>();
  const add = (family: string, label: string, accept: Rule['accept']) => {
    const list = families.get(family) ?? [];
    list.push({ family, label, accept });
    families.set(family, list);
  };
  for (const t of THRESHOLDS) {
    add('best ≥ T', `T ${t.toFixed(2)}`, (f) => f.best >= t);
    for (const m of MARGINS)
      add('best ≥ T, gap ≥ M', `T ${t.toFixed(2)}, M ${m.toFixed(2)}`, (f) => f.best >= t && f.gap >= m);
    for (const z of ZS)
      add('best ≥ T, z ≥ Z', `T ${t.toFixed(2)}, Z ${z.toFixed(2)}`, (f) => f.best >= t && f.z >= z);
    for (const m of MARGINS)
      add(
        'best ≥ T, gap ≥ M, keyword top 3',
        `T ${t.toFixed(2)}, M ${m.toFixed(2)}`,
        (f) => f.best >= t && f.gap >= m && f.keyword,
      );
  }
  for (const r of RELS)
    for (const m of MARGINS)
      add(
        'best − mean ≥ R, gap ≥ M',
        `R ${r.toFixed(2)}, M ${m.toFixed(2)}`,
        (f) => f.rel !== undefined && f.rel >= r && f.gap >= m,
      );
  for (const z of ZS)
    for (const m of MARGINS)
      add('z ≥ Z, gap ≥ M', `Z ${z.toFixed(2)}, M ${m.toFixed(2)}`, (f) => f.z >= z && f.gap >= m);
  return families;
}

const figuresOf = (rule: Rule, items: readonly QuestionFeatures[]) =>
  decisionFigures(items.map((f) => ({ answered: rule.accept(f) ? f.got : null, want: f.want })));

/** The rule with the highest recall at precision ≥ `precision` (ties: the stricter, i.e. the first). */
export function pickRule(
  rules: readonly Rule[],
  items: readonly QuestionFeatures[],
  precision = 0.95,
): Rule | null {
  let best: { rule: Rule; recall: number } | null = null;
  for (const rule of rules) {
    const d = figuresOf(rule, items);
    if (d.given > 0 && d.precision >= precision && (!best || d.recall > best.recall))
      best = { rule, recall: d.recall };
  }
  return best?.rule ?? null;
}

export interface FamilyFigures {
  family: string;
  /** Picked on the whole set (optimistic). */
  picked: string | null;
  precision: number;
  recall: number;
  /** Picked on k − 1 folds, applied to the held-out fold; figures over all held-out predictions. */
  heldOutPrecision: number;
  heldOutRecall: number;
}

/** Folds by document: questions follow their document; chatter is dealt round-robin. */
export function foldOf(items: readonly QuestionFeatures[], k: number): number[] {
  const docs = [...new Set(items.flatMap((f) => (f.want ? [f.want] : [])))].sort();
  const docFold = new Map(docs.map((d, i) => [d, i % k]));
  let chatter = 0;
  return items.map((f) => (f.want ? docFold.get(f.want)! : chatter++ % k));
}

export function compareFamilies(
  items: readonly QuestionFeatures[],
  k = 5,
  precision = 0.95,
): FamilyFigures[] {
  const folds = foldOf(items, k);
  return [...ruleFamilies()].map(([family, rules]) => {
    const picked = pickRule(rules, items, precision);
    const whole = picked ? figuresOf(picked, items) : null;
    const held: { answered: string | null; want: string | null }[] = [];
    for (let fold = 0; fold < k; fold++) {
      const train = items.filter((_, i) => folds[i] !== fold);
      const rule = pickRule(rules, train, precision);
      items.forEach((f, i) => {
        if (folds[i] === fold) held.push({ answered: rule?.accept(f) ? f.got : null, want: f.want });
      });
    }
    const h = decisionFigures(held);
    return {
      family,
      picked: picked?.label ?? null,
      precision: whole?.precision ?? Number.NaN,
      recall: whole?.recall ?? 0,
      heldOutPrecision: h.precision,
      heldOutRecall: h.recall,
    };
  });
}

/** The best of `scores` minus their mean (every document's best cosine for one question). */
export function relOfBest(scores: readonly number[]): number {
  if (scores.length === 0) return 0;
  return Math.max(...scores) - scores.reduce((a, b) => a + b, 0) / scores.length;
}

/** z-score of the best of `scores` (every document's best cosine for one question). */
export function zOfBest(scores: readonly number[]): number {
  if (scores.length < 2) return 0;
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const std = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / scores.length);
  return std > 0 ? (Math.max(...scores) - mean) / std : 0;
}
