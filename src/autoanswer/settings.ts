import { UserError } from '../errors.ts';
import { DEFAULT_ANSWER_THRESHOLD } from '../kb/answer.ts';
import type { KvStore } from '../kb/store.ts';
import { ACTIVE_PREFIX, activeKey, channelKey, channelPrefix, settingKey } from './keys.ts';

export interface AutoAnswerSettings {
  /** Score the best passage must reach for an unprompted answer. */
  threshold: number;
  /** Least time between two answers in one text channel. */
  cooldownSeconds: number;
  /** The same document is not given twice in a row in one channel within this time. */
  repeatMinutes: number;
  /** Unanswered and "Not it" questions are forgotten after this long. */
  retentionDays: number;
}

export const DEFAULT_AUTOANSWER: AutoAnswerSettings = {
  threshold: DEFAULT_ANSWER_THRESHOLD,
  cooldownSeconds: 60,
  repeatMinutes: 10,
  retentionDays: 30,
};

const LIMITS: Record<keyof AutoAnswerSettings, [min: number, max: number]> = {
  threshold: [0, 1],
  cooldownSeconds: [0, 86_400],
  repeatMinutes: [0, 1440],
  retentionDays: [1, 365],
};

const NAMES = Object.keys(DEFAULT_AUTOANSWER) as (keyof AutoAnswerSettings)[];

/** A server's auto-answer channels and settings, each its own key. */
export class AutoAnswerConfig {
  private readonly listeners = new Set<(guildId: string) => void>();

  constructor(private readonly store: KvStore) {}

  /** Called after this process changes a server's channels or settings (caches listen). */
  onChange(listener: (guildId: string) => void): void {
    this.listeners.add(listener);
  }

  private changed(guildId: string): void {
    for (const listener of this.listeners) listener(guildId);
  }

  async settings(guildId: string): Promise<AutoAnswerSettings> {
    const values = await Promise.all(NAMES.map((n) => this.store.get(settingKey(guildId, n))));
    const out = { ...DEFAULT_AUTOANSWER };
    NAMES.forEach((name, i) => {
      const value = Number(values[i]);
      const [min, max] = LIMITS[name];
      if (values[i] !== undefined && Number.isFinite(value) && value >= min && value <= max)
        out[name] = value;
    });
    return out;
  }

  async update(guildId: string, change: Partial<AutoAnswerSettings>): Promise<AutoAnswerSettings> {
    for (const [name, value] of Object.entries(change) as [keyof AutoAnswerSettings, number][]) {
      const [min, max] = LIMITS[name];
      if (!(Number.isFinite(value) && value >= min && value <= max))
        throw new UserError(`${name} must be a number from ${min} to ${max}.`);
    }
    for (const [name, value] of Object.entries(change))
      await this.store.set(settingKey(guildId, name), String(value));
    this.changed(guildId);
    return this.settings(guildId);
  }

  async isChannel(guildId: string, channelId: string): Promise<boolean> {
    return (await this.store.get(channelKey(guildId, channelId))) !== undefined;
  }

  /** True when the channel was not on the list before. */
  async addChannel(guildId: string, channelId: string): Promise<boolean> {
    const before = await this.isChannel(guildId, channelId);
    await this.store.set(channelKey(guildId, channelId), new Date().toISOString());
    // After the channel: a removal that deletes this hint and then lists the channels will see it.
    await this.store.set(activeKey(guildId), '1');
    this.changed(guildId);
    return !before;
  }

  /** True when the channel was on the list. */
  async removeChannel(guildId: string, channelId: string): Promise<boolean> {
    const removed = await this.store.delete(channelKey(guildId, channelId));
    this.changed(guildId);
    if (removed) await this.recheckActive(guildId);
    return removed;
  }

  async channels(guildId: string): Promise<string[]> {
    const prefix = channelPrefix(guildId);
    const out: string[] = [];
    for await (const [key] of this.store.scan(prefix)) out.push(key.slice(prefix.length));
    return out.sort();
  }

  /**
   * Clears the server's "has auto-answer channels" hint when it has none left. The hint goes first
   * and comes back if a channel is found, so a channel added meanwhile keeps it set.
   */
  private async recheckActive(guildId: string): Promise<void> {
    if ((await this.channels(guildId)).length > 0) return;
    await this.store.delete(activeKey(guildId));
    if ((await this.channels(guildId)).length > 0) await this.store.set(activeKey(guildId), '1');
  }
}

/** Whether any server has an auto-answer channel (lists one key per such server, nothing else). */
export async function anyAutoAnswerChannel(store: KvStore): Promise<boolean> {
  for await (const _ of store.scan(ACTIVE_PREFIX)) return true;
  return false;
}
