import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { MemoryReplayGuard, openReplayGuard, type ReplayGuard } from '../../src/http/replay-guard.ts';
import { type HttpInteractions, startHttpInteractions } from '../../src/http/server.ts';
import { KnowledgeBase } from '../../src/kb/knowledge-base.ts';
import { createLogger } from '../../src/log.ts';
import type { RunningServices } from '../../src/services.ts';
import { Vocabulary } from '../../src/vocabulary.ts';
import { chatInput, FakeDiscord, modalSubmit } from '../helpers/fake-discord.ts';
import { describeWithModel } from '../helpers/model.ts';
import { realServices, tempStore } from '../helpers/services.ts';

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
      replays: new MemoryReplayGuard(),
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

/** A claim that can be made to hang or fail, to show the endpoint still answers in time. */
class ControlledGuard implements ReplayGuard {
  readonly memory = new MemoryReplayGuard();
  mode: 'remember' | 'hang' | 'fail' = 'remember';
  claim(id: string): Promise<boolean> {
    if (this.mode === 'hang') return new Promise(() => {});
    if (this.mode === 'fail') return Promise.reject(new Error('store down'));
    return this.memory.claim(id);
  }
  close = () => this.memory.close();
}

interface RawAnswer {
  status: number;
  afterMs: number;
  closed: Promise<number>;
}

/**
 * A request written by hand: `head` at once, then `trickle` one byte every `everyMs`, the way a slow
 * client would. Resolves when the status line arrives.
 */
function rawRequest(port: number, head: string, trickle: string, everyMs: number): Promise<RawAnswer> {
  const started = Date.now();
  const socket = connect(port, '127.0.0.1');
  socket.write(head);
  let sent = 0;
  const timer = setInterval(() => {
    if (sent < trickle.length && socket.writable) socket.write(trickle[sent++]!);
  }, everyMs);
  const closed = new Promise<number>((resolve) =>
    socket.once('close', () => {
      clearInterval(timer);
      resolve(Date.now() - started);
    }),
  );
  socket.on('error', () => {});
  return new Promise((resolve, reject) => {
    let text = '';
    socket.on('data', (d) => {
      text += String(d);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (status) resolve({ status: Number(status[1]), afterMs: Date.now() - started, closed });
    });
    socket.once('close', () => reject(new Error(`closed without an answer: ${JSON.stringify(text)}`)));
  });
}

describe('embedbot serve: what reaches the dispatcher', () => {
  const { publicHex, privateKey } = keyPair();
  // Nothing here runs the model: a command that reached for it would fail loudly.
  const embedder = {
    ready: () => Promise.reject(new Error('no model in this suite')),
  } as unknown as Embedder;
  const services = {
    embedder,
    vocabulary: new Vocabulary(),
    kb: new KnowledgeBase({ store: tempStore(), embedder, logger: createLogger('silent') }),
    close: async () => {},
  } as RunningServices;
  const guard = new ControlledGuard();
  const readTimeoutMs = 600;
  let fake: FakeDiscord;
  let http: HttpInteractions;
  let seen: string[];

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    http = await startHttpInteractions({
      publicKey: publicHex,
      services,
      logger: createLogger('silent'),
      cooldown: { uses: 50, seconds: 10 },
      replays: guard,
      port: 0,
      host: '127.0.0.1',
      restApi: fake.api,
      readTimeoutMs,
      // Well inside Discord's 3 s, so a loaded test machine still shows every request answered in time.
      answerMs: 1500,
    });
    http.client.on('interactionCreate', (i) => seen.push(i.id));
  });
  beforeEach(() => {
    seen = [];
    guard.mode = 'remember';
  });
  afterAll(async () => {
    await http.close();
    await fake.close();
  });

  const headers = (body: string, timestamp = Math.floor(Date.now() / 1000)) => ({
    'content-type': 'application/json',
    'x-signature-timestamp': String(timestamp),
    'x-signature-ed25519': sign(null, Buffer.from(String(timestamp) + body), privateKey).toString('hex'),
  });
  // Every request must be answered within Discord's 3 s: a hang becomes a failed fetch.
  const post = (body: string, timestamp?: number) =>
    fetch(`http://127.0.0.1:${http.port}/interactions`, {
      method: 'POST',
      headers: headers(body, timestamp),
      body,
      signal: AbortSignal.timeout(3000),
    });
  const ping = (id: string) => JSON.stringify({ id, type: 1, application_id: '1', token: 't', version: 1 });

  it('refuses a signed request whose timestamp is more than 5 minutes from now with 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await post(ping('10'), now - 301)).status).toBe(401);
    expect((await post(ping('11'), now + 301)).status).toBe(401);
    expect((await post(ping('12'), now - 3600)).status).toBe(401);
    expect((await post(ping('13'), now - 240)).status).toBe(200);
    expect((await post(ping('14'), now + 240)).status).toBe(200);
  });

  it('refuses short, long, non-hex and empty signatures with 401, running nothing and claiming no id', async () => {
    const body = JSON.stringify(chatInput('explain', []));
    const signed = headers(body);
    const good = signed['x-signature-ed25519'];
    expect(good).toMatch(/^[0-9a-f]{128}$/);
    const restCalls = fake.requests.length;
    const forged = {
      empty: '',
      'half the length': good.slice(0, 64),
      'one byte short': good.slice(0, 126),
      'odd length': good.slice(0, 127),
      'one byte too many': `${good}00`,
      // Buffer.from(hex) stops at the first non-hex character: these would decode to the good bytes.
      'good, then non-hex': `${good}zz`,
      'good, then a space and more': `${good} 00`,
      'non-hex at the right length': `${good.slice(0, 126)}zz`,
      'a space inside, at the right length': `${good.slice(0, 64)} ${good.slice(65)}`,
      'not hex at all': 'g'.repeat(128),
      base64: Buffer.from(good, 'hex').toString('base64'),
    };
    for (const [name, signature] of Object.entries(forged)) {
      const res = await fetch(`http://127.0.0.1:${http.port}/interactions`, {
        method: 'POST',
        headers: { ...signed, 'x-signature-ed25519': signature },
        body,
        signal: AbortSignal.timeout(3000),
      });
      expect(res.status, name).toBe(401);
      expect(await res.text(), name).toBe('invalid request signature');
    }
    expect(seen).toHaveLength(0);
    expect(fake.requests).toHaveLength(restCalls);
    // None of them used up the interaction id: the genuine request still runs.
    const genuine = await fetch(`http://127.0.0.1:${http.port}/interactions`, {
      method: 'POST',
      headers: signed,
      body,
      signal: AbortSignal.timeout(3000),
    });
    expect(genuine.status).toBe(200);
    expect(((await genuine.json()) as { type: number }).type).toBe(4);
    expect(seen).toEqual([JSON.parse(body).id]);
  });

  it('accepts each interaction id once: a replay gets 409 and never reaches the dispatcher', async () => {
    const body = JSON.stringify(chatInput('explain', []));
    const first = await post(body);
    expect(first.status).toBe(200);
    expect(((await first.json()) as { type: number }).type).toBe(4);
    // The captured request sent again, as it was and freshly signed: both refused.
    const replay = await post(body);
    expect(replay.status).toBe(409);
    expect(await replay.text()).toBe('interaction already received');
    expect((await post(body, Math.floor(Date.now() / 1000) - 60)).status).toBe(409);
    expect(seen).toHaveLength(1);
  });

  it('answers 5 concurrent requests with one id within 3 s: one handled, four refused', async () => {
    const body = JSON.stringify(chatInput('explain', []));
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(body)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409]);
    expect(seen).toHaveLength(1);
  });

  it('answers a request the dispatcher leaves unanswered with 202 in time, and its duplicates with 409', async () => {
    // A form the bot does not know: the dispatcher ignores it and nothing ever calls back.
    const body = JSON.stringify(modalSubmit('unknown:1', { text: 'x' }));
    const answers = await Promise.all(Array.from({ length: 3 }, () => post(body)));
    expect(answers.map((r) => r.status).sort()).toEqual([202, 409, 409]);
    expect(seen).toHaveLength(1);
  });

  it('answers in time with 503, and runs nothing, when the id cannot be recorded', async () => {
    guard.mode = 'hang';
    expect((await post(JSON.stringify(chatInput('explain', [])))).status).toBe(503);
    guard.mode = 'fail';
    expect((await post(JSON.stringify(chatInput('explain', [])))).status).toBe(503);
    expect(seen).toHaveLength(0);
  });

  it('answers {}, unknown interaction types and malformed JSON with 400 at once', async () => {
    for (const body of [
      '{}',
      JSON.stringify({ id: '20', type: 99, application_id: '1', token: 't', version: 1 }),
      JSON.stringify({ id: '21', type: 0 }),
      JSON.stringify({ type: 2 }),
      JSON.stringify({ id: 'abc', type: 2 }),
      '[]',
      'null',
      '{"id":"22","type":2',
    ]) {
      const started = Date.now();
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect(Date.now() - started, body).toBeLessThan(2000);
    }
    expect(seen).toHaveLength(0);
  });

  it('refuses a request without both signature headers at once, never waiting for its body', async () => {
    const body = ping('30');
    const signed = headers(body);
    for (const missing of ['x-signature-ed25519', 'x-signature-timestamp']) {
      const kept = Object.entries(signed).filter(([name]) => name !== missing);
      const head = `POST /interactions HTTP/1.1\r\nhost: x\r\ncontent-length: ${body.length}\r\n${kept
        .map(([n, v]) => `${n}: ${v}\r\n`)
        .join('')}\r\n`;
      // At 1 byte/s the body would take a minute: the answer must not wait for it.
      const answer = await rawRequest(http.port, head, body, 1000);
      expect(answer.status).toBe(401);
      expect(answer.afterMs).toBeLessThan(900);
      expect(await answer.closed).toBeLessThan(5000);
    }
  });

  it('cuts off a signed request whose body trickles after the read timeout, with 408', async () => {
    const body = ping('31');
    const head = `POST /interactions HTTP/1.1\r\nhost: x\r\ncontent-length: ${body.length}\r\n${Object.entries(
      headers(body),
    )
      .map(([n, v]) => `${n}: ${v}\r\n`)
      .join('')}\r\n`;
    // 1 byte per 100 ms: the whole body would take ~9 s.
    const answer = await rawRequest(http.port, head, body, 100);
    expect(answer.status).toBe(408);
    expect(answer.afterMs).toBeGreaterThanOrEqual(readTimeoutMs - 50);
    expect(answer.afterMs).toBeLessThan(readTimeoutMs + 3000);
    expect(await answer.closed).toBeLessThan(readTimeoutMs + 5000);
  });

  it('cuts off a request whose headers trickle after the read timeout', async () => {
    const rest =
      'host: x\r\nx-signature-timestamp: 1\r\nx-padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n';
    const answer = await rawRequest(http.port, 'POST /interactions HTTP/1.1\r\n', rest, 100);
    expect(answer.status).toBe(408);
    expect(answer.afterMs).toBeLessThan(readTimeoutMs + 3000);
    expect(await answer.closed).toBeLessThan(readTimeoutMs + 5000);
  });

  it('lets go of the replay guard when its port is taken', async () => {
    const other = new ControlledGuard();
    let closed = false;
    other.close = async () => {
      closed = true;
    };
    await expect(
      startHttpInteractions({
        publicKey: publicHex,
        services,
        logger: createLogger('silent'),
        cooldown: { uses: 50, seconds: 10 },
        replays: other,
        port: http.port,
        host: '127.0.0.1',
      }),
    ).rejects.toThrow(/EADDRINUSE/);
    expect(closed).toBe(true);
  });

  it('refuses bodies over 1 MB with 413, announced or streamed', async () => {
    const big = `{"id":"40","type":1,"pad":"${'a'.repeat(2_000_000)}"}`;
    expect((await post(big)).status).toBe(413);
    const streamed = await fetch(`http://127.0.0.1:${http.port}/interactions`, {
      method: 'POST',
      headers: headers(big),
      body: new Blob([big]).stream(),
      duplex: 'half',
      signal: AbortSignal.timeout(3000),
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });
});

const sharedStores = [
  ...(process.env.KB_TEST_REDIS_URL ? [{ name: 'Redis', uri: process.env.KB_TEST_REDIS_URL }] : []),
  ...(process.env.KB_TEST_POSTGRES_URL
    ? [{ name: 'PostgreSQL', uri: process.env.KB_TEST_POSTGRES_URL }]
    : []),
];

describe.each(sharedStores)('two embedbot serve replicas on one $name store', ({ uri }) => {
  it('runs a request once: the same request sent to the other replica gets 409', async () => {
    const { publicHex, privateKey } = keyPair();
    const embedder = { ready: () => Promise.reject(new Error('no model here')) } as unknown as Embedder;
    const fake = await FakeDiscord.start();
    const replicas = await Promise.all(
      [0, 1].map(async () =>
        startHttpInteractions({
          publicKey: publicHex,
          services: {
            embedder,
            vocabulary: new Vocabulary(),
            kb: new KnowledgeBase({ store: tempStore(), embedder, logger: createLogger('silent') }),
            close: async () => {},
          } as RunningServices,
          logger: createLogger('silent'),
          cooldown: { uses: 50, seconds: 10 },
          replays: await openReplayGuard(uri),
          port: 0,
          host: '127.0.0.1',
          restApi: fake.api,
        }),
      ),
    );
    try {
      const seen: string[] = [];
      for (const r of replicas) r.client.on('interactionCreate', (i) => seen.push(i.id));
      // The store outlives test runs: an id no earlier run claimed.
      const id = `${Date.now()}${process.pid % 1000}`.slice(0, 19);
      const body = JSON.stringify({ ...chatInput('explain', []), id });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
      const answers = await Promise.all(
        [...replicas, ...replicas].map((r) =>
          fetch(`http://127.0.0.1:${r.port}/interactions`, {
            method: 'POST',
            headers: { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp },
            body,
            signal: AbortSignal.timeout(3000),
          }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409]);
      expect(seen).toHaveLength(1);
    } finally {
      await Promise.all(replicas.map((r) => r.close()));
      await fake.close();
    }
  });
});
