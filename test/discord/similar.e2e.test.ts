import { afterAll, beforeAll, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { Dispatcher } from '../../src/discord/dispatcher.ts';
import { createLogger } from '../../src/log.ts';
import { chatInput, FakeDiscord, inject } from '../helpers/fake-discord.ts';
import { describeWithModel } from '../helpers/model.ts';
import { realServices } from '../helpers/services.ts';

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
