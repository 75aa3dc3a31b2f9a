import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIInteraction, Client } from 'discord.js';
import { commands } from '../../commands/index.ts';
import { createClient } from '../discord/client.ts';
import { Dispatcher } from '../discord/dispatcher.ts';
import type { Logger } from '../log.ts';
import type { RunningServices } from '../services.ts';
import { publicKeyFromHex, verifySignature } from './signature.ts';

export interface HttpOptions {
  publicKey: string;
  services: RunningServices;
  logger: Logger;
  cooldown: { uses: number; seconds: number };
  port: number;
  host?: string;
  /** Discord's REST base, e.g. https://discord.com/api (tests point it at a local server). */
  restApi?: string;
  token?: string;
}

export interface HttpInteractions {
  server: Server;
  port: number;
  client: Client;
  dispatcher: Dispatcher;
  close(): Promise<void>;
}

const MAX_BODY = 1_000_000;
const CALLBACK = /\/interactions\/(\d+)\/[^/]+\/callback/;

/**
 * Discord interactions over HTTP: every request's Ed25519 signature is checked before the body is
 * parsed; commands go through the same dispatcher as the gateway. The dispatcher's first callback
 * (a reply or a defer) becomes the HTTP response; later edits and follow-ups use the webhook REST API.
 */
export async function startHttpInteractions(options: HttpOptions): Promise<HttpInteractions> {
  const key = publicKeyFromHex(options.publicKey);
  const pending = new Map<string, (body: string | null) => void>();

  const client = createClient({
    ...(options.restApi ? { api: options.restApi } : {}),
    makeRequest: async (url, init) => {
      const id = CALLBACK.exec(url)?.[1];
      const answer = id ? pending.get(id) : undefined;
      if (id && answer && typeof init.body === 'string') {
        pending.delete(id);
        answer(init.body);
        return new Response(null, { status: 204 });
      }
      if (id && answer) {
        // A first response with files cannot ride in the HTTP reply: send it over REST instead.
        pending.delete(id);
        answer(null);
      }
      return fetch(url, init as RequestInit);
    },
  });
  if (options.token) client.rest.setToken(options.token);
  // Model-backed commands are deferred at once: the HTTP reply then never waits on the model.
  const dispatcher = new Dispatcher({
    commands,
    services: options.services,
    logger: options.logger,
    cooldown: options.cooldown,
    deferAfterMs: 0,
  });
  client.on('interactionCreate', dispatcher.handle);

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.logger.error({ err: error }, 'http request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET' && req.url === '/healthz') return health(res);
    if (req.method !== 'POST' || req.url !== '/interactions') {
      res.writeHead(404).end();
      return;
    }
    const body = await readBody(req);
    if (body === undefined) {
      res.writeHead(413).end();
      return;
    }
    const signature = req.headers['x-signature-ed25519'];
    const timestamp = req.headers['x-signature-timestamp'];
    if (!verifySignature(key, one(signature), one(timestamp), body)) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('invalid request signature');
      return;
    }
    const interaction = JSON.parse(body.toString('utf8')) as APIInteraction;
    if (interaction.type === 1) return json(res, 200, { type: 1 });

    const first = new Promise<string | null>((resolve) => pending.set(interaction.id, resolve));
    const timer = setTimeout(() => pending.get(interaction.id)?.(null), 2800);
    (
      client as unknown as { actions: { InteractionCreate: { handle(d: unknown): void } } }
    ).actions.InteractionCreate.handle(interaction);
    const response = await first;
    clearTimeout(timer);
    pending.delete(interaction.id);
    if (response === null) {
      res.writeHead(202).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(response);
  }

  async function health(res: ServerResponse): Promise<void> {
    const model = await options.services.embedder
      .ready()
      .then(() => true)
      .catch(() => false);
    const store = await options.services.kb
      .settings('0')
      .then(() => true)
      .catch(() => false);
    json(res, model && store ? 200 : 503, { model, store });
  }

  server.listen(options.port, options.host ?? '0.0.0.0');
  await once(server, 'listening');
  return {
    server,
    port: (server.address() as AddressInfo).port,
    client,
    dispatcher,
    async close() {
      server.close();
      await dispatcher.drain(10_000);
      server.closeAllConnections();
      await client.destroy();
    },
  };
}

const one = (h: string | string[] | undefined): string | undefined => (Array.isArray(h) ? h[0] : h);

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
