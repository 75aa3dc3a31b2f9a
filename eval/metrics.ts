// Pure figures over ranked results: recall@k, MRR, auto-answer precision/recall, score spreads.

export interface Ranked {
  /** Document keys, best first. */
  ranking: string[];
  want: string;
}

export interface RankFigures {
  n: number;
  recallAt1: number;
  recallAt3: number;
  mrr: number;
}

export function rankFigures(items: readonly Ranked[]): RankFigures {
  const ranks = items.map((r) => r.ranking.indexOf(r.want) + 1);
  const n = items.length;
  const share = (ok: (rank: number) => boolean) => (n ? ranks.filter(ok).length / n : Number.NaN);
  return {
    n,
    recallAt1: share((r) => r === 1),
    recallAt3: share((r) => r >= 1 && r <= 3),
    mrr: n ? ranks.reduce((sum, r) => sum + (r > 0 ? 1 / r : 0), 0) / n : Number.NaN,
  };
}

export interface Decided {
  /** The key answered with, or null when the bot stayed quiet. */
  answered: string | null;
  /** The right key; null when nothing should be answered (chatter). */
  want: string | null;
}

export interface DecisionFigures {
  /** Answers given. */
  given: number;
  right: number;
  /** Questions that have an answer. */
  answerable: number;
  /** Chatter lines that got an answer anyway. */
  chatterAnswered: number;
  precision: number;
  recall: number;
}

export function decisionFigures(items: readonly Decided[]): DecisionFigures {
  const given = items.filter((d) => d.answered !== null);
  const right = given.filter((d) => d.answered === d.want).length;
  const answerable = items.filter((d) => d.want !== null).length;
  return {
    given: given.length,
    right,
    answerable,
    chatterAnswered: given.filter((d) => d.want === null).length,
    precision: given.length ? right / given.length : Number.NaN,
    recall: answerable ? right / answerable : Number.NaN,
  };
}

export interface Spread {
  n: number;
  min: number;
  p10: number;
  p25: number;
  median: number;
  p75: number;
  p90: number;
  max: number;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const at = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(at);
  return sorted[lo]! + (sorted[Math.ceil(at)]! - sorted[lo]!) * (at - lo);
}

export function spread(values: readonly number[]): Spread {
  return {
    n: values.length,
    min: percentile(values, 0),
    p10: percentile(values, 10),
    p25: percentile(values, 25),
    median: percentile(values, 50),
    p75: percentile(values, 75),
    p90: percentile(values, 90),
    max: percentile(values, 100),
  };
}
