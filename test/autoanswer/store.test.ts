import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { autoAnswerData, clearAutoAnswerContent } from '../../src/autoanswer/data.ts';
import { Feedback } from '../../src/autoanswer/feedback.ts';
import { GapStore, MAX_GAPS } from '../../src/autoanswer/gaps.ts';
import { activeKey, settingKey } from '../../src/autoanswer/keys.ts';
import { AutoAnswerConfig, anyAutoAnswerChannel, DEFAULT_AUTOANSWER } from '../../src/autoanswer/settings.ts';
import { DEFAULT_ANSWER_THRESHOLD } from '../../src/kb/answer.ts';
import { type KvStore, lazyStore } from '../../src/kb/store.ts';
import { entries } from '../helpers/kb.ts';

// Two servers whose ids are prefixes of each other: nothing of one may leak into the other.
const A = '12345678901234567';
const B = '123456789012345678';
const DAY = 86_400_000;

let store: KvStore;
beforeEach(() => {
  store = lazyStore('sqlite://:memory:');
});
afterEach(async () => {
  await store.close();
});

describe('auto-answer settings', () => {
  it('start from the defaults, the threshold from DEFAULT_ANSWER_THRESHOLD', async () => {
    const config = new AutoAnswerConfig(store);
    expect(await config.settings(A)).toEqual({ ...DEFAULT_AUTOANSWER, threshold: DEFAULT_ANSWER_THRESHOLD });
    expect(DEFAULT_AUTOANSWER.retentionDays).toBe(30);
  });

  it('keep each setting and each channel apart, per server; bad values are refused and lose nothing', async () => {
    const config = new AutoAnswerConfig(store);
    await config.update(A, { threshold: 0.62 });
    await config.update(A, { cooldownSeconds: 30 });
    await expect(config.update(A, { threshold: 2 })).rejects.toThrow(
      'threshold must be a number from 0 to 1.',
    );
    expect(await config.settings(A)).toMatchObject({ threshold: 0.62, cooldownSeconds: 30 });
    expect((await config.settings(B)).threshold).toBe(DEFAULT_ANSWER_THRESHOLD);

    expect(await config.addChannel(A, '400000000000000001')).toBe(true);
    expect(await config.addChannel(A, '400000000000000001')).toBe(false);
    await config.addChannel(B, '400000000000000002');
    expect(await config.channels(A)).toEqual(['400000000000000001']);
    expect(await config.channels(B)).toEqual(['400000000000000002']);
    expect(await config.isChannel(B, '400000000000000001')).toBe(false);
  });

  it('are validated on read: a tampered or out-of-range stored value falls back to its default', async () => {
    const config = new AutoAnswerConfig(store);
    await store.set(settingKey(A, 'threshold'), 'banana');
    await store.set(settingKey(A, 'cooldownSeconds'), '-5');
    await store.set(settingKey(A, 'retentionDays'), '0');
    await store.set(settingKey(A, 'repeatMinutes'), '15');
    expect(await config.settings(A)).toEqual({ ...DEFAULT_AUTOANSWER, repeatMinutes: 15 });
  });

  it('two processes adding channels at once keep both', async () => {
    const one = new AutoAnswerConfig(store);
    const two = new AutoAnswerConfig(store);
    const ids = Array.from({ length: 10 }, (_, i) => `40000000000000001${i}`);
    await Promise.all(ids.map((id, i) => (i % 2 ? one : two).addChannel(A, id)));
    expect(await one.channels(A)).toEqual(ids);
  });

  it('the "some server uses auto-answer" hint follows the channels of every server', async () => {
    const config = new AutoAnswerConfig(store);
    expect(await anyAutoAnswerChannel(store)).toBe(false);
    await config.addChannel(A, '400000000000000001');
    await config.addChannel(B, '400000000000000002');
    expect(await anyAutoAnswerChannel(store)).toBe(true);
    await config.removeChannel(A, '400000000000000001');
    expect(await anyAutoAnswerChannel(store)).toBe(true);
    await config.removeChannel(B, '400000000000000002');
    expect(await anyAutoAnswerChannel(store)).toBe(false);
    expect(await store.get(activeKey(A))).toBeUndefined();
    expect(await store.get(activeKey(B))).toBeUndefined();
  });
});

describe('votes', () => {
  it('count each person once per reply; a change of mind moves their vote', async () => {
    const feedback = new Feedback(store);
    expect(await feedback.vote(A, 'doc1', 'reply1', 'u1', 'solved')).toBeUndefined();
    expect(await feedback.vote(A, 'doc1', 'reply1', 'u1', 'solved')).toBe('solved');
    await feedback.vote(A, 'doc1', 'reply1', 'u2', 'solved');
    await feedback.vote(A, 'doc1', 'reply2', 'u1', 'notit');
    await feedback.vote(A, 'doc2', 'reply3', 'u3', 'notit');
    expect(await feedback.vote(A, 'doc2', 'reply3', 'u3', 'solved')).toBe('notit');
    await feedback.vote(B, 'doc1', 'reply9', 'u1', 'notit');
    expect(Object.fromEntries(await feedback.counts(A))).toEqual({
      doc1: { solved: 2, notIt: 1 },
      doc2: { solved: 1, notIt: 0 },
    });
    // Who voted is not in the store.
    const keys = [...(await entries(store, 'kb:')).keys()].join(' ');
    expect(keys).not.toMatch(/u1|u2|u3/);
  });
});

describe('knowledge gaps', () => {
  it('keep text and time only, one entry per question, for the retention period', async () => {
    const gaps = new GapStore(store);
    const now = Date.parse('2026-06-30T12:00:00Z');
    const iso = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
    await gaps.record(A, { id: 'm1', text: 'How do refunds work?', at: iso(31), why: 'unanswered' });
    await gaps.record(A, { id: 'm2', text: 'Where are the logs?', at: iso(29), why: 'unanswered' });
    await gaps.record(A, { id: 'm2', text: 'Where are the logs?', at: iso(29), why: 'unanswered' });
    await gaps.rememberAnswered(A, 'm3', 'Can I use dark mode?', iso(2));
    await gaps.rememberAnswered(A, 'm4', 'Old answered question?', iso(40));
    await gaps.record(B, { id: 'm5', text: 'Other server?', at: iso(1), why: 'unanswered' });

    expect(await gaps.notIt(A, 'm3')).toBe(true);
    expect(await gaps.notIt(A, 'nope')).toBe(false);
    expect(await gaps.list(A, 30, now)).toEqual([
      { id: 'm2', text: 'Where are the logs?', at: iso(29), why: 'unanswered' },
      { id: 'm3', text: 'Can I use dark mode?', at: iso(2), why: 'notit' },
    ]);
    // Expired entries are gone from the store, the other server's untouched.
    const left = [...(await entries(store, 'kb:')).keys()].sort();
    expect(left).toEqual([`kb:${A}:asked:m3`, `kb:${A}:gap:m2`, `kb:${A}:gap:m3`, `kb:${B}:gap:m5`].sort());
    expect(JSON.parse((await store.get(`kb:${A}:gap:m2`))!)).toEqual({
      text: 'Where are the logs?',
      at: iso(29),
      why: 'unanswered',
    });
  });

  it('drop the oldest past the cap', async () => {
    const gaps = new GapStore(store);
    const base = Date.parse('2026-06-01T00:00:00Z');
    for (let i = 0; i < MAX_GAPS + 3; i++)
      await gaps.record(A, {
        id: `m${i}`,
        text: `q${i}`,
        at: new Date(base + i * 1000).toISOString(),
        why: 'unanswered',
      });
    const kept = await gaps.list(A, 30, base + DAY);
    expect(kept).toHaveLength(MAX_GAPS);
    expect(kept[0]!.text).toBe('q3');
    expect(await gaps.list(A, 30, base + DAY)).toHaveLength(MAX_GAPS);
  });

  it('are cleared with the votes by `kb clear` for one server only; channels and settings stay', async () => {
    const data = autoAnswerData(store);
    await data.gaps.record(A, { id: 'm1', text: 'q?', at: new Date().toISOString(), why: 'unanswered' });
    await data.gaps.record(B, { id: 'm2', text: 'q?', at: new Date().toISOString(), why: 'unanswered' });
    await data.feedback.vote(A, 'doc', 'r', 'u', 'solved');
    await data.config.addChannel(A, '400000000000000001');
    await clearAutoAnswerContent(store, A);
    expect([...(await entries(store, `kb:${A}:`)).keys()]).toEqual([
      `kb:${A}:autoanswer:channel:400000000000000001`,
    ]);
    expect(await data.gaps.list(B, 30)).toHaveLength(1);
  });
});
