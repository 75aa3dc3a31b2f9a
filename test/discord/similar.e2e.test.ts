import type { Client } from 'discord.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { Dispatcher } from '../../src/discord/dispatcher.ts';
import { bar } from '../../src/discord/ui.ts';
import { createLogger } from '../../src/log.ts';
import { compareVectors } from '../../src/math/compare.ts';
import { chatInput, FakeDiscord, inject, type Recorded } from '../helpers/fake-discord.ts';
import { describeWithModel } from '../helpers/model.ts';
import { realServices } from '../helpers/services.ts';
import { GREEN, reply } from './payloads.ts';
import { exchange, wire } from './support.ts';

describeWithModel('/similar through discord.js against a fake Discord API', () => {
  const services = realServices();
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
    await services.embedder.ready();
  });
  afterAll(async () => {
    await fake.close();
    await services.embedder.close();
    await services.store.close();
  });

  it('replies with one embed and parses no mentions', async () => {
    const client = fake.client();
    const dispatcher = new Dispatcher({
      commands,
      services,
      logger: createLogger('silent'),
      cooldown: { uses: 5, seconds: 10 },
      // The reply's content is checked here, not the deferral (slow-model.e2e.test.ts does that): a loaded
      // machine must not turn this answer into a deferred one.
      deferAfterMs: 10_000,
    });
    client.on('interactionCreate', dispatcher.handle);
    const raw = chatInput('similar', [
      { name: 'a', type: 3, value: 'The cat sits on the mat' },
      { name: 'b', type: 3, value: 'A feline rests on the carpet' },
    ]);
    inject(client, raw);
    const [callback] = await fake.waitFor(1);
    expect(callback!.method).toBe('POST');
    expect(callback!.path).toBe(`/interactions/${raw.id}/${raw.token}/callback`);
    const body = callback!.body as { type: number; data: Record<string, unknown> };
    expect(body.type).toBe(4);
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
    expect(body.data.embeds).toHaveLength(1);
    expect(body.data).not.toHaveProperty('flags');
    await client.destroy();
  });
});

describeWithModel(
  '/similar, /embed, /analogy and /explain on text the model cannot read (real model)',
  () => {
    const services = realServices();
    let fake: FakeDiscord;
    let client: Client;
    /** Old Babylonian cuneiform and Mycenaean Linear B: scripts missing from the vocabulary, all [UNK]. */
    const CUNEIFORM = '𒀭𒂗𒆤 𒈗 𒆠𒂗𒂠';
    const LINEAR_B = '𐀀𐀩𐀏 𐀞𐀺𐀒';
    const ONE = `Most of this text is symbols the model cannot read (shown to it as [UNK]), so its score says little about meaning.`;
    const TWO = `Most of these texts are symbols the model cannot read (shown to it as [UNK]), so their scores say little about meaning.`;
    beforeAll(async () => {
      fake = await FakeDiscord.start();
      await services.embedder.ready();
      ({ client } = wire(fake, { commands, services, deferAfterMs: 10_000 }));
    });
    afterAll(async () => {
      await client.destroy();
      await fake.close();
      await services.embedder.close();
      await services.store.close();
    });
    const data = (r: Recorded) => (r.body as { data: Record<string, unknown> }).data;

    it('/similar of cuneiform and Linear B: "nearly the same" by cosine, and the reply says why not to trust it', async () => {
      const [ea, eb] = await services.embedder.embedMany([CUNEIFORM, LINEAR_B]);
      const scores = compareVectors(ea!.vector, eb!.vector);
      expect(scores.cosine).toBeGreaterThan(0.8); // two unreadable texts look alike: the reason for the warning
      const raw = chatInput('similar', [
        { name: 'a', type: 3, value: CUNEIFORM },
        { name: 'b', type: 3, value: LINEAR_B },
      ]);
      const [answer] = await exchange(fake, client, raw, 1);
      expect(answer!.body).toEqual(
        reply({
          content: `⚠️ “${CUNEIFORM}”, “${LINEAR_B}”: ${TWO}`,
          embeds: [
            {
              title: 'How close in meaning?',
              color: GREEN,
              description: `**A** “${CUNEIFORM}”\n**B** “${LINEAR_B}”`,
              fields: [
                {
                  name: 'Cosine similarity',
                  value: `${bar(scores.cosine)} **${scores.cosine.toFixed(4)}**\n${scores.verdict}`,
                },
                { name: 'Euclidean distance', value: scores.euclidean.toFixed(4), inline: true },
                { name: 'Dot product', value: scores.dot.toFixed(4), inline: true },
              ],
              footer: { text: 'all-MiniLM-L6-v2 · cosine 1 = same direction, 0 = unrelated' },
              image: { url: 'attachment://similar.png' },
            },
          ],
          attachments: [{ id: '0', description: expect.stringMatching(/^Bar filled to cosine 0\.\d{4} \(/) }],
        }),
      );
    });

    it('one unreadable sentence among readable ones is named alone; readable sentences get no warning', async () => {
      const mixed = chatInput('similar', [
        { name: 'a', type: 3, value: 'The cat sits on the mat' },
        { name: 'b', type: 3, value: CUNEIFORM },
        { name: 'c', type: 3, value: 'A feline rests on the carpet' },
      ]);
      const [answer] = await exchange(fake, client, mixed, 1);
      expect(data(answer!).content).toBe(`⚠️ “${CUNEIFORM}”: ${ONE}`);
      const plain = chatInput('similar', [
        { name: 'a', type: 3, value: 'The cat sits on the mat' },
        { name: 'b', type: 3, value: 'A feline rests on the carpet' },
      ]);
      const [quiet] = await exchange(fake, client, plain, 1);
      expect(data(quiet!)).not.toHaveProperty('content');
    });

    it('/embed, /analogy and /explain warn the same way', async () => {
      const cases = [
        chatInput('embed', [{ name: 'text', type: 3, value: LINEAR_B }]),
        chatInput('analogy', [
          { name: 'a', type: 3, value: 'king' },
          { name: 'b', type: 3, value: '𒈗' },
          { name: 'c', type: 3, value: 'woman' },
          { name: 'candidates', type: 3, value: 'queen, prince, apple' },
        ]),
        chatInput('explain', [
          { name: 'a', type: 3, value: LINEAR_B },
          { name: 'b', type: 3, value: 'The cat sits on the mat' },
        ]),
      ];
      const warnings = [];
      for (const raw of cases) warnings.push(data((await exchange(fake, client, raw, 1))[0]!).content);
      expect(warnings).toEqual([`⚠️ “${LINEAR_B}”: ${ONE}`, `⚠️ “𒈗”: ${ONE}`, `⚠️ “${LINEAR_B}”: ${ONE}`]);
      const readable = chatInput('embed', [{ name: 'text', type: 3, value: 'The cat sits on the mat' }]);
      expect(data((await exchange(fake, client, readable, 1))[0]!)).not.toHaveProperty('content');
    });
  },
);
