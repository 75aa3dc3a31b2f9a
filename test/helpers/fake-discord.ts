import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  ApplicationCommandType,
  type Client,
  InteractionType,
  PermissionFlagsBits,
} from 'discord.js';
import { createClient } from '../../src/discord/client.ts';
import { schemaViolations, warmSchemas } from './discord-schema.ts';

export interface Recorded {
  method: string;
  /** Path after /api/v10 without the query, e.g. /interactions/ID/TOKEN/callback */
  path: string;
  query: string;
  /** JSON body, or payload_json of a multipart body. */
  body: Record<string, unknown> | undefined;
  /** Names of files in a multipart body. */
  files: string[];
  at: number;
}

/** A handler may answer a request itself (return true) to simulate errors or rate limits. */
export type Override = (req: Recorded, res: ServerResponse) => boolean | Promise<boolean>;

export const APP_ID = '111111111111111111';
export const GUILD_ID = '222222222222222222';
export const USER_ID = '333333333333333333';
export const CHANNEL_ID = '444444444444444444';

/**
 * A local stand-in for Discord's REST API that records every request the bot makes. Each API body
 * is checked against Discord's published schema: a body that does not conform is answered 400, as
 * Discord would, kept in `violations`, and makes `close()` throw, failing the test file.
 */
export class FakeDiscord {
  readonly requests: Recorded[] = [];
  readonly violations: string[] = [];
  overrides: Override[] = [];
  private server!: Server;
  private messageId = 900000000000000000n;

  static async start(): Promise<FakeDiscord> {
    warmSchemas();
    const fake = new FakeDiscord();
    fake.server = createServer((req, res) => void fake.onRequest(req, res));
    fake.server.listen(0, '127.0.0.1');
    await once(fake.server, 'listening');
    return fake;
  }

  get api(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
  }

  /** A real discord.js client whose REST goes here. Not logged in: interactions are injected. */
  client(): Client {
    const client = createClient({ api: this.api, retries: 2, timeout: 5000 });
    client.rest.setToken('MTExMTExMTExMTExMTExMTEx.fake00.not-a-real-token-just-for-tests-00');
    return client;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    if (this.violations.length > 0) {
      throw new Error(`Bodies sent to Discord that its schema refuses:\n${this.violations.join('\n')}`);
    }
  }

  /** Waits until `count` requests have arrived (or fails after `ms`). */
  async waitFor(count: number, ms = 10_000): Promise<Recorded[]> {
    const deadline = Date.now() + ms;
    while (this.requests.length < count) {
      if (Date.now() > deadline) {
        throw new Error(
          `Expected ${count} requests, got ${this.requests.length}: ${JSON.stringify(this.requests, null, 1)}`,
        );
      }
      await sleep(10);
    }
    return this.requests;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const recorded: Recorded = {
      method: req.method ?? 'GET',
      path: (req.url ?? '').replace(/^\/api\/v\d+/, '').split('?')[0]!,
      query: (req.url ?? '').split('?')[1] ?? '',
      ...parseBody(req.headers['content-type'] ?? '', raw),
      at: Date.now(),
    };
    this.requests.push(recorded);
    // Attachments are served from the CDN, not the API: only API requests have a schema.
    if (req.url?.startsWith('/api/')) {
      const violations = schemaViolations(recorded.method, recorded.path, recorded.body);
      if (violations.length > 0) {
        this.violations.push(...violations);
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ code: 50035, message: 'Invalid Form Body', errors: violations }));
        return;
      }
    }
    for (const override of this.overrides) if (await override(recorded, res)) return;

    if (recorded.path.endsWith('/callback') || recorded.method === 'DELETE') {
      res.writeHead(204).end();
      return;
    }
    if (recorded.path.startsWith('/webhooks/')) {
      this.messageId++;
      const message = {
        ...rawMessage(String(this.messageId), { id: APP_ID, username: 'embedbot' }, ''),
        ...recorded.body,
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(message));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(recorded.body ?? {}));
  }
}

function parseBody(type: string, raw: Buffer): Pick<Recorded, 'body' | 'files'> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (type.startsWith('application/json')) return { body: JSON.parse(raw.toString('utf8')), files: [] };
  const boundary = /boundary=(.+)$/.exec(type)?.[1];
  if (!boundary) return { body: undefined, files: [] };
  let body: Record<string, unknown> | undefined;
  const files: string[] = [];
  for (const part of raw.toString('utf8').split(`--${boundary}`)) {
    const name = /name="([^"]+)"/.exec(part)?.[1];
    const filename = /filename="([^"]+)"/.exec(part)?.[1];
    if (name === 'payload_json') body = JSON.parse(part.slice(part.indexOf('\r\n\r\n') + 4).trim());
    else if (filename) files.push(filename);
  }
  return { body, files };
}

let nextId = 500000000000000000n;
const snowflake = (): string => String(nextId++);

type Option = { name: string; type: number; value?: unknown; options?: Option[] };

/** A raw slash-command interaction as Discord sends it, in a server unless `dm` is set. */
export function chatInput(
  name: string,
  options: Option[],
  settings: { dm?: boolean; permissions?: bigint; userId?: string; resolved?: unknown } = {},
): APIChatInputApplicationCommandInteraction {
  const user = {
    id: settings.userId ?? USER_ID,
    username: 'tester',
    discriminator: '0',
    global_name: 'Tester',
    avatar: null,
  };
  const where = settings.dm
    ? { user, channel: { id: CHANNEL_ID, type: 1 }, context: 1 }
    : {
        guild_id: GUILD_ID,
        member: {
          user,
          roles: [],
          permissions: String(settings.permissions ?? PermissionFlagsBits.SendMessages),
          joined_at: '2024-01-01T00:00:00.000Z',
          deaf: false,
          mute: false,
          flags: 0,
        },
        channel: { id: CHANNEL_ID, type: 0, guild_id: GUILD_ID },
        context: 0,
      };
  return {
    id: snowflake(),
    application_id: APP_ID,
    type: InteractionType.ApplicationCommand,
    token: `interaction-token-${snowflake()}-abcdefghijklmnopqrstuvwxyz`,
    version: 1,
    locale: 'en-US',
    channel_id: CHANNEL_ID,
    app_permissions: '0',
    entitlements: [],
    authorizing_integration_owners: {},
    attachment_size_limit: 8388608,
    data: {
      id: snowflake(),
      name,
      type: ApplicationCommandType.ChatInput,
      options,
      ...(settings.resolved ? { resolved: settings.resolved } : {}),
    },
    ...where,
  } as unknown as APIChatInputApplicationCommandInteraction;
}

/** A raw button click on a message the bot sent. */
export function buttonClick(
  customId: string,
  settings: { userId?: string; dm?: boolean } = {},
): APIInteraction {
  const base = chatInput('unused', [], settings);
  return {
    ...base,
    type: InteractionType.MessageComponent,
    data: { custom_id: customId, component_type: 2 },
    message: rawMessage('600000000000000000', { id: APP_ID, username: 'embedbot' }, ''),
  } as unknown as APIInteraction;
}

/** A plain text message in the test channel, as the API describes one. */
function rawMessage(id: string, author: { id: string; username: string }, content: string) {
  return {
    id,
    channel_id: CHANNEL_ID,
    author: { ...author, discriminator: '0', avatar: null, global_name: null },
    content,
    embeds: [],
    attachments: [],
    components: [],
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    pinned: false,
    type: 0,
    flags: 0,
  };
}

/** Feeds a raw interaction to the client exactly as the gateway would. */
export function inject(client: Client, raw: APIInteraction): void {
  (
    client as unknown as { actions: { InteractionCreate: { handle(d: unknown): void } } }
  ).actions.InteractionCreate.handle(raw);
}

/** Every body that carries a message (content, embeds, components or files). */
export function messageBodies(requests: Recorded[]): Record<string, unknown>[] {
  return requests
    .map((r) =>
      r.path.endsWith('/callback') ? (r.body?.data as Record<string, unknown> | undefined) : r.body,
    )
    .filter(
      (b): b is Record<string, unknown> =>
        b !== undefined && ('content' in b || 'embeds' in b || 'components' in b),
    );
}

type Where = { dm?: boolean; permissions?: bigint; userId?: string; roles?: string[] };

/** Sets the member's permissions and/or roles on a raw server interaction (in place). */
export function asMember<T extends APIInteraction>(
  raw: T,
  member: { permissions?: bigint; roles?: string[] },
): T {
  const m = (raw as unknown as { member?: { permissions: string; roles: string[] } }).member;
  if (!m) throw new Error('asMember: this interaction is not in a server');
  if (member.permissions !== undefined) m.permissions = String(member.permissions);
  if (member.roles !== undefined) m.roles = member.roles;
  return raw;
}

const based = (settings: Where): APIInteraction => {
  const base = chatInput('unused', [], settings) as unknown as APIInteraction;
  return settings.roles ? asMember(base, { roles: settings.roles }) : base;
};

/** A raw message-menu command (Apps → `name`) on a message with `content`, as Discord sends it. */
export function messageCommand(
  name: string,
  message: { id?: string; content: string; authorId?: string; authorName?: string },
  settings: Where = {},
): APIInteraction {
  const targetId = message.id ?? snowflake();
  const target = rawMessage(
    targetId,
    { id: message.authorId ?? '555555555555555555', username: message.authorName ?? 'author' },
    message.content,
  );
  return {
    ...based(settings),
    type: InteractionType.ApplicationCommand,
    data: {
      id: snowflake(),
      name,
      type: ApplicationCommandType.Message,
      target_id: targetId,
      resolved: { messages: { [targetId]: target } },
    },
  } as unknown as APIInteraction;
}

/** A raw modal submission: one action row with one text input per entry of `values`. */
export function modalSubmit(
  customId: string,
  values: Record<string, string>,
  settings: Where = {},
): APIInteraction {
  return {
    ...based(settings),
    type: InteractionType.ModalSubmit,
    data: {
      custom_id: customId,
      components: Object.entries(values).map(([id, value]) => ({
        type: 1,
        components: [{ type: 4, custom_id: id, value }],
      })),
    },
  } as unknown as APIInteraction;
}

/** A raw autocomplete request; mark the option being typed with `focused: true`. */
export function autocomplete(
  name: string,
  options: (Option & { focused?: boolean })[],
  settings: Where = {},
): APIInteraction {
  return {
    ...based(settings),
    type: InteractionType.ApplicationCommandAutocomplete,
    data: { id: snowflake(), name, type: ApplicationCommandType.ChatInput, options },
  } as unknown as APIInteraction;
}

/**
 * Serves `body` from the fake server, as Discord's CDN serves an attachment, and returns the raw
 * attachment to put in `data.resolved.attachments`. Registered as an override: it lasts until
 * `fake.overrides` is reset.
 */
export function serveAttachment(
  fake: FakeDiscord,
  file: { name: string; body: string | Buffer; contentType?: string },
): { id: string; filename: string; size: number; url: string; proxy_url: string; content_type?: string } {
  const id = snowflake();
  const path = `/attachments/${CHANNEL_ID}/${id}/${encodeURIComponent(file.name)}`;
  const body = typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : file.body;
  fake.overrides.push((req, res) => {
    if (req.method !== 'GET' || req.path !== path) return false;
    res.writeHead(200, { 'content-type': file.contentType ?? 'application/octet-stream' }).end(body);
    return true;
  });
  const url = `${fake.api.replace(/\/api$/, '')}${path}`;
  return {
    id,
    filename: file.name,
    size: body.length,
    url,
    proxy_url: url,
    ...(file.contentType ? { content_type: file.contentType } : {}),
  };
}
