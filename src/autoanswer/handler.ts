import {
  type AnyThreadChannel,
  ChannelType,
  DiscordAPIError,
  type GuildTextBasedChannel,
  type Message,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
} from 'discord.js';
import type { Services } from '../context.ts';
import { NO_MENTIONS } from '../discord/ui.ts';
import { UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { ChannelPace } from './channel-pace.ts';
import { autoAnswerData } from './data.ts';
import { answerFor } from './decide.ts';
import { looksLikeQuestion, questionText, worthAsking } from './question.ts';
import { renderAutoAnswer } from './reply.ts';
import type { AutoAnswerSettings } from './settings.ts';

export interface AutoAnswerOptions {
  services: Services;
  logger: Logger;
  now?: () => number;
  /** How long a channel's on/off state and its server's settings are reused before reading again. */
  cacheMs?: number;
  /** How long a channel the bot could not send to is left alone before trying again. */
  blockedMs?: number;
}

const NO_PINGS = { ...NO_MENTIONS, repliedUser: false };
const FORUMS = new Set([ChannelType.GuildForum, ChannelType.GuildMedia]);
const PRUNE_EVERY_MS = 6 * 3_600_000;
const REFUSED = new Set<number>([RESTJSONErrorCodes.MissingPermissions, RESTJSONErrorCodes.MissingAccess]);

/**
 * Answers questions in the channels a server turned auto-answer on for: a message in a text
 * channel, or a new post in a forum (once, in its thread). Never throws into discord.js.
 */
export class AutoAnswer {
  private readonly pace: ChannelPace;
  private readonly now: () => number;
  private readonly cached = new Map<string, { until: number; value: Promise<unknown> }>();
  private readonly blocked = new Map<string, number>();
  private readonly warned = new Set<string>();
  private readonly posts = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly pruned = new Map<string, number>();

  constructor(private readonly options: AutoAnswerOptions) {
    this.now = options.now ?? Date.now;
    this.pace = new ChannelPace(this.now);
    autoAnswerData(this.store).config.onChange((guildId) => this.invalidate(guildId));
  }

  private get store() {
    return this.options.services.kb.store;
  }

  /** Resolves once every message being handled is done (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Forgets cached channel states and settings (after a change made in this process). */
  invalidate(guildId: string): void {
    for (const key of this.cached.keys()) if (key.startsWith(`${guildId}:`)) this.cached.delete(key);
  }

  /** Runs one event's work, tracked for idle(); never rejects. */
  private track(task: () => Promise<void>): Promise<void> {
    const safe = task().catch((error: unknown) =>
      this.options.logger.error({ err: error }, 'auto-answer failed'),
    );
    this.inFlight.add(safe);
    void safe.finally(() => this.inFlight.delete(safe));
    return safe;
  }

  /** A message in a server channel (the dispatcher's messageCreate). */
  onMessage(message: Message): Promise<void> {
    return this.track(() => this.message(message));
  }

  /** A new thread, answered when it is a forum post (the dispatcher's threadCreate). */
  onThread(thread: AnyThreadChannel, newlyCreated: boolean): Promise<void> {
    return this.track(() => this.thread(thread, newlyCreated));
  }

  private async message(message: Message): Promise<void> {
    if (!message.inGuild() || message.author.bot || message.webhookId || message.system) return;
    const channel = message.channel;
    if (channel.isThread()) return;
    if (!(await this.enabled(message.guildId, channel.id))) return;
    const text = questionText(message.content);
    if (!worthAsking(text) || this.isBlocked(message.guildId, channel)) return;
    const settings = await this.settings(message.guildId);
    // Decided even during the cooldown: an unanswered question still belongs in the gap report.
    const decision = await this.decide(message.guildId, text, settings);
    if (!decision) return;
    if (!decision.answer) {
      if (looksLikeQuestion(text)) await this.recordGap(message.guildId, message.id, text);
      return;
    }
    // After the model's wait, with no await until answered(): two messages cannot both pass.
    if (this.pace.wait(channel.id, settings.cooldownSeconds) > 0) return;
    if (this.pace.repeats(channel.id, decision.answer.id, settings.repeatMinutes)) return;
    this.pace.answered(channel.id, decision.answer.id);
    await this.send(message.guildId, channel, message, decision, text);
  }

  private async thread(thread: AnyThreadChannel, newlyCreated: boolean): Promise<void> {
    const parent = thread.parent;
    if (!newlyCreated || !parent || !FORUMS.has(parent.type) || this.posts.has(thread.id)) return;
    if (!(await this.enabled(thread.guildId, parent.id))) return;
    // At most one answer per post, however often Discord repeats the event (checked after the await).
    if (this.posts.has(thread.id)) return;
    this.posts.add(thread.id);
    if (this.posts.size > 10_000) this.posts.delete(this.posts.values().next().value!);
    if (this.isBlocked(thread.guildId, thread)) return;
    const starter = await thread.fetchStarterMessage().catch((error: unknown) => {
      this.options.logger.warn({ err: error, channel: thread.id }, 'could not read a new forum post');
      return null;
    });
    if (!starter || starter.author.bot || starter.webhookId) return;
    const text = questionText(`${thread.name}\n${starter.content}`);
    if (!worthAsking(text)) return;
    const settings = await this.settings(thread.guildId);
    const decision = await this.decide(thread.guildId, text, settings);
    if (!decision) return;
    if (!decision.answer) {
      await this.recordGap(thread.guildId, starter.id, text);
      return;
    }
    await this.send(thread.guildId, thread, starter, decision, text);
  }

  /** The decision `embedbot answer` gives; a knowledge base that cannot answer now stays quiet. */
  private async decide(guildId: string, text: string, settings: AutoAnswerSettings) {
    try {
      return await answerFor(this.options.services, guildId, text, settings);
    } catch (error) {
      // E.g. documents from another model: nothing to say until they are re-embedded.
      if (error instanceof UserError) {
        this.options.logger.debug({ guild: guildId, reason: error.message }, 'auto-answer skipped');
        return undefined;
      }
      throw error;
    }
  }

  private async send(
    guildId: string,
    channel: GuildTextBasedChannel,
    question: Message,
    decision: Awaited<ReturnType<AutoAnswer['decide']>> & {},
    text: string,
  ): Promise<void> {
    const answer = decision.answer!;
    try {
      await channel.send({
        ...renderAutoAnswer(question.id, answer, decision.alternatives),
        reply: { messageReference: question.id, failIfNotExists: false },
        allowedMentions: NO_PINGS,
      });
    } catch (error) {
      if (error instanceof DiscordAPIError && typeof error.code === 'number' && REFUSED.has(error.code)) {
        this.block(guildId, channel.id, error.message);
        return;
      }
      throw error;
    }
    this.options.logger.info(
      { guild: guildId, channel: channel.id, doc: answer.id, score: answer.score },
      'auto-answered',
    );
    await autoAnswerData(this.store).gaps.rememberAnswered(
      guildId,
      question.id,
      text,
      new Date(this.now()).toISOString(),
    );
  }

  private async recordGap(guildId: string, id: string, text: string): Promise<void> {
    const { gaps } = autoAnswerData(this.store);
    await gaps.record(guildId, { id, text, at: new Date(this.now()).toISOString(), why: 'unanswered' });
    // Now and then, forget what is past retention even if nobody looks at the gaps.
    const last = this.pruned.get(guildId) ?? 0;
    if (this.now() - last > PRUNE_EVERY_MS) {
      this.pruned.set(guildId, this.now());
      await gaps.list(guildId, (await this.settings(guildId)).retentionDays, this.now());
    }
  }

  /** A channel where the bot may not send: known from the cache, or from an earlier refusal. */
  private isBlocked(guildId: string, channel: GuildTextBasedChannel): boolean {
    const until = this.blocked.get(channel.id);
    if (until !== undefined && until > this.now()) return true;
    const me = channel.client.user ? channel.guild.members.me : null;
    if (me) {
      const need = channel.isThread()
        ? PermissionFlagsBits.SendMessagesInThreads
        : PermissionFlagsBits.SendMessages;
      const perms = channel.permissionsFor(me);
      if (perms && !perms.has([PermissionFlagsBits.ViewChannel, need])) {
        this.block(guildId, channel.id, 'missing permission to send messages');
        return true;
      }
    }
    return false;
  }

  private block(guildId: string, channelId: string, reason: string): void {
    this.blocked.set(channelId, this.now() + (this.options.blockedMs ?? 600_000));
    if (this.warned.has(channelId)) return;
    this.warned.add(channelId);
    this.options.logger.warn(
      { guild: guildId, channel: channelId, reason },
      'auto-answer cannot send in this channel; skipping it (give the bot Send Messages there)',
    );
  }

  private enabled(guildId: string, channelId: string): Promise<boolean> {
    return this.remember(`${guildId}:channel:${channelId}`, () =>
      autoAnswerData(this.store).config.isChannel(guildId, channelId),
    );
  }

  private settings(guildId: string): Promise<AutoAnswerSettings> {
    return this.remember(`${guildId}:settings`, () => autoAnswerData(this.store).config.settings(guildId));
  }

  private remember<T>(key: string, read: () => Promise<T>): Promise<T> {
    const hit = this.cached.get(key);
    if (hit && hit.until > this.now()) return hit.value as Promise<T>;
    const value = read();
    this.cached.set(key, { until: this.now() + (this.options.cacheMs ?? 10_000), value });
    value.catch(() => this.cached.delete(key));
    if (this.cached.size > 50_000) this.cached.clear();
    return value;
  }
}

const running = new WeakMap<Services, AutoAnswer>();

/** The process's auto-answerer for these services (its pace and caches live as long as they do). */
export function autoAnswerFor(services: Services, logger: Logger): AutoAnswer {
  let auto = running.get(services);
  if (!auto) {
    auto = new AutoAnswer({ services, logger });
    running.set(services, auto);
  }
  return auto;
}

/** Makes the auto-answerer for `options.services` with these options (tests: a clock, a logger). */
export function installAutoAnswer(options: AutoAnswerOptions): AutoAnswer {
  const auto = new AutoAnswer(options);
  running.set(options.services, auto);
  return auto;
}
