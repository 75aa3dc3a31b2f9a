/** A per-user sliding window: at most `uses` commands in any `seconds`-long stretch. */
export class Cooldown {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly uses: number,
    private readonly seconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a use and returns 0, or returns the whole seconds to wait (recording nothing). */
  take(userId: string): number {
    const now = this.now();
    const windowMs = this.seconds * 1000;
    const times = (this.recent.get(userId) ?? []).filter((t) => now - t < windowMs);
    if (times.length >= this.uses) {
      this.recent.set(userId, times);
      return Math.max(1, Math.ceil((times[0]! + windowMs - now) / 1000));
    }
    times.push(now);
    this.recent.set(userId, times);
    this.sweep(now, windowMs);
    return 0;
  }

  /** Forgets users with nothing in the window, so the map does not grow for months. */
  private sweep(now: number, windowMs: number): void {
    if (this.recent.size < 10_000) return;
    for (const [user, times] of this.recent) {
      if (times.every((t) => now - t >= windowMs)) this.recent.delete(user);
    }
  }
}
