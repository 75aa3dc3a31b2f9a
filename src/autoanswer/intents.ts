import { GatewayCloseCodes, GatewayIntentBits } from 'discord.js';
import type { KvStore } from '../kb/store.ts';
import type { Logger } from '../log.ts';
import { INTENT_REFUSED_KEY } from './keys.ts';
import { anyAutoAnswerChannel } from './settings.ts';

/** Where a bot's owner turns the privileged intent on. */
export const MESSAGE_CONTENT_SETTING =
  'Discord Developer Portal → your application → Bot → Privileged Gateway Intents → Message Content Intent';

export const GUILDS_ONLY = [GatewayIntentBits.Guilds];
export const WITH_MESSAGES = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.MessageContent,
];

/** AUTOANSWER: `on` always asks for Message Content, `off` never, `auto` when a channel exists. */
export type AutoAnswerMode = 'auto' | 'on' | 'off';

/**
 * Whether this process reads messages: 'on'; 'off' (no auto-answer channel when it started);
 * 'disabled' (AUTOANSWER=off); 'refused' (Discord closed the gateway with 4014); 'unknown' (not a
 * gateway bot, e.g. `embedbot serve`, or not connected yet).
 */
export type MessageContentStatus = 'on' | 'off' | 'disabled' | 'refused' | 'unknown';
let status: MessageContentStatus = 'unknown';
export const messageContentStatus = (): MessageContentStatus => status;

export async function wantsMessageContent(store: KvStore, mode: AutoAnswerMode): Promise<boolean> {
  if (mode !== 'auto') return mode === 'on';
  return anyAutoAnswerChannel(store);
}

/**
 * Connects with the intents auto-answer needs when the store (or AUTOANSWER) asks for them. When
 * Discord refuses the privileged Message Content intent (gateway close 4014), the bot says so (log,
 * `/kb autoanswer list`, `embedbot doctor` through the store) and connects again with the Guilds
 * intent only. `connect` makes a client with these intents and logs it in; it rejects with an
 * error carrying `closeCode` for a fatal gateway close.
 */
export async function connectWithIntents<C>(options: {
  store: KvStore;
  mode: AutoAnswerMode;
  logger: Logger;
  connect: (intents: GatewayIntentBits[]) => Promise<C>;
}): Promise<{ client: C; messages: boolean }> {
  const { store, logger, connect } = options;
  if (!(await wantsMessageContent(store, options.mode))) {
    status = options.mode === 'off' ? 'disabled' : 'off';
    return { client: await connect(GUILDS_ONLY), messages: false };
  }
  try {
    const client = await connect(WITH_MESSAGES);
    status = 'on';
    await store.delete(INTENT_REFUSED_KEY);
    logger.info('Message Content intent granted: auto-answers are on');
    return { client, messages: true };
  } catch (error) {
    if ((error as { closeCode?: unknown }).closeCode !== GatewayCloseCodes.DisallowedIntents) throw error;
  }
  status = 'refused';
  logger.warn(
    { setting: MESSAGE_CONTENT_SETTING },
    'Discord refused the Message Content intent (gateway close 4014): starting without auto-answers. Turn it on in the Developer Portal, then restart.',
  );
  await store.set(INTENT_REFUSED_KEY, new Date().toISOString());
  return { client: await connect(GUILDS_ONLY), messages: false };
}

/** The line `embedbot doctor` and `/kb autoanswer list` show about the intent, or null when fine. */
export async function intentProblem(store: KvStore): Promise<string | null> {
  const at = await store.get(INTENT_REFUSED_KEY);
  if (at === undefined && status !== 'refused') return null;
  return `Discord refused the Message Content intent${at ? ` (last at ${at})` : ''}, so auto-answers are off. Turn it on: ${MESSAGE_CONTENT_SETTING}, then restart the bot.`;
}

/** `embedbot doctor`'s auto-answer line: what the bot will ask for, and a refusal seen by a bot. */
export async function doctorAutoAnswer(store: KvStore, mode: AutoAnswerMode): Promise<string> {
  const problem = await intentProblem(store);
  if (problem) throw new Error(problem);
  return (await wantsMessageContent(store, mode))
    ? 'on: the bot asks for the Message Content intent (privileged; turn it on in the Developer Portal → Bot)'
    : 'off (no auto-answer channel, so the bot needs the Guilds intent only)';
}
