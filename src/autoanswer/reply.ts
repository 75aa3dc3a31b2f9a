import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import { ANYONE, encodeCustomId } from '../discord/custom-id.ts';
import { clip, userText } from '../discord/limits.ts';
import { COLOURS } from '../discord/ui.ts';
import type { AnswerDecision } from '../kb/answer.ts';
import type { Vote } from './feedback.ts';

/** The custom-id prefix of "Solved it" / "Not it" (anyone may press them). */
export const VOTE_PREFIX = 'aavote';

/** `aavote:any:<vote>:<question message>:<document>`: the vote counts on the question's answer. */
export const voteButtonId = (vote: Vote, questionId: string, docId: string): string =>
  encodeCustomId(VOTE_PREFIX, ANYONE, vote, questionId, docId);

export function parseVote(args: string[]): { vote: Vote; questionId: string; docId: string } | undefined {
  const [vote, questionId, docId] = args;
  if ((vote !== 'solved' && vote !== 'notit') || !questionId || !docId) return undefined;
  return { vote, questionId, docId };
}

const quote = (text: string): string =>
  userText(text.replace(/\s+/g, ' ').trim(), 900)
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');

type Answer = NonNullable<AnswerDecision['answer']>;

/** The answer's message: the passage quoted, the document named, one or two others offered. */
export function renderAutoAnswer(
  questionId: string,
  answer: Answer,
  alternatives: AnswerDecision['alternatives'],
): { embeds: APIEmbed[]; components: APIActionRowComponent<APIButtonComponent>[] } {
  const name = (d: { title: string | null }, fallback: string) => userText(d.title ?? fallback, 100);
  const also = alternatives
    .slice(0, 2)
    .map((d) => `**${name(d, 'Untitled')}** (\`${d.id}\`)`)
    .join(' · ');
  return {
    embeds: [
      {
        title: clip(`From the knowledge base: ${name(answer, clip(answer.snippet, 60))}`, 256),
        color: COLOURS.blurple,
        description: `${quote(answer.snippet)}${also ? `\n\nSee also: ${also}` : ''}`,
        footer: { text: `Automatic answer from this server's knowledge base · ${answer.id}` },
      },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Success,
            label: 'Solved it',
            custom_id: voteButtonId('solved', questionId, answer.id),
          },
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: 'Not it',
            custom_id: voteButtonId('notit', questionId, answer.id),
          },
        ],
      },
    ],
  };
}
