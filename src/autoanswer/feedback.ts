import { createHash } from 'node:crypto';
import type { KvStore } from '../kb/store.ts';
import { feedbackPrefix, voteKey } from './keys.ts';

export type Vote = 'solved' | 'notit';

export interface FeedbackCounts {
  solved: number;
  notIt: number;
}

/** Who voted is kept only as a hash, enough to count each person once per reply. */
const voterHash = (replyId: string, userId: string): string =>
  createHash('sha256').update(`${replyId}:${userId}`).digest('hex').slice(0, 16);

/** "Solved it" / "Not it" votes on auto-answers: one key per person and reply. */
export class Feedback {
  constructor(private readonly store: KvStore) {}

  /** Records a vote; returns the person's previous vote on this reply, if any. */
  async vote(
    guildId: string,
    docId: string,
    replyId: string,
    userId: string,
    vote: Vote,
  ): Promise<Vote | undefined> {
    const key = voteKey(guildId, docId, replyId, voterHash(replyId, userId));
    const before = (await this.store.get(key)) as Vote | undefined;
    if (before !== vote) await this.store.set(key, vote);
    return before;
  }

  /** Counts per document of this server. */
  async counts(guildId: string): Promise<Map<string, FeedbackCounts>> {
    const prefix = feedbackPrefix(guildId);
    const out = new Map<string, FeedbackCounts>();
    for await (const [key, value] of this.store.scan(prefix)) {
      const docId = key.slice(prefix.length).split(':')[0]!;
      const c = out.get(docId) ?? { solved: 0, notIt: 0 };
      if (value === 'solved') c.solved++;
      else if (value === 'notit') c.notIt++;
      out.set(docId, c);
    }
    return out;
  }

  async clear(guildId: string): Promise<number> {
    let removed = 0;
    for await (const [key] of this.store.scan(feedbackPrefix(guildId))) {
      await this.store.delete(key);
      removed++;
    }
    return removed;
  }
}

/** The documents with their vote counts, for /kb list (documents without votes are left as they are). */
export async function withFeedback<D extends { id: string }>(
  store: KvStore,
  guildId: string,
  docs: D[],
): Promise<(D & { feedback?: FeedbackCounts })[]> {
  const counts = await new Feedback(store).counts(guildId);
  return docs.map((d) => {
    const c = counts.get(d.id);
    return c ? { ...d, feedback: c } : d;
  });
}

/** Vote totals over a server's documents still there, for /kb stats. */
export async function feedbackTotals(
  store: KvStore,
  guildId: string,
  documents: ReadonlySet<string>,
): Promise<FeedbackCounts> {
  const total = { solved: 0, notIt: 0 };
  for (const [docId, c] of await new Feedback(store).counts(guildId)) {
    if (!documents.has(docId)) continue;
    total.solved += c.solved;
    total.notIt += c.notIt;
  }
  return total;
}
