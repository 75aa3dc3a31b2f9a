import { ButtonStyle, ComponentType } from 'discord.js';
import { communityDetection } from '../../src/autoanswer/community.ts';
import { autoAnswerData } from '../../src/autoanswer/data.ts';
import type { Services } from '../../src/context.ts';
import { encodeCustomId } from '../../src/discord/custom-id.ts';
import { userText } from '../../src/discord/limits.ts';
import { COLOURS, type Reply } from '../../src/discord/ui.ts';
import { UserError } from '../../src/errors.ts';
import { normalize } from '../../src/math/vector.ts';
import { group, sub } from './subcommand.ts';

export type GapsSubcommand = 'gaps show' | 'gaps clear';

export interface GapGroup {
  count: number;
  /** The question at the group's centre first, then the one closest to it. */
  examples: string[];
}

export type GapsResult =
  | { kind: 'gaps'; total: number; retentionDays: number; groups: GapGroup[] }
  | { kind: 'gaps-cleared'; count: number };

/** The report's "Add an answer" button: it opens the /kb add form (for its owner, if they may write). */
export const GAP_ADD = 'kbgapadd';

export const GAPS_WRITES = new Set<string>(['gaps clear']);

/** Questions at least this similar are one gap (all-MiniLM-L6-v2 paraphrases score about 0.6–0.9). */
export const GAP_SIMILARITY = 0.6;
/** Groups shown; the newest questions grouped at most. */
const SHOWN = 5;
const GROUPED = 500;

/** /kb gaps as Discord receives it (a subcommand group of /kb). */
export const gapsGroup = group('gaps', 'Questions the knowledge base could not answer', [
  sub('show', 'The most asked unanswered questions, grouped by meaning', []),
  sub('clear', 'Forget the unanswered questions', []),
]);

export async function runGaps(
  input: { subcommand: GapsSubcommand },
  services: Services,
  guildId: string,
): Promise<GapsResult> {
  const { gaps, config } = autoAnswerData(services.kb.store);
  if (input.subcommand === 'gaps clear') return { kind: 'gaps-cleared', count: await gaps.clear(guildId) };
  if (input.subcommand !== 'gaps show')
    throw new UserError(`Unknown /kb subcommand "${String(input.subcommand)}".`);
  const { retentionDays } = await config.settings(guildId);
  const all = (await gaps.list(guildId, retentionDays)).slice(-GROUPED);
  if (all.length === 0) return { kind: 'gaps', total: 0, retentionDays, groups: [] };
  const vectors = (await services.embedder.embedMany(all.map((g) => g.text))).map((e) => normalize(e.vector));
  const groups = communityDetection(vectors, GAP_SIMILARITY, 1)
    .slice(0, SHOWN)
    .map((members) => ({ count: members.length, examples: members.slice(0, 2).map((i) => all[i]!.text) }));
  return { kind: 'gaps', total: all.length, retentionDays, groups };
}

export function renderGapsKb(r: GapsResult, userId: string): Reply {
  if (r.kind === 'gaps-cleared')
    return { content: `Forgot ${r.count} unanswered question${r.count === 1 ? '' : 's'}.` };
  if (r.total === 0) return { content: `No unanswered questions in the last ${r.retentionDays} days.` };
  return {
    embeds: [
      {
        title: 'Knowledge gaps: what to write next',
        color: COLOURS.yellow,
        description: `${r.total} unanswered question${r.total === 1 ? '' : 's'} in the last ${r.retentionDays} days, grouped by meaning, largest first.`,
        fields: r.groups.map((g) => ({
          name: `${g.count} question${g.count === 1 ? '' : 's'}`,
          value: g.examples.map((e) => `• ${userText(e, 200)}`).join('\n'),
        })),
      },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Primary,
            label: 'Add an answer',
            custom_id: encodeCustomId(GAP_ADD, userId),
          },
        ],
      },
    ],
  };
}

/** The report as text: the groups only (the "Add an answer" button is Discord's). */
export function gapsText(r: GapsResult): string {
  const questions = (n: number) => `${n} unanswered question${n === 1 ? '' : 's'}`;
  if (r.kind === 'gaps-cleared') return `forgot ${questions(r.count)}`;
  if (r.total === 0) return `no unanswered questions in the last ${r.retentionDays} days`;
  return [
    `${questions(r.total)} in the last ${r.retentionDays} days, grouped by meaning, largest first`,
    ...r.groups.map((g) => `${g.count}: ${g.examples.join(' | ')}`),
  ].join('\n');
}
