import { checkGuildId } from '../kb/document.ts';

// Every auto-answer key of a server lives under kb:<guild>:, so one guild never reads another's.
// One key per fact (a channel, a setting, a vote, a question): two processes writing at once never
// overwrite each other's data, because no key is read, changed and written back.
const base = (guildId: string): string => `kb:${checkGuildId(guildId)}:`;

export const settingsPrefix = (guildId: string): string => `${base(guildId)}autoanswer:`;
export const channelPrefix = (guildId: string): string => `${settingsPrefix(guildId)}channel:`;
export const channelKey = (guildId: string, channelId: string): string =>
  `${channelPrefix(guildId)}${channelId}`;
export const settingKey = (guildId: string, name: string): string => `${settingsPrefix(guildId)}set:${name}`;

export const feedbackPrefix = (guildId: string, docId = ''): string =>
  `${base(guildId)}feedback:${docId ? `${docId}:` : ''}`;
/** One person's vote on one reply: a second press overwrites their own key only. */
export const voteKey = (guildId: string, docId: string, replyId: string, voter: string): string =>
  `${feedbackPrefix(guildId, docId)}${replyId}:${voter}`;

export const gapPrefix = (guildId: string): string => `${base(guildId)}gap:`;
export const gapKey = (guildId: string, questionId: string): string => `${gapPrefix(guildId)}${questionId}`;
/** A question that was answered, kept (text and time) so that "Not it" can turn it into a gap. */
export const askedPrefix = (guildId: string): string => `${base(guildId)}asked:`;
export const askedKey = (guildId: string, questionId: string): string =>
  `${askedPrefix(guildId)}${questionId}`;

/**
 * One key per server that has an auto-answer channel, outside every server's prefix: the bot lists
 * this small prefix (never the documents) to choose its intents.
 */
export const ACTIVE_PREFIX = 'autoanswer:active:';
export const activeKey = (guildId: string): string => `${ACTIVE_PREFIX}${checkGuildId(guildId)}`;
/** Written by a bot whose Message Content intent Discord refused; read by `embedbot doctor`. */
export const INTENT_REFUSED_KEY = 'autoanswer:intent-refused';
