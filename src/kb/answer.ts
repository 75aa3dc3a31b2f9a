import type { KnowledgeBase, SearchResult } from './knowledge-base.ts';

/** The answer the bot would give to a question, unprompted, or why it stays quiet. */
export interface AnswerDecision {
  answer: { id: string; title: string | null; snippet: string; score: number } | null;
  /** The next best documents (for "see also"), best first. */
  alternatives: { id: string; title: string | null; score: number }[];
  /** In words: why this answer, or why none. */
  reason: string;
}

/**
 * Default score an answer must reach to be given unprompted. Chosen with `npm run eval` (see the
 * README, "Retrieval and the auto-answer decision"): with DEFAULT_ANSWER_MARGIN, about 94% of the
 * answers on the project's set are right from here up; a higher threshold only answers less, until
 * it steps over the last few wrong answers one by one (which held-out folds show does not carry over).
 */
export const DEFAULT_ANSWER_THRESHOLD = 0.5;

/**
 * How far the best document must lead the second best. When two documents score about the same, the
 * question usually sits between topics (or is chatter near both), and a wrong answer is as likely as
 * a right one. 0.10 (chosen on the first, smaller set) gave 88% right answers on the questions added
 * later; 0.15 gives 94% on the whole set.
 */
export const DEFAULT_ANSWER_MARGIN = 0.15;

export interface AnswerRule {
  threshold: number;
  margin: number;
}

const brief = ({ id, title, score }: SearchResult) => ({ id, title, score });

/** The decision on search results already ranked best first (no model needed). */
export function chooseAnswer(results: readonly SearchResult[], rule: AnswerRule): AnswerDecision {
  const [best, second] = results;
  if (!best) return { answer: null, alternatives: [], reason: 'the knowledge base is empty' };
  if (best.score < rule.threshold) {
    return {
      answer: null,
      alternatives: results.map(brief),
      reason: `the best match scored ${best.score.toFixed(3)}, under the threshold ${rule.threshold.toFixed(2)}`,
    };
  }
  if (second && best.score - second.score < rule.margin) {
    return {
      answer: null,
      alternatives: results.map(brief),
      reason: `the best match (${best.score.toFixed(3)}) leads the next one (${second.score.toFixed(3)}) by less than ${rule.margin.toFixed(2)}`,
    };
  }
  const { id, title, snippet, score } = best;
  return {
    answer: { id, title, snippet, score },
    alternatives: results.slice(1).map(brief),
    reason: `scored ${score.toFixed(3)}, at or above the threshold ${rule.threshold.toFixed(2)}${second ? `, ${(score - second.score).toFixed(3)} ahead of the next match` : ''}`,
  };
}

/**
 * The auto-answer decision, channel-independent: the best passage for `question`, given only when it
 * clears `threshold` and leads the next document by `margin`. `embedbot answer` and the Discord
 * auto-answer both call this.
 */
export async function decideAnswer(
  kb: Pick<KnowledgeBase, 'search'>,
  guildId: string,
  question: string,
  threshold = DEFAULT_ANSWER_THRESHOLD,
  margin = DEFAULT_ANSWER_MARGIN,
): Promise<AnswerDecision> {
  const results = await kb.search(guildId, question, 3, 'semantic');
  return chooseAnswer(results, { threshold, margin });
}
