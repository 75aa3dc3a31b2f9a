import { describe, expect, it } from 'vitest';
import { kbText as renderKbText } from '../../commands/kb/cli.ts';
import { renderKb } from '../../commands/kb/discord.ts';
import { kb } from '../../commands/kb.ts';
import type { Services } from '../../src/command.ts';
import { UserError } from '../../src/errors.ts';
import { DuplicateError, KnowledgeBase, NEAR_DUPLICATE } from '../../src/kb/knowledge-base.ts';
import { cosine } from '../../src/math/vector.ts';
import { Vocabulary } from '../../src/vocabulary.ts';
import { FakeEmbedder } from '../helpers/fake-embedder.ts';
import { silentLogger } from '../helpers/kb.ts';
import { tempStore } from '../helpers/services.ts';

const GUILD = '200000000000000002';
const USER = '100000000000000001';

function fakeKb(quota?: number) {
  const embedder = new FakeEmbedder();
  const store = tempStore();
  const base = new KnowledgeBase({ store, embedder, logger: silentLogger(), ...(quota ? { quota } : {}) });
  const services: Services = { embedder, vocabulary: new Vocabulary(), kb: base };
  const run = (input: Parameters<typeof kb.run>[0]) =>
    kb.run(input, services, { userId: USER, guildId: GUILD });
  return { base, run, embedder };
}

const LONG =
  'Lentil soup needs red lentils, an onion, two carrots, cumin, a bay leaf and a litre of stock; simmer for thirty minutes and blend half of it.';

describe('the fake embedder (what the logic tests below rely on)', () => {
  it('is deterministic, unit length and 384 wide', async () => {
    const e = new FakeEmbedder();
    const [a, b] = await Promise.all([e.embed(LONG), e.embed(LONG)]);
    expect(a.vector).toHaveLength(384);
    expect(Math.hypot(...a.vector)).toBeCloseTo(1, 6);
    expect([...a.vector]).toEqual([...b.vector]);
  });

  it('puts a one-word edit above the near-duplicate line and unrelated text far below', async () => {
    const e = new FakeEmbedder();
    const base = (await e.embed(LONG)).vector;
    const edited = (await e.embed(LONG.replace('thirty', 'forty'))).vector;
    const other = (await e.embed('The orbit of Mars takes 687 Earth days.')).vector;
    expect(cosine(base, edited)).toBeGreaterThanOrEqual(NEAR_DUPLICATE);
    expect(cosine(base, other)).toBeLessThan(0.5);
  });
});

describe('knowledge-base logic without the model (fake embedder)', () => {
  it('quota: the add past it is refused with the limit named, and a removal makes room', async () => {
    const { base } = fakeKb(3);
    const ids: string[] = [];
    for (const topic of ['cricket rules', 'bicycle tyres', 'violin lessons'])
      ids.push((await base.add(GUILD, { text: `Notes on ${topic}.`, addedBy: USER })).id);
    const refused = await base.add(GUILD, { text: 'Notes on houseplants.', addedBy: USER }).catch((e) => e);
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as Error).message).toMatch(/full \(3 documents\)/);
    expect((await base.list(GUILD)).total).toBe(3);
    await base.remove(GUILD, ids[0]!);
    await base.add(GUILD, { text: 'Notes on houseplants.', addedBy: USER });
    expect((await base.list(GUILD)).total).toBe(3);
  });

  it('exact duplicates are refused, even with other spacing; near ones are added and flagged', async () => {
    const { base } = fakeKb();
    const first = await base.add(GUILD, { text: LONG, title: 'Soup', addedBy: USER });
    const again = await base
      .add(GUILD, { text: `  ${LONG.replace(/ /g, ' \n ')} `, addedBy: USER })
      .catch((e) => e);
    expect(again).toBeInstanceOf(DuplicateError);
    expect((again as Error).message).toContain(first.id);
    const near = await base.add(GUILD, { text: LONG.replace('thirty', 'forty'), addedBy: USER });
    expect(near.nearDuplicate).toMatchObject({ id: first.id, title: 'Soup' });
    expect(near.nearDuplicate!.score).toBeGreaterThanOrEqual(NEAR_DUPLICATE);
    const unrelated = await base.add(GUILD, {
      text: 'The orbit of Mars takes 687 Earth days.',
      addedBy: USER,
    });
    expect(unrelated.nearDuplicate).toBeUndefined();
    expect((await base.list(GUILD)).total).toBe(3);
  });

  it('import: JSONL keeps the good lines and reports each bad one by its line number', async () => {
    const { base } = fakeKb();
    const jsonl = [
      JSON.stringify({ text: 'How to repair a bicycle tyre.', title: 'Tyres' }),
      '{not json',
      JSON.stringify({ title: 'no text here' }),
      JSON.stringify({ text: 'The rules of cricket.' }),
      JSON.stringify({ text: 'How to repair a bicycle tyre.' }),
    ].join('\n');
    const r = await base.import(GUILD, jsonl, USER);
    expect(r.added).toBe(2);
    expect(r.errors.map((e) => e.line)).toEqual([2, 3, 5]);
    expect(r.errors.find((e) => e.line === 5)).toMatchObject({ duplicate: true });
    const listed = await base.list(GUILD);
    expect(listed.documents.map((d) => d.title ?? d.text).sort()).toEqual(['The rules of cricket.', 'Tyres']);
  });

  it('import: plain text becomes one document per paragraph', async () => {
    const { base } = fakeKb();
    const r = await base.import(
      GUILD,
      'First paragraph\nstill the first.\n\nSecond one.\n\n\n\nThird one.\n',
      USER,
    );
    expect(r).toEqual({ added: 3, errors: [] });
    const texts = (await base.list(GUILD)).documents.map((d) => d.text).sort();
    expect(texts).toEqual(['First paragraph\nstill the first.', 'Second one.', 'Third one.']);
  });

  it('listing: pages of ten in id (adding) order, and export gives every document back', async () => {
    const { base } = fakeKb();
    const added: string[] = [];
    for (let i = 0; i < 25; i++)
      added.push(
        (await base.add(GUILD, { text: `Note number ${i} about item ${i * 7}.`, addedBy: USER })).id,
      );
    const pages = await Promise.all([1, 2, 3].map((p) => base.list(GUILD, p)));
    expect(pages.map((p) => [p.total, p.pages, p.page, p.documents.length])).toEqual([
      [25, 3, 1, 10],
      [25, 3, 2, 10],
      [25, 3, 3, 5],
    ]);
    expect(pages.flatMap((p) => p.documents.map((d) => d.id))).toEqual(added);
    const exported = (await base.export(GUILD))
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; text: string });
    expect(exported.map((d) => d.id)).toEqual(added);
    expect(exported[3]!.text).toBe('Note number 3 about item 21.');
  });

  it('search: the document sharing the query words ranks first; another server sees nothing', async () => {
    const { base } = fakeKb();
    await base.add(GUILD, { text: 'Caring for houseplants in winter.', addedBy: USER });
    const target = await base.add(GUILD, { text: 'How to repair a bicycle tyre puncture.', addedBy: USER });
    await base.add(GUILD, { text: 'The history of Roman aqueducts.', addedBy: USER });
    const hits = await base.search(GUILD, 'repair bicycle tyre', 3);
    expect(hits[0]!.id).toBe(target.id);
    expect(await base.search('300000000000000003', 'repair bicycle tyre', 3)).toEqual([]);
  });

  it('rendering: list and stats, as the CLI prints them and as Discord receives them', async () => {
    const { run } = fakeKb(50);
    await run({ subcommand: 'add', text: 'How to repair a bicycle tyre.', title: 'Tyres' });
    await run({ subcommand: 'add', text: 'The rules of cricket, briefly.' });
    const list = await run({ subcommand: 'list' });
    const text = renderKbText(list);
    expect(text).toContain('Tyres');
    expect(text).toContain('The rules of cricket, briefly.');
    const stats = await run({ subcommand: 'stats' });
    expect(stats).toMatchObject({ kind: 'stats', documents: 2, chunks: 2, quota: 50, graph: 'exact' });
    expect(renderKbText(stats)).toMatch(/^documents: 2 of 50\nchunks: 2\n[\s\S]*search: exact\n/);
    const fields = renderKb(stats, USER).embeds?.[0]?.fields;
    expect(fields).toContainEqual({ name: 'Documents', value: '2 of 50', inline: true });
    expect(fields).toContainEqual({ name: 'Search', value: 'exact', inline: true });
  });
});
