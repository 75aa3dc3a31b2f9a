import type { KvStore } from '../kb/store.ts';
import { askedKey, askedPrefix, gapKey, gapPrefix } from './keys.ts';

/** A question the knowledge base could not answer: its text and when, never who asked. */
export interface Gap {
  id: string;
  text: string;
  at: string;
  /** No passage cleared the threshold, or someone pressed "Not it". */
  why: 'unanswered' | 'notit';
}

const DAY = 86_400_000;
/** Beyond this many, the oldest questions of a server are dropped. */
export const MAX_GAPS = 2000;

/** Per-server unanswered questions, kept for the retention period. */
export class GapStore {
  constructor(private readonly store: KvStore) {}

  /** Keyed by the question's message id: recording one question twice keeps one entry. */
  async record(guildId: string, gap: Gap): Promise<void> {
    await this.store.set(
      gapKey(guildId, gap.id),
      JSON.stringify({ text: gap.text, at: gap.at, why: gap.why }),
    );
  }

  /** Keeps an answered question, so that a "Not it" can still turn it into a gap. */
  async rememberAnswered(guildId: string, id: string, text: string, at: string): Promise<void> {
    await this.store.set(askedKey(guildId, id), JSON.stringify({ text, at }));
  }

  /** "Not it" on the answer to question `id`: the question becomes a gap (once, whoever presses). */
  async notIt(guildId: string, id: string): Promise<boolean> {
    const raw = await this.store.get(askedKey(guildId, id));
    if (raw === undefined) return false;
    const asked = parse(raw);
    if (!asked) return false;
    await this.record(guildId, { id, text: asked.text, at: asked.at, why: 'notit' });
    return true;
  }

  /**
   * The server's gaps within `retentionDays`, oldest first; expired entries (and answered questions
   * past retention) are deleted on the way, and beyond MAX_GAPS the oldest go too.
   */
  async list(guildId: string, retentionDays: number, now = Date.now()): Promise<Gap[]> {
    const cutoff = now - retentionDays * DAY;
    const gaps: Gap[] = [];
    const expired: string[] = [];
    for await (const [key, raw] of this.scanOwn(guildId)) {
      const value = parse(raw);
      if (!value || Date.parse(value.at) < cutoff) {
        expired.push(key);
        continue;
      }
      const gp = gapPrefix(guildId);
      if (key.startsWith(gp)) {
        gaps.push({
          id: key.slice(gp.length),
          text: value.text,
          at: value.at,
          why: value.why ?? 'unanswered',
        });
      }
    }
    gaps.sort((a, b) => a.at.localeCompare(b.at));
    const over = gaps.length > MAX_GAPS ? gaps.splice(0, gaps.length - MAX_GAPS) : [];
    for (const g of over) expired.push(gapKey(guildId, g.id));
    for (const key of expired) await this.store.delete(key);
    return gaps;
  }

  /** Forgets every gap and answered question of this server; returns how many gaps there were. */
  async clear(guildId: string): Promise<number> {
    let gaps = 0;
    const gp = gapPrefix(guildId);
    for await (const [key] of this.scanOwn(guildId)) {
      await this.store.delete(key);
      if (key.startsWith(gp)) gaps++;
    }
    return gaps;
  }

  /** Gap and answered-question entries: two small prefixes, never the server's documents. */
  private async *scanOwn(guildId: string): AsyncIterable<[string, string]> {
    yield* this.store.scan(gapPrefix(guildId));
    yield* this.store.scan(askedPrefix(guildId));
  }
}

function parse(raw: string): { text: string; at: string; why?: Gap['why'] } | undefined {
  try {
    const v = JSON.parse(raw) as { text?: unknown; at?: unknown; why?: unknown };
    if (typeof v.text !== 'string' || typeof v.at !== 'string' || Number.isNaN(Date.parse(v.at)))
      return undefined;
    return { text: v.text, at: v.at, ...(v.why === 'notit' || v.why === 'unanswered' ? { why: v.why } : {}) };
  } catch {
    return undefined;
  }
}
