import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { GatewayIntentBits } from 'discord.js';
import { WebSocketServer } from 'ws';
import { APP_ID, type FakeDiscord } from '../helpers/fake-discord.ts';

/**
 * A local gateway: HELLO, then READY for an IDENTIFY, or close 4014 when the intents ask for Message
 * Content and the application may not have it. Records the intents of every IDENTIFY.
 */
export async function fakeGateway(allowMessageContent: boolean) {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(server, 'listening');
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const identified: number[] = [];
  server.on('connection', (socket) => {
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 } }));
    socket.on('message', (data) => {
      const packet = JSON.parse(String(data)) as { op: number; d: { intents?: number } };
      if (packet.op === 1) socket.send(JSON.stringify({ op: 11 }));
      if (packet.op !== 2) return;
      const intents = packet.d.intents ?? 0;
      identified.push(intents);
      if (!allowMessageContent && intents & GatewayIntentBits.MessageContent) {
        socket.close(4014, 'Disallowed intent(s).');
        return;
      }
      socket.send(
        JSON.stringify({
          op: 0,
          t: 'READY',
          s: 1,
          d: {
            v: 10,
            user: { id: APP_ID, username: 'embedbot', discriminator: '0', avatar: null, bot: true },
            guilds: [],
            session_id: 'session',
            resume_gateway_url: url,
            application: { id: APP_ID, flags: 0 },
          },
        }),
      );
    });
  });
  const close = () =>
    new Promise<void>((resolve) => {
      for (const socket of server.clients) socket.terminate();
      server.close(() => resolve());
    });
  return { url, identified, close };
}

/** Makes the fake REST's GET /gateway/bot point at `url` (discord.js and the token check ask it). */
export function serveGateway(fake: FakeDiscord, url: string): void {
  fake.overrides.push((req, res) => {
    if (req.path !== '/gateway/bot') return false;
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        url,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      }),
    );
    return true;
  });
}
