import type { APIEmbed, Client } from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { DEMO_DOCUMENTS } from '../../src/kb/demo.ts';
import { DEFAULT_SETTINGS, UNREADABLE_DOCUMENT } from '../../src/kb/knowledge-base.ts';
import {
  asMember,
  chatInput,
  FakeDiscord,
  GUILD_ID,
  messageBodies,
  type Recorded,
  serveAttachment,
  USER_ID,
} from '../helpers/fake-discord.ts';
import { describeWithModel } from '../helpers/model.ts';
import { realServices } from '../helpers/services.ts';
import {
  added,
  BLURPLE,
  ephemeral,
  file,
  GREEN,
  int,
  kbCommand,
  MANAGE,
  MEMBER,
  NO_WRITE,
  num,
  type Option,
  reply,
  str,
  sub,
  WRITER_ROLE,
  when,
  YELLOW,
} from './payloads.ts';
import { exchange, paths, route, wire } from './support.ts';

const embedOf = (r: Recorded): APIEmbed => {
  const data = r.path.endsWith('/callback') ? (r.body?.data as { embeds?: APIEmbed[] }) : r.body;
  const embeds = (data as { embeds?: APIEmbed[] } | undefined)?.embeds;
  expect(embeds).toHaveLength(1);
  return embeds![0]!;
};

/** An Old Babylonian line in cuneiform: a script all-MiniLM-L6-v2's vocabulary lacks, so every word is [UNK]. */
const CUNEIFORM = '𒀭𒂗𒆤 𒈗 𒆠𒂗𒂠 𒈗 𒆳𒆳';
const QUERY = '𒀭𒂗𒆤 𒈗';
/** Mycenaean Greek in Linear B, likewise unknown to the vocabulary. */
const LINEAR_B = '𐀀𐀩𐀏 𐀞𐀺𐀒 𐀁𐀒𐀕 𐀃𐀄';
const NOTE =
  'Most of this text is symbols the model cannot read (shown to it as [UNK]), so its score says little about meaning.';

describeWithModel('/kb and /search end to end through discord.js, on the real model', () => {
  const services = realServices();
  const kb = services.kb;
  let fake: FakeDiscord;
  let client: Client;
  /** A second bot process whose model-backed commands are always deferred, then edited. */
  let deferring: Client;
  const clients: Client[] = [];
  const docs = async () => (await kb.list(GUILD_ID, 1, 100)).documents;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    await services.embedder.ready();
    // A generous defer threshold, so every answer here is one callback however busy the machine is.
    ({ client } = wire(fake, { commands, services, deferAfterMs: 10_000 }));
    // At most one progress edit per reply, however long an import takes.
    ({ client: deferring } = wire(fake, { commands, services, deferAfterMs: 0, progressEveryMs: 600_000 }));
    clients.push(client, deferring);
  });
  beforeEach(async () => {
    fake.overrides = [];
    // Every test starts from an empty knowledge base with the default settings.
    await kb.clear(GUILD_ID);
    await kb.updateSettings(GUILD_ID, DEFAULT_SETTINGS);
  });
  afterAll(async () => {
    for (const c of clients) await c.destroy();
    await fake?.close();
    await services.embedder.close();
    await services.store.close();
  });

  it('/kb add text from a member with Manage Server: added, and /kb list shows it', async () => {
    const text = 'Our office is open from 9 to 5 on weekdays and closed on public holidays.';
    const raw = kbCommand('add', [str('text', text), str('title', 'Office hours')]);
    const [answer] = await exchange(fake, client, raw, 1);
    expect(route(answer!)).toBe(paths(raw).callback);

    const stored = await docs();
    expect(stored).toHaveLength(1);
    const doc = stored[0]!;
    expect(doc).toMatchObject({ title: 'Office hours', text, addedBy: USER_ID });
    expect(doc.id).toMatch(/^[0-9a-z]{13}$/);
    expect(answer!.body).toEqual(added('Office hours', doc.id));

    const list = kbCommand('list', [], { permissions: MEMBER });
    const [listed] = await exchange(fake, client, list, 1);
    expect(listed!.body).toEqual(
      reply({
        embeds: [
          {
            title: 'Knowledge base · 1 document',
            color: BLURPLE,
            // The author is shown as a mention: allowed_mentions keeps it from pinging.
            description: `**Office hours**\n\`${doc.id}\` · added by <@${USER_ID}> ${when(doc.addedAt)}`,
            footer: { text: 'Page 1 of 1' },
          },
        ],
        components: [],
      }),
    );

    // Without a title the document is untitled, and the list shows the start of its text.
    const untitled = kbCommand('add', [str('text', 'Parking is free for visitors after 6 pm.')]);
    const [second] = await exchange(fake, client, untitled, 1);
    const id = (await docs()).find((d) => d.title === null)!.id;
    expect(second!.body).toEqual(added('Untitled', id));
  });

  it('an exact duplicate is refused privately and not stored twice', async () => {
    const text = 'Lunch is served in the canteen between noon and two.';
    await exchange(fake, client, kbCommand('add', [str('text', text)]), 1);
    const [id] = (await docs()).map((d) => d.id);
    const again = kbCommand('add', [str('text', `  ${text.replace(/ /g, '  ')} `)]);
    const [refused] = await exchange(fake, client, again, 1);
    expect(refused!.body).toEqual(
      ephemeral(`That text is already in the knowledge base as "${text}" (id ${id}).`),
    );
    expect(await docs()).toHaveLength(1);
  });

  it('without Manage Server a write is refused privately and nothing is stored; the writer role allows it', async () => {
    const text = 'The fire assembly point is the car park behind building B.';
    const refusedRaw = kbCommand('add', [str('text', text)], { permissions: MEMBER });
    const [refused] = await exchange(fake, client, refusedRaw, 1);
    expect(route(refused!)).toBe(paths(refusedRaw).callback);
    expect(refused!.body).toEqual(ephemeral(NO_WRITE));
    expect((await kb.list(GUILD_ID)).total).toBe(0);

    // Every write subcommand is checked, not just add.
    for (const [name, options] of [
      ['clear', []],
      ['demo', []],
      ['remove', [str('id', 'anything')]],
      ['settings', [num('threshold', 0.5)]],
    ] as const) {
      const raw = kbCommand(name, [...options], { permissions: MEMBER });
      const [answer] = await exchange(fake, client, raw, 1);
      expect(answer!.body, name).toEqual(ephemeral(NO_WRITE));
    }
    expect((await kb.list(GUILD_ID)).total).toBe(0);
    expect(await kb.settings(GUILD_ID)).toEqual(DEFAULT_SETTINGS);

    // Reading is for everyone.
    const [settings] = await exchange(fake, client, kbCommand('settings', [], { permissions: MEMBER }), 1);
    expect(settings!.body).toEqual(
      reply({ content: 'Weak-match threshold: **0.30** · writer role: none (Manage Server only)' }),
    );

    await kb.updateSettings(GUILD_ID, { writerRoleId: WRITER_ROLE });
    // Some other role is not enough.
    const otherRole = asMember(kbCommand('add', [str('text', text)], { permissions: MEMBER }), {
      roles: ['999999999999999999'],
    });
    const [stillRefused] = await exchange(fake, client, otherRole, 1);
    expect(stillRefused!.body).toEqual(ephemeral(NO_WRITE));
    expect((await kb.list(GUILD_ID)).total).toBe(0);

    const writer = asMember(
      kbCommand('add', [str('text', text), str('title', 'Fire drill')], { permissions: MEMBER }),
      {
        roles: ['999999999999999999', WRITER_ROLE],
      },
    );
    const [ok] = await exchange(fake, client, writer, 1);
    const stored = await docs();
    expect(stored).toEqual([expect.objectContaining({ title: 'Fire drill', text, addedBy: USER_ID })]);
    expect(ok!.body).toEqual(added('Fire drill', stored[0]!.id));
  });

  it('/kb settings changes the threshold and the writer role (Manage Server)', async () => {
    const raw = kbCommand('settings', [
      num('threshold', 0.45),
      { name: 'writer_role', type: 8, value: WRITER_ROLE },
    ]);
    const [answer] = await exchange(fake, client, raw, 1);
    expect(answer!.body).toEqual(
      reply({ content: `Saved. Weak-match threshold: **0.45** · writer role: <@&${WRITER_ROLE}>` }),
    );
    expect(await kb.settings(GUILD_ID)).toEqual({ threshold: 0.45, writerRoleId: WRITER_ROLE });
  });

  it('/kb stats shows size, quota, which search is in use and the settings', async () => {
    const text = 'The library lends laptops for two weeks at a time.';
    await exchange(fake, client, kbCommand('add', [str('text', text)]), 1);
    const [answer] = await exchange(fake, client, kbCommand('stats', [], { permissions: MEMBER }), 1);
    expect(answer!.body).toEqual(
      reply({
        embeds: [
          {
            title: 'Knowledge base',
            color: BLURPLE,
            fields: [
              { name: 'Documents', value: `1 of ${kb.quota}`, inline: true },
              { name: 'Chunks', value: '1', inline: true },
              { name: 'Vectors', value: '1.5 KiB', inline: true },
              { name: 'Search', value: 'exact', inline: true },
              { name: 'Weak-match threshold', value: '0.30', inline: true },
              { name: 'Writer role', value: 'none (Manage Server only)', inline: true },
            ],
          },
        ],
      }),
    );
  });

  describe('attachments', () => {
    const withFile = (
      subcommand: 'add' | 'import',
      attachment: ReturnType<typeof serveAttachment>,
      options: Option[] = [],
    ) =>
      chatInput('kb', [sub(subcommand, [file('file', attachment.id), ...options])], {
        permissions: MANAGE,
        resolved: { attachments: { [attachment.id]: attachment } },
      });
    const downloads = (attachment: { url: string }) =>
      fake.requests.filter((r) => r.method === 'GET' && attachment.url.endsWith(r.path));

    it('/kb add with a .txt file stores its text, titled after the file name', async () => {
      const body = 'Visitors sign in at reception.\n\nBadges are returned at the end of the day.\n';
      const attachment = serveAttachment(fake, {
        name: 'visitor-policy.txt',
        body,
        contentType: 'text/plain; charset=utf-8',
      });
      const raw = withFile('add', attachment);
      const [answer] = await exchange(fake, client, raw, 1);
      expect(downloads(attachment)).toHaveLength(1);
      const stored = await docs();
      expect(stored).toEqual([expect.objectContaining({ title: 'visitor-policy', text: body.trim() })]);
      expect(answer!.body).toEqual(added('visitor-policy', stored[0]!.id));
    });

    it('a title given with the file wins over the file name', async () => {
      const attachment = serveAttachment(fake, {
        name: 'notes.md',
        body: '# Printers\nThe printer on floor 2 takes A3 paper.',
        contentType: 'text/markdown; charset=utf-8',
      });
      const [answer] = await exchange(
        fake,
        client,
        withFile('add', attachment, [str('title', 'Printers')]),
        1,
      );
      const stored = await docs();
      expect(stored).toEqual([expect.objectContaining({ title: 'Printers' })]);
      expect(answer!.body).toEqual(added('Printers', stored[0]!.id));
    });

    it('a binary file (image/png) is refused privately, without downloading it', async () => {
      const attachment = serveAttachment(fake, {
        name: 'diagram.png',
        body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        contentType: 'image/png',
      });
      const [answer] = await exchange(fake, client, withFile('add', attachment), 1);
      expect(answer!.body).toEqual(ephemeral('diagram.png does not look like a text file.'));
      expect(downloads(attachment)).toEqual([]);
      expect((await kb.list(GUILD_ID)).total).toBe(0);
    });

    it('a .jsonl labelled application/octet-stream (as Discord may) is still read as text', async () => {
      const attachment = serveAttachment(fake, {
        name: 'notes.jsonl',
        body: `${JSON.stringify({ title: 'Kettles', text: 'Descale the kettle once a month.' })}\n`,
        contentType: 'application/octet-stream',
      });
      await exchange(fake, client, withFile('import', attachment), 1);
      expect(downloads(attachment)).toHaveLength(1);
      expect((await docs()).map((d) => d.title)).toEqual(['Kettles']);
    });

    it('a binary file labelled application/octet-stream with another extension is refused', async () => {
      const attachment = serveAttachment(fake, {
        name: 'archive.zip',
        body: Buffer.from([0x50, 0x4b, 0x03, 0x04]),
        contentType: 'application/octet-stream',
      });
      const [answer] = await exchange(fake, client, withFile('import', attachment), 1);
      expect(answer!.body).toEqual(ephemeral('archive.zip does not look like a text file.'));
      expect(downloads(attachment)).toEqual([]);
    });

    it('a file larger than the limit is refused from its size alone, without downloading it', async () => {
      const served = serveAttachment(fake, {
        name: 'huge.txt',
        body: 'small really',
        contentType: 'text/plain',
      });
      const attachment = { ...served, size: 2_000_001 };
      const [answer] = await exchange(fake, client, withFile('add', attachment), 1);
      expect(answer!.body).toEqual(ephemeral('huge.txt is larger than 2 MB.'));
      expect(downloads(attachment)).toEqual([]);
      expect((await kb.list(GUILD_ID)).total).toBe(0);
    });

    it('a text file that is not .txt or .md is refused for /kb add', async () => {
      const attachment = serveAttachment(fake, {
        name: 'data.csv',
        body: 'a,b\n1,2\n',
        contentType: 'text/csv',
      });
      const [answer] = await exchange(fake, client, withFile('add', attachment), 1);
      expect(answer!.body).toEqual(ephemeral('Attach a .txt or .md file.'));
      expect((await kb.list(GUILD_ID)).total).toBe(0);
    });

    it('a file Discord cannot serve is refused with the HTTP status', async () => {
      const attachment = serveAttachment(fake, { name: 'gone.txt', body: 'x', contentType: 'text/plain' });
      fake.overrides.unshift((req, res) => {
        if (req.method !== 'GET' || !attachment.url.endsWith(req.path)) return false;
        res.writeHead(404).end();
        return true;
      });
      const [answer] = await exchange(fake, client, withFile('add', attachment), 1);
      expect(answer!.body).toEqual(ephemeral('Could not download gone.txt from Discord (HTTP 404).'));
      expect((await kb.list(GUILD_ID)).total).toBe(0);
    });

    it('/kb import of JSONL with bad lines keeps the valid ones and lists the bad ones by line', async () => {
      const lines = [
        JSON.stringify({ title: 'Tea', text: 'Green tea is made from leaves that are not oxidised.' }),
        '{"title": "Broken", "text": ',
        '',
        JSON.stringify({
          title: 'Coffee',
          text: 'Espresso is brewed by forcing hot water through fine grounds.',
        }),
        JSON.stringify({ title: 'No text here' }),
        JSON.stringify({ text: 'Cocoa beans are fermented, dried and roasted.' }),
      ];
      // Discord gives files with an unknown extension no content type.
      const attachment = serveAttachment(fake, { name: 'drinks.jsonl', body: `${lines.join('\n')}\n` });
      const raw = withFile('import', attachment);
      const [answer] = await exchange(fake, client, raw, 1);
      expect(route(answer!)).toBe(paths(raw).callback);
      expect(answer!.body).toEqual(
        reply({
          embeds: [
            {
              title: 'Import finished',
              color: YELLOW,
              description: [
                'Added **3** documents.',
                '',
                '2 line(s) were skipped:',
                'line 2: not valid JSON',
                'line 5: no "text" field',
              ].join('\n'),
            },
          ],
        }),
      );
      const stored = (await docs()).map((d) => [d.title, d.text]).sort();
      expect(stored).toEqual(
        [
          ['Coffee', 'Espresso is brewed by forcing hot water through fine grounds.'],
          ['Tea', 'Green tea is made from leaves that are not oxidised.'],
          [null, 'Cocoa beans are fermented, dried and roasted.'],
        ].sort(),
      );

      // Importing the same file again: the valid lines are now exact duplicates.
      const again = serveAttachment(fake, { name: 'drinks.jsonl', body: lines.join('\n') });
      const [second] = await exchange(fake, client, withFile('import', again), 1);
      const description = embedOf(second!).description!;
      expect(description).toMatch(/^Added \*\*0\*\* documents\.\n\n5 line\(s\) were skipped:\n/);
      expect(description).toContain('line 1: That text is already in the knowledge base as "Tea"');
      expect((await kb.list(GUILD_ID)).total).toBe(3);
    });
    it('a deferred /kb import shows its progress, then the result replaces it', async () => {
      const lines = Array.from({ length: 40 }, (_, i) =>
        JSON.stringify({ title: `Room ${i + 1}`, text: `Meeting room ${i + 1} is on floor ${(i % 5) + 1}.` }),
      );
      const attachment = serveAttachment(fake, {
        name: 'rooms.jsonl',
        body: lines.join('\n'),
        contentType: 'application/x-ndjson',
      });
      const raw = withFile('import', attachment);
      const requests = await exchange(fake, deferring, raw, 3);
      expect(requests.map(route)).toEqual([
        paths(raw).callback,
        paths(raw).original('PATCH'),
        paths(raw).original('PATCH'),
      ]);
      expect(requests[0]!.body).toEqual({ type: 5, data: { flags: 0 } });
      expect(requests[1]!.body).toEqual({
        content: expect.stringMatching(/^Importing… (16|32) of 40 entries processed\.$/),
        tts: false,
        enforce_nonce: false,
        allowed_mentions: { parse: [] },
      });
      // The final edit clears the progress text: an edit only changes the fields it sends.
      expect(requests[2]!.body).toEqual({
        content: '',
        tts: false,
        enforce_nonce: false,
        embeds: [{ title: 'Import finished', color: GREEN, description: 'Added **40** documents.' }],
        allowed_mentions: { parse: [] },
      });
      expect((await kb.list(GUILD_ID)).total).toBe(40);
    });
  });

  describe('/search', () => {
    it('from a DM: a private answer saying it works inside a server', async () => {
      const raw = chatInput('search', [str('query', 'anything')], { dm: true });
      const [answer] = await exchange(fake, client, raw, 1);
      expect(route(answer!)).toBe(paths(raw).callback);
      expect(answer!.body).toEqual(
        ephemeral('/search works inside a server, where its knowledge base lives.'),
      );
    });

    it('in a server with no documents: says so and points at /kb add and /kb demo', async () => {
      const raw = chatInput('search', [str('query', 'How do computers learn from data?')]);
      const [answer] = await exchange(fake, client, raw, 1);
      expect(answer!.body).toEqual(
        reply({ content: 'This server has no documents yet. Add some with `/kb add`, or try `/kb demo`.' }),
      );
    });

    it('after /kb demo (deferred, then edited) finds the machine-learning document and labels weak matches', async () => {
      const demo = kbCommand('demo');
      const [deferred, edit] = await exchange(fake, deferring, demo, 2);
      expect([route(deferred!), route(edit!)]).toEqual([paths(demo).callback, paths(demo).original('PATCH')]);
      expect(deferred!.body).toEqual({ type: 5, data: { flags: 0 } });
      expect(edit!.body).toEqual({
        content: `Added ${DEMO_DOCUMENTS.length} demo documents. Try \`/search query: How do computers learn from data?\``,
        tts: false,
        enforce_nonce: false,
        allowed_mentions: { parse: [] },
      });
      expect((await kb.list(GUILD_ID)).total).toBe(DEMO_DOCUMENTS.length);

      // A second /kb demo adds nothing.
      const [again] = await exchange(fake, client, kbCommand('demo'), 1);
      expect(again!.body).toEqual(
        reply({
          content: `Added 0 demo documents (${DEMO_DOCUMENTS.length} were already there). Try \`/search query: How do computers learn from data?\``,
        }),
      );
      expect((await kb.list(GUILD_ID)).total).toBe(DEMO_DOCUMENTS.length);

      const query = 'How do computers learn from data?';
      const raw = chatInput('search', [str('query', query)], { permissions: MEMBER });
      const [answer] = await exchange(fake, client, raw, 1);
      const ml = (await docs()).find((d) => d.title === 'Machine learning in one paragraph')!;
      const fieldName = /^(\d+)\. (.+) · (\d\.\d{3})$/;
      expect(answer!.body).toEqual(
        reply({
          embeds: [
            {
              title: `Search: ${query}`,
              color: BLURPLE,
              fields: expect.any(Array),
              footer: { text: `semantic search over ${DEMO_DOCUMENTS.length} documents` },
            },
          ],
        }),
      );
      const fields = embedOf(answer!).fields!;
      expect(fields).toHaveLength(5);
      const top3 = fields.slice(0, 3).map((f) => fieldName.exec(f.name)?.[2]);
      expect(top3).toContain(ml.title);
      const mlField = fields.find((f) => f.name.includes(ml.title!))!;
      expect(mlField.value).toBe(`${ml.text}\n-# \`${ml.id}\` · <@${USER_ID}> ${when(ml.addedAt)}`);
      const scores = fields.map((f) => Number(fieldName.exec(f.name)?.[3]));
      expect(fields.map((f) => Number(fieldName.exec(f.name)?.[1]))).toEqual([1, 2, 3, 4, 5]);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      expect(scores.every((s) => s >= DEFAULT_SETTINGS.threshold)).toBe(true);

      // Asking for every document: the ones under the threshold come after a "Weak matches" label.
      const all = chatInput('search', [str('query', query), int('k', 10)], { permissions: MEMBER });
      const [allAnswer] = await exchange(fake, client, all, 1);
      const allFields = embedOf(allAnswer!).fields!;
      const labelAt = allFields.findIndex((f) => f.name === 'Weak matches');
      expect(labelAt).toBeGreaterThan(0);
      expect(allFields[labelAt]).toEqual({
        name: 'Weak matches',
        value: "These scored under the server's threshold:",
      });
      expect(allFields).toHaveLength(DEMO_DOCUMENTS.length + 1);
      const results = allFields.filter((_, i) => i !== labelAt);
      const allScores = results.map((f) => Number(fieldName.exec(f.name)?.[3]));
      expect(results.map((f) => Number(fieldName.exec(f.name)?.[1]))).toEqual(
        DEMO_DOCUMENTS.map((_, i) => i + 1),
      );
      for (const [i, s] of allScores.entries()) {
        expect(s >= DEFAULT_SETTINGS.threshold, `result ${i + 1} (${s})`).toBe(i < labelAt);
      }

      // Raising the threshold moves more results under the label.
      await exchange(fake, client, kbCommand('settings', [num('threshold', 0.5)]), 1);
      const strict = chatInput('search', [str('query', query), int('k', 3)], { permissions: MEMBER });
      const [strictAnswer] = await exchange(fake, client, strict, 1);
      const strictFields = embedOf(strictAnswer!).fields!;
      const strictScores = strictFields
        .filter((f) => f.name !== 'Weak matches')
        .map((f) => Number(fieldName.exec(f.name)?.[3]));
      const strong = strictScores.filter((s) => s >= 0.5).length;
      expect(strong).toBeLessThan(3);
      expect(strictFields[strong]).toEqual({
        name: 'Weak matches',
        value: "These scored under the server's threshold:",
      });
    });

    it('keyword mode shows BM25 scores and never labels weak matches', async () => {
      await kb.import(GUILD_ID, DEMO_DOCUMENTS.map((d) => JSON.stringify(d)).join('\n'), USER_ID);
      const raw = chatInput('search', [str('query', 'gradient descent'), str('mode', 'keyword')]);
      const [answer] = await exchange(fake, client, raw, 1);
      const embed = embedOf(answer!);
      expect(embed.footer).toEqual({ text: `keyword search over ${DEMO_DOCUMENTS.length} documents` });
      expect(embed.fields![0]!.name).toMatch(/^1\. Optimisation and gradient descent · BM25 \d+\.\d{2}$/);
      expect(embed.fields!.map((f) => f.name)).not.toContain('Weak matches');
    });
  });

  describe('text the model cannot read', () => {
    it('/kb add of a cuneiform document is refused privately, and nothing is stored', async () => {
      const raw = kbCommand('add', [str('text', CUNEIFORM), str('title', 'Code of Hammurabi')]);
      const [answer] = await exchange(fake, client, raw, 1);
      expect(route(answer!)).toBe(paths(raw).callback);
      expect(answer!.body).toEqual(ephemeral(UNREADABLE_DOCUMENT));
      expect(await docs()).toEqual([]);
    });

    it('/kb import counts an unreadable line as failed, with the reason, and keeps the others', async () => {
      const lines = [
        JSON.stringify({ text: 'The library opens at nine and closes at six.', title: 'Library hours' }),
        JSON.stringify({ text: CUNEIFORM }),
        JSON.stringify({ text: LINEAR_B, title: 'Knossos tablet' }),
      ];
      const attachment = serveAttachment(fake, { name: 'docs.jsonl', body: lines.join('\n') });
      const raw = chatInput('kb', [sub('import', [file('file', attachment.id)])], {
        permissions: MANAGE,
        resolved: { attachments: { [attachment.id]: attachment } },
      });
      const [answer] = await exchange(fake, client, raw, 1);
      expect(answer!.body).toEqual(
        reply({
          embeds: [
            {
              title: 'Import finished',
              color: YELLOW,
              description: [
                'Added **1** document.',
                '',
                '2 line(s) were skipped:',
                `line 2: ${UNREADABLE_DOCUMENT}`,
                `line 3: ${UNREADABLE_DOCUMENT}`,
              ].join('\n'),
            },
          ],
        }),
      );
      expect((await docs()).map((d) => d.title)).toEqual(['Library hours']);
    });

    it('/search with a cuneiform query shows the warning above the results', async () => {
      const text = 'Cats are small furry animals that purr when they are content.';
      const added = await kb.add(GUILD_ID, { text, title: 'Cats', addedBy: USER_ID });
      const [hit] = await kb.search(GUILD_ID, QUERY, 5);
      const doc = (await docs())[0]!;
      const raw = chatInput('search', [str('query', QUERY)], { permissions: MEMBER });
      const [answer] = await exchange(fake, client, raw, 1);
      expect(hit!.weak).toBe(true);
      expect(answer!.body).toEqual(
        reply({
          content: `⚠️ “${QUERY}”: ${NOTE}`,
          embeds: [
            {
              title: `Search: ${QUERY}`,
              color: BLURPLE,
              fields: [
                { name: 'Weak matches', value: "These scored under the server's threshold:" },
                {
                  name: `1. Cats · ${hit!.score.toFixed(3)}`,
                  value: `${text}\n-# \`${added.id}\` · <@${USER_ID}> ${when(doc.addedAt)}`,
                },
              ],
              footer: { text: 'semantic search over 1 documents' },
            },
          ],
        }),
      );
    });

    it('an ordinary query gets no warning, and keyword search (no model reading) none either', async () => {
      await kb.add(GUILD_ID, { text: 'Cats purr when they are content.', title: 'Cats', addedBy: USER_ID });
      for (const options of [
        [str('query', 'Why do cats purr?')],
        [str('query', QUERY), str('mode', 'keyword')],
      ]) {
        const [answer] = await exchange(
          fake,
          client,
          chatInput('search', options, { permissions: MEMBER }),
          1,
        );
        expect((answer!.body as { data: Record<string, unknown> }).data).not.toHaveProperty('content');
      }
    });
  });

  // Last on purpose: it looks at everything the tests above made the bot send.
  it('no message the bot sent in this file could ping anyone', () => {
    const bodies = messageBodies(fake.requests);
    expect(bodies.length).toBeGreaterThan(20);
    for (const body of bodies) expect(body.allowed_mentions, JSON.stringify(body)).toEqual({ parse: [] });
  });
});
