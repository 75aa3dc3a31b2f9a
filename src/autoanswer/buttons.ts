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
export function pressVote(args: string[], { guildId, userId, services }: SurfaceContext): Press<never> {
  const button = parseVote(args);
  if (!button || !guildId) return { notice: async () => 'This button no longer does anything.' };
  return {
    notice: async () => {
      const data = autoAnswerData(services.kb.store);
      const { docId, questionId, vote } = button;
      const before = await data.feedback.vote(guildId, docId, questionId, userId, vote);
      if (before === vote) return 'You already said so: each person counts once.';
      if (vote === 'notit') await data.gaps.notIt(guildId, questionId);
      return before ? `Changed. ${THANKS[vote]}` : THANKS[vote];
    },
  };
}
