import { afterAll, beforeAll, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { verdict } from '../../src/verdict.ts';
import { chatInput, FakeDiscord } from '../helpers/fake-discord.ts';
import { exchange, noModelServices, paths, route, SlowEmbedder, wire } from './support.ts';

// A model that needs 5 s per call: longer than Discord's 3 s to acknowledge an interaction.
let fake: FakeDiscord;
beforeAll(async () => {
  fake = await FakeDiscord.start();
});
afterAll(async () => {
  await fake.close();
});

it('a 5 s model: deferred within 2.5 s (default threshold), then exactly one edit with the answer', async () => {
  const embedder = new SlowEmbedder(5000);
  // The default deferAfterMs (1000).
  const { client, logs } = wire(fake, { commands, services: noModelServices(embedder) });
  try {
    const raw = chatInput('similar', [
      { name: 'a', type: 3, value: 'The cat sits on the mat' },
      { name: 'b', type: 3, value: 'A feline rests on the carpet' },
    ]);
    const injected = Date.now();
    const [deferral, edit] = await exchange(fake, client, raw, 2, { quietMs: 400 });

    expect(route(deferral!)).toBe(paths(raw).callback);
    expect(deferral!.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(deferral!.at - injected).toBeLessThanOrEqual(2500);
    // Not before the threshold: a fast command would have answered in one go.
    expect(deferral!.at - injected).toBeGreaterThanOrEqual(950);

    expect(route(edit!)).toBe(paths(raw).original('PATCH'));
    expect(edit!.at - injected).toBeGreaterThanOrEqual(5000);
    expect(edit!.body).toEqual({
      tts: false,
      enforce_nonce: false,
      embeds: [
        {
          title: 'How close in meaning?',
          color: 0x57f287,
          description: '**A** “The cat sits on the mat”\n**B** “A feline rests on the carpet”',
          fields: [
            { name: 'Cosine similarity', value: `▰▰▰▰▰▰▰▰▰▰ **1.0000**\n${verdict(1)}` },
            { name: 'Euclidean distance', value: '0.0000', inline: true },
            { name: 'Dot product', value: '1.0000', inline: true },
          ],
          footer: { text: 'all-MiniLM-L6-v2 · cosine 1 = same direction, 0 = unrelated' },
          image: { url: 'attachment://similar.png' },
        },
      ],
      attachments: [{ id: '0', description: expect.stringContaining('cosine 1.0000') }],
      allowed_mentions: { parse: [] },
    });
    expect(edit!.files).toEqual(['similar.png']);
    expect(embedder.calls).toBe(1);
    expect(logs.entries()).toEqual([
      expect.objectContaining({ command: 'similar', outcome: 'ok', level: 30 }),
    ]);
  } finally {
    await client.destroy();
  }
});
