import type { Client } from 'discord.js';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { UNREADABLE_DOCUMENT } from '../../src/kb/knowledge-base.ts';
import { chatInput, FakeDiscord, GUILD_ID, serveAttachment, USER_ID } from '../helpers/fake-discord.ts';
import { describeWithModel } from '../helpers/model.ts';
import { realServices } from '../helpers/services.ts';
import {
  BLURPLE,
  ephemeral,
  file,
  kbCommand,
  MANAGE,
  MEMBER,
  reply,
  str,
  sub,
  when,
  YELLOW,
} from './payloads.ts';
import { exchange, paths, route, wire } from './support.ts';

/** An Old Babylonian line in cuneiform: a script all-MiniLM-L6-v2's vocabulary lacks, so every word is [UNK]. */
const CUNEIFORM = '𒀭𒂗𒆤 𒈗 𒆠𒂗𒂠 𒈗 𒆳𒆳';
const QUERY = '𒀭𒂗𒆤 𒈗';
/** Mycenaean Greek in Linear B, likewise unknown to the vocabulary. */
const LINEAR_B = '𐀀𐀩𐀏 𐀞𐀺𐀒 𐀁𐀒𐀕 𐀃𐀄';
const NOTE =
  'Most of this text is symbols the model cannot read (shown to it as [UNK]), so its score says little about meaning.';

describeWithModel('text the model cannot read, in /kb and /search (real model)', () => {
  const services = realServices();
  const { kb } = services;
  let fake: FakeDiscord;
  let client: Client;
  const docs = async () => (await kb.list(GUILD_ID, 1, 100)).documents;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    await services.embedder.ready();
    ({ client } = wire(fake, { commands, services, deferAfterMs: 10_000 }));
  });
  beforeEach(async () => {
    fake.overrides = [];
    await kb.clear(GUILD_ID);
  });
  afterAll(async () => {
    await client.destroy();
    await fake?.close();
    await services.embedder.close();
    await services.store.close();
  });

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
      const [answer] = await exchange(fake, client, chatInput('search', options, { permissions: MEMBER }), 1);
      expect((answer!.body as { data: Record<string, unknown> }).data).not.toHaveProperty('content');
    }
  });
});
