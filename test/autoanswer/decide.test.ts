import { afterEach, describe, expect, it } from 'vitest';
import { answerFor } from '../../src/autoanswer/decide.ts';
import { AutoAnswerConfig } from '../../src/autoanswer/settings.ts';
import type { Services } from '../../src/context.ts';
import type { SearchResult } from '../../src/kb/knowledge-base.ts';
import { type KvStore, lazyStore } from '../../src/kb/store.ts';

const GUILD = '222222222222222222';
const result = (id: string, score: number): SearchResult => ({
  id,
  title: id,
  snippet: `${id} passage`,
  score,
  weak: false,
  addedBy: '1',
  addedAt: '2026-01-01T00:00:00.000Z',
});

let store: KvStore;
afterEach(async () => {
  await store.close();
});

/** A knowledge base that answers every search with `results`, and records the queries. */
function services(results: SearchResult[]) {
  store = lazyStore('sqlite://:memory:');
  const queries: string[] = [];
  const kb = {
    store,
    search: async (_guild: string, query: string) => {
      queries.push(query);
      return results;
    },
    settings: async () => ({ threshold: 0.3, writerRoleId: null }),
  };
  return { services: { kb } as unknown as Pick<Services, 'kb'>, queries };
}

describe('answerFor: the decision both embedbot answer and the auto-answer use', () => {
  it("decides at the server's auto-answer threshold, and offers only alternatives that are not weak", async () => {
    const { services: s, queries } = services([result('a', 0.62), result('b', 0.41), result('c', 0.22)]);
    const decision = await answerFor(
      s,
      GUILD,
      'How do refunds work <@123456789012345678>? https://x.example/y',
    );
    expect(queries).toEqual(['How do refunds work ?']);
    expect(decision.answer).toEqual({ id: 'a', title: 'a', snippet: 'a passage', score: 0.62 });
    expect(decision.alternatives.map((a) => a.id)).toEqual(['b']);
    await new AutoAnswerConfig(store).update(GUILD, { threshold: 0.7 });
    const stricter = await answerFor(s, GUILD, 'How do refunds work?');
    expect(stricter.answer).toBeNull();
    expect(stricter.reason).toBe('the best match scored 0.620, under the threshold 0.70');
  });

  it('does not look up messages of fewer than three words', async () => {
    const { services: s, queries } = services([result('a', 0.9)]);
    expect(await answerFor(s, GUILD, 'ok thanks <@123456789012345678>')).toEqual({
      question: 'ok thanks',
      answer: null,
      alternatives: [],
      reason: 'fewer than three words: not looked up',
    });
    expect(queries).toEqual([]);
  });
});
