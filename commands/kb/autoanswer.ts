import {
  type ApplicationCommandOptionAllowedChannelType,
  ApplicationCommandOptionType,
  ChannelType,
} from 'discord.js';
import { autoAnswerData } from '../../src/autoanswer/data.ts';
import {
  intentProblem,
  type MessageContentStatus,
  messageContentStatus,
} from '../../src/autoanswer/intents.ts';
import type { AutoAnswerSettings } from '../../src/autoanswer/settings.ts';
import type { Services } from '../../src/context.ts';
import type { Reply } from '../../src/discord/ui.ts';
import { UserError } from '../../src/errors.ts';
import { group, sub } from './subcommand.ts';

export type AutoAnswerSubcommand =
  | 'autoanswer add'
  | 'autoanswer remove'
  | 'autoanswer list'
  | 'autoanswer threshold'
  | 'autoanswer pace';

export interface AutoAnswerInput {
  subcommand: AutoAnswerSubcommand;
  channel?: string;
  value?: number;
  cooldown?: number;
  repeat?: number;
  retention?: number;
}

export interface AutoAnswerResult {
  kind: 'autoanswer';
  action: 'add' | 'remove' | 'list' | 'threshold' | 'pace';
  /** add/remove: the channel concerned, and whether the list changed. */
  channel?: string;
  changed: boolean;
  channels: string[];
  settings: AutoAnswerSettings;
  messageContent: MessageContentStatus;
  /** Why auto-answers cannot work right now (the intent refused), if so. */
  problem: string | null;
}

export const autoAnswerWrites = (
  input: Omit<AutoAnswerInput, 'subcommand'> & { subcommand: string },
): boolean =>
  ['autoanswer add', 'autoanswer remove', 'autoanswer threshold'].includes(input.subcommand) ||
  (input.subcommand === 'autoanswer pace' &&
    (input.cooldown !== undefined || input.repeat !== undefined || input.retention !== undefined));

const CHANNEL_TYPES: ApplicationCommandOptionAllowedChannelType[] = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildForum,
];
const T = ApplicationCommandOptionType;
const channel = <const D extends string>(description: D) => ({
  type: ApplicationCommandOptionType.Channel as const,
  name: 'channel' as const,
  description,
  required: true as const,
  channel_types: CHANNEL_TYPES,
});

/** /kb autoanswer as Discord receives it (a subcommand group of /kb). */
export const autoAnswerGroup = group('autoanswer', 'Answer questions in chosen channels without a command', [
  sub('add', 'Answer questions in this text or forum channel', [channel('A text or forum channel')]),
  sub('remove', 'Stop answering in a channel', [channel('The channel')]),
  sub('list', 'Channels, threshold, cooldown and retention', []),
  sub('threshold', 'How sure the bot must be to answer unprompted (0–1)', [
    {
      type: T.Number,
      name: 'value',
      description: 'Score the best passage must reach',
      required: true,
      min_value: 0,
      max_value: 1,
    },
  ]),
  sub('pace', 'How often the bot answers, and how long unanswered questions are kept', [
    {
      type: T.Integer,
      name: 'cooldown',
      description: 'Seconds between answers in one channel',
      min_value: 0,
      max_value: 86_400,
    },
    {
      type: T.Integer,
      name: 'repeat',
      description: 'Minutes before the same document is given again in a channel',
      min_value: 0,
      max_value: 1440,
    },
    {
      type: T.Integer,
      name: 'retention',
      description: 'Days unanswered questions are kept',
      min_value: 1,
      max_value: 365,
    },
  ]),
]);

export async function runAutoAnswer(
  input: AutoAnswerInput,
  services: Services,
  guildId: string,
): Promise<AutoAnswerResult> {
  const { config } = autoAnswerData(services.kb.store);
  const action = input.subcommand.split(' ')[1] as AutoAnswerResult['action'];
  let changed = false;
  let settings: AutoAnswerSettings | undefined;
  if (action === 'add' || action === 'remove') {
    if (!input.channel || !/^\d{17,20}$/.test(input.channel)) throw new UserError('Choose a channel.');
    changed =
      action === 'add'
        ? await config.addChannel(guildId, input.channel)
        : await config.removeChannel(guildId, input.channel);
  } else if (action === 'threshold') {
    if (input.value === undefined) throw new UserError('Give the threshold, a number from 0 to 1.');
    settings = await config.update(guildId, { threshold: input.value });
    changed = true;
  } else if (action === 'pace') {
    const change: Partial<AutoAnswerSettings> = {};
    if (input.cooldown !== undefined) change.cooldownSeconds = input.cooldown;
    if (input.repeat !== undefined) change.repeatMinutes = input.repeat;
    if (input.retention !== undefined) change.retentionDays = input.retention;
    changed = Object.keys(change).length > 0;
    if (changed) settings = await config.update(guildId, change);
  } else if (action !== 'list') {
    throw new UserError(`Unknown /kb autoanswer subcommand "${String(input.subcommand)}".`);
  }
  return {
    kind: 'autoanswer',
    action,
    ...(input.channel && (action === 'add' || action === 'remove') ? { channel: input.channel } : {}),
    changed,
    channels: await config.channels(guildId),
    settings: settings ?? (await config.settings(guildId)),
    messageContent: messageContentStatus(),
    problem: await intentProblem(services.kb.store),
  };
}

function headline(r: AutoAnswerResult): string | null {
  const where = r.channel ? `<#${r.channel}>` : '';
  switch (r.action) {
    case 'add':
      return r.changed ? `Auto-answer is on in ${where}.` : `Auto-answer was already on in ${where}.`;
    case 'remove':
      return r.changed ? `Auto-answer is off in ${where}.` : `Auto-answer was not on in ${where}.`;
    case 'threshold':
      return `Saved. Answers need a score of at least **${r.settings.threshold.toFixed(2)}**.`;
    case 'pace':
      return r.changed ? 'Saved.' : null;
    default:
      return null;
  }
}

/** What the bot reads now, in words, when channels are set. */
function intentLine(r: AutoAnswerResult): string | null {
  if (r.problem) return `⚠️ ${r.problem}`;
  if (r.channels.length > 0 && r.messageContent === 'off')
    return '⚠️ The bot started without the Message Content intent (no auto-answer channel then): restart it to start answering.';
  if (r.channels.length > 0 && r.messageContent === 'disabled')
    return '⚠️ The bot runs with AUTOANSWER=off, so it reads no messages: set AUTOANSWER=auto (or on) and restart it to start answering.';
  return null;
}

export function renderAutoAnswerKb(r: AutoAnswerResult): Reply {
  const s = r.settings;
  const lines = [
    headline(r),
    `Channels: ${r.channels.length ? r.channels.map((c) => `<#${c}>`).join(', ') : 'none (auto-answer is off)'}`,
    `Threshold **${s.threshold.toFixed(2)}** · cooldown ${s.cooldownSeconds} s per channel · the same document at most once per ${s.repeatMinutes} min · unanswered questions kept ${s.retentionDays} days (/kb gaps show)`,
    intentLine(r),
  ].filter((l): l is string => l !== null);
  return { content: lines.join('\n') };
}

/** What the command did, on the command line (ids stand for channels there). */
function textHeadline(r: AutoAnswerResult): string | null {
  switch (r.action) {
    case 'add':
      return r.changed ? `auto-answer is on in ${r.channel}` : `auto-answer was already on in ${r.channel}`;
    case 'remove':
      return r.changed ? `auto-answer is off in ${r.channel}` : `auto-answer was not on in ${r.channel}`;
    case 'threshold':
      return `saved: answers need a score of at least ${r.settings.threshold}`;
    case 'pace':
      return r.changed ? 'saved' : null;
    default:
      return null;
  }
}

export function autoAnswerText(r: AutoAnswerResult): string {
  const s = r.settings;
  return [
    textHeadline(r),
    `channels: ${r.channels.join(', ') || 'none (auto-answer is off)'}`,
    `threshold: ${s.threshold}`,
    `cooldown: ${s.cooldownSeconds} s per channel`,
    `repeat: the same document at most once per ${s.repeatMinutes} min in a channel`,
    `retention: ${s.retentionDays} days`,
    r.problem,
  ]
    .filter((l): l is string => l !== null)
    .join('\n');
}
