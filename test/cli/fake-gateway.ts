import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

/**
 * A local stand-in for Discord's gateway and the one REST route login needs (GET /gateway/bot).
 * `onIdentify` decides what happens after IDENTIFY: READY, or a close code such as 4004.
 */
export class FakeGateway {
  readonly identified: unknown[] = [];
  private server!: Server;
  private wss!: WebSocketServer;

  constructor(private readonly onIdentify: 'ready' | number) {}

  static async start(onIdentify: 'ready' | number): Promise<FakeGateway> {
    const fake = new FakeGateway(onIdentify);
    fake.server = createServer((req, res) => {
      if (req.url?.startsWith('/api/v10/gateway/bot')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            url: `ws://127.0.0.1:${fake.port}`,
            shards: 1,
            session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
          }),
        );
      } else
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end('{"message":"404: Not Found","code":0}');
    });
    fake.wss = new WebSocketServer({ server: fake.server });
    fake.wss.on('connection', (socket) => {
      socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 }, s: null, t: null }));
      socket.on('message', (raw) => {
        const message = JSON.parse(String(raw)) as { op: number; d: unknown };
        if (message.op === 1) socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
        if (message.op !== 2) return;
        fake.identified.push(message.d);
        if (fake.onIdentify !== 'ready') return socket.close(fake.onIdentify, 'Authentication failed.');
        socket.send(
          JSON.stringify({
            op: 0,
            s: 1,
            t: 'READY',
            d: {
              v: 10,
              user: {
                id: '111111111111111111',
                username: 'embedbot',
                discriminator: '0',
                avatar: null,
                bot: true,
              },
              guilds: [],
              session_id: 'session',
              resume_gateway_url: `ws://127.0.0.1:${fake.port}`,
              shard: [0, 1],
              application: { id: '111111111111111111', flags: 0 },
            },
          }),
        );
      });
    });
    fake.server.listen(0, '127.0.0.1');
    await once(fake.server, 'listening');
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get api(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    this.server.close();
  }
}
