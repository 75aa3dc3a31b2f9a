/**
 * How often the bot may speak up in one channel: at most one answer per cooldown, and never the
 * same document twice in a row within the repeat window. In memory: a restart forgets it.
 */
export class ChannelPace {
  private readonly last = new Map<string, { at: number; docId: string }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds until the channel may get another answer (0: it may now). */
  wait(channelId: string, cooldownSeconds: number): number {
    const last = this.last.get(channelId);
    if (!last) return 0;
    return Math.max(0, last.at + cooldownSeconds * 1000 - this.now());
  }

  /** True when `docId` was the channel's last answer, given less than `repeatMinutes` ago. */
  repeats(channelId: string, docId: string, repeatMinutes: number): boolean {
    const last = this.last.get(channelId);
    return last !== undefined && last.docId === docId && this.now() - last.at < repeatMinutes * 60_000;
  }

  answered(channelId: string, docId: string): void {
    this.last.set(channelId, { at: this.now(), docId });
    // A long-running bot in many channels: forget entries nobody could be waiting on any more.
    if (this.last.size > 10_000) {
      const cutoff = this.now() - 86_400_000;
      for (const [id, v] of this.last) if (v.at < cutoff) this.last.delete(id);
    }
  }
}
