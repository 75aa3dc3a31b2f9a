import type { KnowledgeBase, SearchResult } from './knowledge-base.ts';

/** The answer the bot would give to a question, unprompted, or why it stays quiet. */
export interface AnswerDecision {
  answer: { id: string; title: string | null; snippet: string; score: number } | null;
  /** The next best documents (for "see also"), best first. */
  alternatives: { id: string; title: string | null; score: number }[];
  /** In words: why this answer, or why none. */
  reason: string;
}

/** Default score an answer must reach to be given unprompted (tuned by `npm run eval`). */
export const DEFAULT_ANSWER_THRESHOLD = 0.5;

/**
 * The auto-answer decision, channel-independent: the best passage for `question`, given only when it
 * clears `threshold`. `embedbot answer` and the Discord auto-answer both call this.
 */
export async function decideAnswer(
  kb: Pick<KnowledgeBase, 'search'>,
  guildId: string,
  question: string,
  threshold = DEFAULT_ANSWER_THRESHOLD,
): Promise<AnswerDecision> {
  const results: SearchResult[] = await kb.search(guildId, question, 3, 'semantic');
  const [best, ...rest] = results;
  const alternatives = rest.map(({ id, title, score }) => ({ id, title, score }));
  if (!best) return { answer: null, alternatives, reason: 'the knowledge base is empty' };
  if (best.score < threshold) {
    return {
      answer: null,
      alternatives: results.map(({ id, title, score }) => ({ id, title, score })),
      reason: `the best match scored ${best.score.toFixed(3)}, under the threshold ${threshold.toFixed(2)}`,
    };
  }
  const { id, title, snippet, score } = best;
  return {
    answer: { id, title, snippet, score },
    alternatives,
    reason: `scored ${score.toFixed(3)}, at or above the threshold ${threshold.toFixed(2)}`,
  };
}
