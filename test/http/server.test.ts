import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type HttpInteractions, startHttpInteractions } from '../../src/http/server.ts';
import { createLogger } from '../../src/log.ts';
import type { RunningServices } from '../../src/services.ts';
import { chatInput, FakeDiscord } from '../helpers/fake-discord.ts';
import { describeWithModel } from '../helpers/model.ts';
import { realServices } from '../helpers/services.ts';

function keyPair(): { publicHex: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { publicHex: der.subarray(der.length - 32).toString('hex'), privateKey };
}

describeWithModel('embedbot serve: Discord interactions over HTTP', () => {
  const { publicHex, privateKey } = keyPair();
  const services = realServices();
  let fake: FakeDiscord;
  let http: HttpInteractions;
  let url: string;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    http = await startHttpInteractions({
      publicKey: publicHex,
      services: { ...services, close: async () => {} } as RunningServices,
      logger: createLogger('silent'),
      cooldown: { uses: 50, seconds: 10 },
      port: 0,
      host: '127.0.0.1',
      restApi: fake.api,
    });
    url = `http://127.0.0.1:${http.port}`;
    await services.embedder.ready();
  });
  afterAll(async () => {
    await http.close();
    await fake.close();
    await services.embedder.close();
  });

  const post = (body: string, key: KeyObject | null = privateKey, headers: Record<string, string> = {}) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = key ? sign(null, Buffer.from(timestamp + body), key).toString('hex') : undefined;
    return fetch(`${url}/interactions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature-timestamp': timestamp,
        ...(signature ? { 'x-signature-ed25519': signature } : {}),
        ...headers,
      },
      body,
    });
  };

  it('answers PING with PONG', async () => {
    const res = await post(JSON.stringify({ id: '1', type: 1, application_id: '1', token: 't', version: 1 }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 1 });
  });

  it('refuses a missing or wrong signature with 401 and never parses the body', async () => {
    expect((await post('{"type":1}', null)).status).toBe(401);
    expect((await post('{"type":1}', keyPair().privateKey)).status).toBe(401);
    // Not even JSON: a 401, not a parse error, shows the body was never read as an interaction.
    expect((await post('this is not json', keyPair().privateKey)).status).toBe(401);
    const tampered = await post('{"type":1}', privateKey, { 'x-signature-timestamp': '1' });
    expect(tampered.status).toBe(401);
    expect(fake.requests).toHaveLength(0);
  });

  it('defers /similar in the HTTP response, then edits the answer in through the webhook', async () => {
    const raw = chatInput('similar', [
      { name: 'a', type: 3, value: 'The cat sits on the mat' },
      { name: 'b', type: 3, value: 'A feline rests on the carpet' },
    ]);
    const res = await post(JSON.stringify(raw));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 5, data: { flags: 0 } });
    const requests = await fake.waitFor(1);
    const edit = requests.at(-1)!;
    expect(edit.method).toBe('PATCH');
    expect(edit.path).toBe(`/webhooks/${raw.application_id}/${raw.token}/messages/%40original`); // fetch encodes '@'
    expect(edit.body?.allowed_mentions).toEqual({ parse: [] });
    const embed = (edit.body!.embeds as { fields: { name: string; value: string }[] }[])[0]!;
    expect(embed.fields[0]!.value).toContain('0.5612');
  });

  it('answers /explain directly in the HTTP response', async () => {
    const before = fake.requests.length;
    const res = await post(JSON.stringify(chatInput('explain', [])));
    const body = (await res.json()) as {
      type: number;
      data: { embeds: { title: string }[]; allowed_mentions: unknown };
    };
    expect(body.type).toBe(4);
    expect(body.data.embeds[0]!.title).toBe('What is an embedding?');
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
    expect(fake.requests.length).toBe(before);
  });

  it('reports model and store on /healthz', async () => {
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ model: true, store: true });
  });
});
