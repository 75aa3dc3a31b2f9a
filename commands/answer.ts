import { answerFor } from '../src/autoanswer/decide.ts';
import type { Services } from '../src/context.ts';
import { checkGuildId } from '../src/kb/document.ts';
import { requireText } from '../src/text.ts';

/**
 * `embedbot answer`: what the auto-answer would reply to a question in a server, without Discord.
 * The same decision and per-server settings as the bot (src/autoanswer/decide.ts); only the
 * channel's pace (cooldown, repeat window) is left out.
 */
export interface AnswerOutput {
  answer: { id: string; title: string | null; snippet: string; score: number; link?: string } | null;
  reason: string;
}

export async function runAnswer(
  services: Pick<Services, 'kb'>,
  guildId: string,
  question: string,
): Promise<AnswerOutput> {
  checkGuildId(guildId);
  const decision = await answerFor(services, guildId, requireText(question, 'question', 1000));
  const { answer, reason } = decision;
  return {
    answer: answer && { id: answer.id, title: answer.title, snippet: answer.snippet, score: answer.score },
    reason,
  };
}

/** The readable form: the document and its passage, or why the bot would stay quiet. */
export function answerText({ answer, reason }: AnswerOutput): string {
  if (!answer) return `No answer: ${reason}.`;
  const passage = answer.snippet
    .replace(/\s+/g, ' ')
    .trim()
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
  return `${answer.title ?? 'Untitled'} (${answer.id}) · score ${answer.score.toFixed(3)}\n${passage}\nwhy: ${reason}`;
}
