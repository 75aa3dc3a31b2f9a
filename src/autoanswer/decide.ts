import type { Services } from '../context.ts';
import { type AnswerDecision, decideAnswer } from '../kb/answer.ts';
import { autoAnswerData } from './data.ts';
import { questionText, worthAsking } from './question.ts';
import type { AutoAnswerSettings } from './settings.ts';

/**
 * What the bot answers to `message` in a server, whatever the channel: the text as a question
 * (mentions and links dropped), then `decideAnswer` at the server's auto-answer threshold. Only
 * alternatives that are not weak matches (`/kb settings threshold`) are offered beside an answer.
 * `embedbot answer` and the Discord auto-answer both call this; `settings` saves a read.
 */
export async function answerFor(
  services: Pick<Services, 'kb'>,
  guildId: string,
  message: string,
  settings?: AutoAnswerSettings,
): Promise<AnswerDecision & { question: string }> {
  const question = questionText(message);
  if (!worthAsking(question))
    return { question, answer: null, alternatives: [], reason: 'fewer than three words: not looked up' };
  const { kb } = services;
  const { threshold } = settings ?? (await autoAnswerData(kb.store).config.settings(guildId));
  const decision = await decideAnswer(kb, guildId, question, threshold);
  if (!decision.answer) return { question, ...decision };
  const weak = (await kb.settings(guildId)).threshold;
  return { question, ...decision, alternatives: decision.alternatives.filter((a) => a.score >= weak) };
}
