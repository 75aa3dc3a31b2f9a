// End-to-end figures: warm /similar and /search handler latency, and HTTP-mode requests/s on loopback.
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { search } from '../commands/search.ts';
import { similar } from '../commands/similar.ts';
import type { Embedder } from '../src/embedding/embedder.ts';
import { MemoryReplayGuard } from '../src/http/replay-guard.ts';
import { startHttpInteractions } from '../src/http/server.ts';
import { DEMO_DOCUMENTS } from '../src/kb/demo.ts';
import { KnowledgeBase } from '../src/kb/knowledge-base.ts';
import { lazyStore } from '../src/kb/store.ts';
import { createLogger } from '../src/log.ts';
import type { RunningServices } from '../src/services.ts';
import { Vocabulary } from '../src/vocabulary.ts';
import { fmt, type Report } from './table.ts';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface E2eBench {
  similarMs: number;
  searchMs: number;
  http: { clients: number; seconds: number; completed: number; perSecond: number };
}

/** `rawInferenceMs`: one raw onnxruntime inference of a short sentence, measured by the caller. */
export async function benchEndToEnd(
  embedder: Embedder,
  rawInferenceMs: number,
  report: Report,
  log: (m: string) => void,
): Promise<E2eBench> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'embedbot-bench-e2e-'));
  const store = lazyStore(`sqlite://${path.join(dir, 'kb.sqlite')}`);
  const kb = new KnowledgeBase({ store, embedder, logger: createLogger('silent') });
  const services = { embedder, vocabulary: new Vocabulary(), kb };
  const here = { userId: '100000000000000001', guildId: '1' };
  await kb.import('1', DEMO_DOCUMENTS.map((d) => JSON.stringify(d)).join('\n'), 'bench');

  // Distinct texts every time, so the embedding cache never answers.
  log('e2e: handler latency');
  const similarTimes: number[] = [];
  const searchTimes: number[] = [];
  for (let i = 0; i < 60; i++) {
    let t = performance.now();
    await similar.run(
      { a: `A cat sleeps on the mat, take ${i}`, b: `A kitten naps on the rug, take ${i}` },
      services,
      here,
    );
    similarTimes.push(performance.now() - t);
    t = performance.now();
    await search.run({ query: `How do computers learn from data? (${i})` }, services, here);
    searchTimes.push(performance.now() - t);
  }

  // HTTP mode: 8 clients post signed /similar interactions; a request counts once its answer has
  // been edited in through the (local stand-in for the) webhook API.
  log('e2e: HTTP requests/s');
  let completed = 0;
  const rest = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'PATCH') completed++;
      if (req.url?.includes('/callback') || req.method === 'DELETE') res.writeHead(204).end();
      else
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(
            '{"id":"1","channel_id":"1","type":0,"content":"","author":{"id":"1","username":"b","discriminator":"0","avatar":null},"embeds":[],"attachments":[],"components":[],"timestamp":"2026-01-01T00:00:00Z","edited_timestamp":null,"tts":false,"mention_everyone":false,"mentions":[],"mention_roles":[],"pinned":false}',
          );
    });
  }).listen(0, '127.0.0.1');
  await new Promise((r) => rest.once('listening', r));
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  const http = await startHttpInteractions({
    publicKey: der.subarray(der.length - 32).toString('hex'),
    services: { ...services, close: async () => {} } as unknown as RunningServices,
    logger: createLogger('silent'),
    cooldown: { uses: 1_000_000, seconds: 1 },
    replays: new MemoryReplayGuard(),
    port: 0,
    host: '127.0.0.1',
    restApi: `http://127.0.0.1:${(rest.address() as AddressInfo).port}/api`,
  });
  const url = `http://127.0.0.1:${http.port}/interactions`;
  const clients = 8;
  const seconds = 10;
  let sent = 0;
  const stopAt = performance.now() + seconds * 1000;
  const client = async (c: number) => {
    while (performance.now() < stopAt) {
      const n = sent++;
      const body = JSON.stringify({
        id: String(700000000000000000n + BigInt(n)),
        application_id: '111111111111111111',
        type: 2,
        token: `bench-token-${n}-abcdefghijklmnopqrstuvwxyz`,
        version: 1,
        locale: 'en-US',
        guild_id: '222222222222222222',
        channel: { id: '444444444444444444', type: 0, guild_id: '222222222222222222' },
        channel_id: '444444444444444444',
        member: {
          user: {
            id: String(300000000000000000n + BigInt(c)),
            username: 'u',
            discriminator: '0',
            avatar: null,
            global_name: null,
          },
          roles: [],
          permissions: '0',
          joined_at: '2024-01-01T00:00:00.000Z',
          deaf: false,
          mute: false,
          flags: 0,
        },
        app_permissions: '0',
        entitlements: [],
        authorizing_integration_owners: {},
        context: 0,
        data: {
          id: '1',
          name: 'similar',
          type: 1,
          options: [
            { name: 'a', type: 3, value: `The weather is lovely today, number ${n}` },
            { name: 'b', type: 3, value: `It is a sunny and pleasant day, number ${n}` },
          ],
        },
      });
      const timestamp = String(Math.floor(Date.now() / 1000));
      await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-signature-ed25519': sign(null, Buffer.from(timestamp + body), privateKey).toString('hex'),
          'x-signature-timestamp': timestamp,
        },
        body,
      }).then((r) => r.arrayBuffer());
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
  const deadline = performance.now() + 30_000;
  while (completed < sent && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const elapsed = (performance.now() - started) / 1000;
  await http.close();
  rest.close();
  await store.close();

  const result: E2eBench = {
    similarMs: median(similarTimes),
    searchMs: median(searchTimes),
    http: { clients, seconds: elapsed, completed, perSecond: completed / elapsed },
  };
  const table = report.section('End to end', ['figure', 'value', 'vs raw inference']);
  table.row(
    '/similar handler, warm (ms, median)',
    fmt(result.similarMs, 2),
    `${fmt(result.similarMs / rawInferenceMs, 2)}×`,
  );
  table.row(
    '/search handler, 8 docs, warm (ms, median)',
    fmt(result.searchMs, 2),
    `${fmt(result.searchMs / rawInferenceMs, 2)}×`,
  );
  table.row(`HTTP mode /similar, ${clients} clients (answers/s)`, fmt(result.http.perSecond, 1), '');
  table.note(
    `one raw onnxruntime inference of a short sentence: ${fmt(rawInferenceMs, 2)} ms (the unit above); /similar embeds two texts.`,
  );
  table.note(
    'HTTP: signed interactions over loopback; an answer counts once its webhook edit reached the local REST stand-in.',
  );
  return result;
}
