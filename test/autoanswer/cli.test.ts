import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { autoAnswerData } from '../../src/autoanswer/data.ts';
import { openStore } from '../../src/kb/store.ts';
import { cli } from '../helpers/cli.ts';
import { describeWithModel } from '../helpers/model.ts';

const GUILD = '222222222222222222';
const OTHER = '222222222222222223';
const saved = { ...process.env };
let store: string;

describeWithModel('auto-answer data in the CLI', () => {
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'embedbot-aa-cli-'));
    store = `sqlite://${path.join(dir, 'kb.sqlite')}`;
    process.env.KB_STORE = store;
    const file = path.join(dir, 'faq.jsonl');
    writeFileSync(
      file,
      [
        { title: 'Refunds', text: 'You can get a full refund within 14 days of buying a subscription.' },
        { title: 'Dark mode', text: 'Dark mode is under Settings → Appearance → Theme.' },
      ]
        .map((d) => JSON.stringify(d))
        .join('\n'),
    );
    expect((await cli('kb', 'import', '--guild', GUILD, file)).code).toBe(0);
  }, 120_000);
  afterAll(() => {
    process.env = { ...saved };
  });

  it('kb list and kb stats show the votes on auto-answers; kb clear forgets them and the gaps', async () => {
    const listed = JSON.parse((await cli('kb', 'list', '--guild', GUILD, '--all', '--json')).out) as {
      documents: { id: string; title: string }[];
    };
    const refunds = listed.documents.find((d) => d.title === 'Refunds')!.id;
    const kv = await openStore(store);
    const data = autoAnswerData(kv);
    await data.feedback.vote(GUILD, refunds, '700000000000000001', '100000000000000001', 'solved');
    await data.feedback.vote(GUILD, refunds, '700000000000000001', '100000000000000002', 'notit');
    await data.feedback.vote(GUILD, refunds, '700000000000000002', '100000000000000001', 'solved');
    const at = new Date().toISOString();
    await data.gaps.record(GUILD, {
      id: '700000000000000003',
      text: 'Is there an app?',
      at,
      why: 'unanswered',
    });
    await data.gaps.record(OTHER, {
      id: '700000000000000004',
      text: 'Is there an app?',
      at,
      why: 'unanswered',
    });

    const list = await cli('kb', 'list', '--guild', GUILD);
    expect(list.out).toMatch(new RegExp(`^${refunds} {2}"Refunds" {2}\\(2 solved, 1 not it\\)$`, 'm'));
    expect(list.out.match(/solved/g)).toHaveLength(1);
    const json = JSON.parse((await cli('kb', 'list', '--guild', GUILD, '--all', '--json')).out);
    expect(json.documents.find((d: { id: string }) => d.id === refunds).feedback).toEqual({
      solved: 2,
      notIt: 1,
    });
    const stats = await cli('kb', 'stats', '--guild', GUILD);
    expect(stats.out).toContain('\nauto-answer feedback: 2 solved, 1 not it\n');

    expect((await cli('kb', 'clear', '--guild', GUILD, '--yes')).code).toBe(0);
    expect(await data.gaps.list(GUILD, 30)).toEqual([]);
    expect(await data.feedback.counts(GUILD)).toEqual(new Map());
    // The other server keeps its gap.
    expect((await data.gaps.list(OTHER, 30)).map((g) => g.text)).toEqual(['Is there an app?']);
    await kv.close();
  }, 120_000);
});
