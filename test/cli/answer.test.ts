import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AutoAnswerConfig } from '../../src/autoanswer/settings.ts';
import { openStore } from '../../src/kb/store.ts';
import { cli } from '../helpers/cli.ts';
import { describeWithModel } from '../helpers/model.ts';
import { SUPPORT_FAQ } from '../helpers/support-faq.ts';

const GUILD = '222222222222222222';
// The support FAQ's first three entries.
const FAQ = SUPPORT_FAQ.slice(0, 3);

const saved = { ...process.env };
let store: string;
const fresh = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'embedbot-answer-'));
  store = `sqlite://${path.join(dir, 'kb.sqlite')}`;
  process.env.KB_STORE = store;
  return dir;
};
afterEach(() => {
  process.env = { ...saved };
});

describe('embedbot answer, without the model', () => {
  beforeEach(fresh);

  it('is listed in --help and has its own --help', async () => {
    const top = await cli('--help');
    expect(top.out).toMatch(/\n {2}answer +what the auto-answer would reply/);
    const own = await cli('answer', '--help');
    expect(own.code).toBe(0);
    expect(own.out).toMatch(/^Usage: embedbot answer --guild ID QUESTION \[--json\]/);
  });

  it('needs --guild and one question', async () => {
    expect(await cli('answer', 'How do refunds work?')).toEqual({
      code: 1,
      out: '',
      err: 'embedbot answer: --guild ID is required (the server whose knowledge base to ask).\n',
    });
    const none = await cli('answer', '--guild', GUILD);
    expect(none.code).toBe(1);
    expect(none.err).toBe('embedbot answer: usage: embedbot answer --guild ID QUESTION [--json]\n');
    const bad = await cli('answer', '--guild', 'general', 'How do refunds work?');
    expect(bad.err).toBe('embedbot answer: "general" is not a server id (a number).\n');
  });
});

describeWithModel('embedbot answer on the real model', () => {
  beforeAll(async () => {
    const dir = fresh();
    const file = path.join(dir, 'faq.jsonl');
    writeFileSync(file, FAQ.map((d) => JSON.stringify(d)).join('\n'));
    const imported = await cli('kb', 'import', '--guild', GUILD, file);
    expect(imported.code, imported.err).toBe(0);
  }, 120_000);
  beforeEach(() => {
    process.env.KB_STORE = store;
  });

  it('answers an FAQ question with the document and its passage (--json)', async () => {
    const r = await cli(
      'answer',
      '--guild',
      GUILD,
      'Can I get my money back after buying a subscription?',
      '--json',
    );
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out);
    expect(Object.keys(out)).toEqual(['answer', 'reason']);
    expect(Object.keys(out.answer)).toEqual(['id', 'title', 'snippet', 'score']);
    expect(out.answer.title).toBe('Refunds');
    expect(out.answer.snippet).toContain('full refund within 14 days');
    expect(out.answer.score).toBeGreaterThanOrEqual(0.5);
    expect(out.reason).toMatch(
      /^scored 0\.\d{3}, at or above the threshold 0\.50, 0\.\d{3} ahead of the next match$/,
    );
  }, 60_000);

  it('gives null with the reason for chatter, and words it without --json', async () => {
    const json = await cli('answer', '--guild', GUILD, 'lol that match last night was wild', '--json');
    const out = JSON.parse(json.out);
    expect(out.answer).toBeNull();
    expect(out.reason).toMatch(/^the best match scored -?0\.\d{3}, under the threshold 0\.50$/);
    const text = await cli('answer', '--guild', GUILD, 'lol that match last night was wild');
    expect(text).toEqual({ code: 0, out: `No answer: ${out.reason}.\n`, err: '' });
    const short = await cli('answer', '--guild', GUILD, 'ok thanks', '--json');
    expect(JSON.parse(short.out)).toEqual({ answer: null, reason: 'fewer than three words: not looked up' });
  }, 60_000);

  it("uses the server's auto-answer threshold, as the bot does", async () => {
    const kv = await openStore(store);
    await new AutoAnswerConfig(kv).update(GUILD, { threshold: 0.99 });
    await kv.close();
    const r = await cli('answer', '--guild', GUILD, 'Can I get my money back after buying a subscription?');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^No answer: the best match scored 0\.\d{3}, under the threshold 0\.99\.\n$/);
    const other = await cli(
      'answer',
      '--guild',
      '333333333333333333',
      'How do I get my money back?',
      '--json',
    );
    expect(JSON.parse(other.out)).toEqual({ answer: null, reason: 'the knowledge base is empty' });
  }, 60_000);
});
