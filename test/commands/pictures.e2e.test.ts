import type { APIEmbed, Client } from 'discord.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { DEMO_DOCUMENTS } from '../../src/kb/demo.ts';
import { exchange, wire } from '../discord/support.ts';
import { chatInput, FakeDiscord, GUILD_ID, type Recorded, USER_ID } from '../helpers/fake-discord.ts';
import { describeWithModel } from '../helpers/model.ts';
import { realServices } from '../helpers/services.ts';

type Body = { type: number; data: Record<string, unknown> & { embeds?: APIEmbed[] } };
const bodyOf = (r: Recorded): Body => r.body as Body;
const embedOf = (r: Recorded): APIEmbed => {
  const embeds = bodyOf(r).data.embeds;
  expect(embeds).toHaveLength(1);
  return embeds![0]!;
};
const s = (name: string, value: unknown) => ({ name, type: 3, value });

describeWithModel('pictures and the live /explain through discord.js, on the real model', () => {
  const services = realServices();
  let fake: FakeDiscord;
  let client: Client;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    await services.embedder.ready();
    ({ client } = wire(fake, { commands, services, deferAfterMs: 2500 }));
  });
  afterAll(async () => {
    await client.destroy();
    await fake.close();
    await services.embedder.close();
    await services.store.close();
  });

  it('/embed compare: stacks two strips and adds their cosine', async () => {
    const raw = chatInput('embed', [
      s('text', 'The cat sits on the mat'),
      s('compare', 'A feline rests on the carpet'),
    ]);
    const [reply] = await exchange(fake, client, raw, 1);
    expect(reply!.files).toEqual(['embed.png']);
    const field = embedOf(reply!).fields![4]!;
    expect(field.name).toBe('Compared with');
    expect(field.value).toMatch(
      /^“A feline rests on the carpet”\n[▰▱]{10} cosine \*\*0\.\d{4}\*\*: similar meaning$/,
    );
  });

  it('/kb map: the documents as a picture with its alt text', async () => {
    const demo = DEMO_DOCUMENTS.map((d) => JSON.stringify(d)).join('\n');
    await services.kb.import(GUILD_ID, demo, USER_ID);
    const raw = chatInput('kb', [{ name: 'map', type: 1 }], { permissions: 1n << 5n });
    const [reply] = await exchange(fake, client, raw, 1);
    expect(reply!.files).toEqual(['kb-map.png']);
    expect(bodyOf(reply!)).toEqual({
      type: 4,
      data: {
        embeds: [
          {
            title: 'Map of the knowledge base',
            color: expect.any(Number),
            description: `Each dot is a document, placed by meaning (the two main directions of its vectors). ${DEMO_DOCUMENTS.length} documents.`,
            image: { url: 'attachment://kb-map.png' },
          },
        ],
        attachments: [
          {
            id: '0',
            description: `Map of ${DEMO_DOCUMENTS.length} documents: close together means similar meaning.`,
          },
        ],
        allowed_mentions: { parse: [] },
        enforce_nonce: false,
        tts: false,
      },
    });
  });

  it('/similar with four sentences: a heatmap picture, the closest and farthest pairs', async () => {
    const raw = chatInput('similar', [
      s('a', 'The cat sits on the mat'),
      s('b', 'A feline rests on the carpet'),
      s('c', 'Dogs are playing in the park'),
      s('d', 'Python is a programming language'),
    ]);
    const [reply] = await exchange(fake, client, raw, 1);
    expect(reply!.files).toEqual(['similar.png']);
    const embed = embedOf(reply!);
    expect(embed.title).toBe('How close in meaning? 4 sentences');
    expect(embed.description!.split('\n')).toEqual([
      '**1** “The cat sits on the mat”',
      '**2** “A feline rests on the carpet”',
      '**3** “Dogs are playing in the park”',
      '**4** “Python is a programming language”',
    ]);
    expect(embed.fields!.map((f) => f.name)).toEqual(['Closest pair', 'Farthest pair']);
    expect(embed.fields![0]!.value).toMatch(
      /^\*\*1\*\* and \*\*2\*\* · [▰▱]{10} \*\*0\.\d{4}\*\*\nsimilar meaning$/,
    );
    expect(embed.image).toEqual({ url: 'attachment://similar.png' });
  });

  it('/explain a: b: works the numbers out, agreeing with /similar', async () => {
    const pair = [s('a', 'The cat sits on the mat'), s('b', 'A feline rests on the carpet')];
    const [explained] = await exchange(fake, client, chatInput('explain', pair), 1);
    const [similarReply] = await exchange(fake, client, chatInput('similar', pair), 1);
    const embed = embedOf(explained!);
    expect(embed.title).toBe('Your two sentences, worked through');
    const verdictField = embed.fields!.at(-1)!;
    expect(verdictField.name).toBe('Verdict (as /similar says)');
    expect(verdictField.value).toBe(embedOf(similarReply!).fields![0]!.value);
    expect(embed.fields![0]).toEqual({
      name: 'A became 8 pieces',
      value: '```\n[CLS] the cat sits on the mat [SEP]\n```',
    });
    expect(bodyOf(explained!).data.components).toBeUndefined();
  });
});
