import type { Press, SurfaceContext } from '../discord/surface.ts';
import { autoAnswerData } from './data.ts';
import type { Vote } from './feedback.ts';
import { parseVote } from './reply.ts';

const THANKS: Record<Vote, string> = {
  solved: 'Thanks! Counted: this answer solved it.',
  notit:
    'Thanks! Counted: this was not the answer. The question goes to the knowledge-gap report (/kb gaps show).',
};

/**
 * "Solved it" / "Not it" on an auto-answer: anyone may press, each person counts once per answer
 * (a second press of the other button changes their vote). "Not it" makes the question a gap.
 */
export async function pressVote(
  args: string[],
  { guildId, userId, services }: SurfaceContext,
): Promise<Press<never>> {
  const button = parseVote(args);
  if (!button || !guildId) return { notice: 'This button no longer does anything.' };
  const data = autoAnswerData(services.kb.store);
  const before = await data.feedback.vote(guildId, button.docId, button.questionId, userId, button.vote);
  if (before === button.vote) return { notice: 'You already said so: each person counts once.' };
  if (button.vote === 'notit') await data.gaps.notIt(guildId, button.questionId);
  return { notice: before ? `Changed. ${THANKS[button.vote]}` : THANKS[button.vote] };
}
