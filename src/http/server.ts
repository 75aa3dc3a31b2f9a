import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIInteraction, Client } from 'discord.js';
import { commands } from '../../commands/index.ts';
import { createClient } from '../discord/client.ts';
import { Dispatcher } from '../discord/dispatcher.ts';
import type { Logger } from '../log.ts';
import type { RunningServices } from '../services.ts';
import type { ReplayGuard } from './replay-guard.ts';
import { publicKeyFromHex, verifySignature } from './signature.ts';

export interface HttpOptions {
  publicKey: string;
  services: RunningServices;
  logger: Logger;
  cooldown: { uses: number; seconds: number };
  /** Which interaction ids were already received (shared by replicas on Redis/PostgreSQL). Closed with the server. */
  replays: ReplayGuard;
  port: number;
  host?: string;
  /** Discord's REST base, e.g. https://discord.com/api (tests point it at a local server). */
  restApi?: string;
  token?: string;
  /** Longest a client may take to send its headers, and again its body (default 10 s). */
  readTimeoutMs?: number;
  /** Longest from a request's headers to its answer; Discord waits 3 s (default 2.8 s). */
  answerMs?: number;
}

export interface HttpInteractions {
  server: Server;
  port: number;
  client: Client;
  dispatcher: Dispatcher;
  close(): Promise<void>;
}

const MAX_BODY = 1_000_000;
const TIMESTAMP_WINDOW_S = 300;
/** The interaction types Discord sends: ping, command, component, autocomplete, modal submit. */
const INTERACTION_TYPES = new Set([1, 2, 3, 4, 5]);
const CALLBACK = /\/interactions\/(\d+)\/[^/]+\/callback/;

/**
 * Discord interactions over HTTP: both signature headers and the timestamp are checked before the
 * body is read, the Ed25519 signature before it is parsed, and each interaction id is accepted once.
 * Commands go through the same dispatcher as the gateway. The dispatcher's first callback (a reply
 * or a defer) becomes the HTTP response; later edits and follow-ups use the webhook REST API.
 */
export async function startHttpInteractions(options: HttpOptions): Promise<HttpInteractions> {
  const key = publicKeyFromHex(options.publicKey);
  const readTimeoutMs = options.readTimeoutMs ?? 10_000;
  // Discord wants the first response within 3 s; what has not answered by then gets a 202.
  const answerMs = options.answerMs ?? 2800;
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

  const server = createServer(
    {
      headersTimeout: readTimeoutMs,
      requestTimeout: 2 * readTimeoutMs,
      // Node enforces both timeouts only when it checks its connections (every 30 s by default).
      connectionsCheckingInterval: Math.min(1000, Math.max(10, readTimeoutMs / 4)),
    },
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        options.logger.error({ err: error }, 'http request failed');
        if (!res.headersSent) res.writeHead(500).end();
      });
    },
  );

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET' && req.url === '/healthz') return health(res);
    if (req.method !== 'POST' || req.url !== '/interactions') return refuse(res, 404, 'not found');
    const deadline = Date.now() + answerMs;
    const signature = one(req.headers['x-signature-ed25519']);
    const timestamp = one(req.headers['x-signature-timestamp']);
    if (!signature || !timestamp) return refuse(res, 401, 'invalid request signature');
    if (!fresh(timestamp)) return refuse(res, 401, 'request timestamp is more than 5 minutes from now');
    if (Number(req.headers['content-length']) > MAX_BODY) return refuse(res, 413, 'request body too large');

    const body = await readBody(req, readTimeoutMs);
    if (body === 'too large') return refuse(res, 413, 'request body too large');
    if (body === 'too slow') return refuse(res, 408, 'request body took too long');
    if (body === 'aborted') return void res.destroy();
    if (!verifySignature(key, signature, timestamp, body))
      return refuse(res, 401, 'invalid request signature');
    const interaction = parseInteraction(body);
    if (!interaction) return refuse(res, 400, 'not a Discord interaction');
    if (interaction.type === 1) return json(res, 200, { type: 1 });

    const claimed = await beforeDeadline(options.replays.claim(interaction.id), deadline).catch(
      (error: unknown) => {
        options.logger.error({ err: error }, 'could not record the interaction id');
        return 'failed' as const;
      },
    );
    if (claimed === false) return refuse(res, 409, 'interaction already received');
    if (claimed === 'late') options.logger.warn('the interaction id was not recorded in time');
    // Without a recorded claim the interaction is not run: a replay could not be told apart.
    if (claimed !== true) return refuse(res, 503, 'interaction could not be recorded');

    let settle!: (body: string | null) => void;
    const first = new Promise<string | null>((resolve) => {
      settle = resolve;
    });
    pending.set(interaction.id, settle);
    const timer = setTimeout(() => settle(null), Math.max(0, deadline - Date.now()));
    let response: string | null;
    try {
      (
        client as unknown as { actions: { InteractionCreate: { handle(d: unknown): void } } }
      ).actions.InteractionCreate.handle(interaction);
      response = await first;
    } finally {
      clearTimeout(timer);
      if (pending.get(interaction.id) === settle) pending.delete(interaction.id);
    }
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
  try {
    await once(server, 'listening');
  } catch (error) {
    // A taken port: let go of the guard's connection too, or the process would linger.
    await client.destroy();
    await options.replays.close();
    throw error;
  }
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
      await options.replays.close();
    },
  };
}

const one = (h: string | string[] | undefined): string | undefined => (Array.isArray(h) ? h[0] : h);

/** Unix seconds within 5 minutes of now. */
function fresh(timestamp: string): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(Date.now() / 1000 - Number(timestamp)) <= TIMESTAMP_WINDOW_S;
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

/** A refusal closes the connection: a body left unread is never waited for. */
function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' }).end(message);
}

type Interaction = APIInteraction & { id: string };

function parseInteraction(body: Buffer): Interaction | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { id, type } = value as { id?: unknown; type?: unknown };
  if (typeof id !== 'string' || !/^\d{1,20}$/.test(id)) return undefined;
  if (typeof type !== 'number' || !INTERACTION_TYPES.has(type)) return undefined;
  return value as Interaction;
}

/** The promise's value, or 'late' once the deadline passed (the promise is then left to settle alone). */
function beforeDeadline<T>(promise: Promise<T>, deadline: number): Promise<T | 'late'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), Math.max(0, deadline - Date.now()));
  });
  promise.catch(() => {}); // a rejection after the deadline is nobody's to handle
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** The body, unless it is larger than MAX_BODY or takes longer than `timeoutMs` to arrive. */
type Body = Buffer | 'too large' | 'too slow' | 'aborted';

function readBody(req: IncomingMessage, timeoutMs: number): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: Body) => {
      clearTimeout(timer);
      req.off('data', onData);
      if (typeof result === 'string') req.pause();
      resolve(result);
    };
    const timer = setTimeout(() => done('too slow'), timeoutMs);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) done('too large');
      else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => done(Buffer.concat(chunks)));
    // The client went away mid-body: there is no one left to answer.
    req.once('error', () => done('aborted'));
  });
}
