import { setTimeout as sleep } from 'node:timers/promises';
import { type Client, PermissionFlagsBits } from 'discord.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { DispatcherOptions } from '../../src/discord/dispatcher.ts';
import { UserError } from '../../src/errors.ts';
import { APP_ID, chatInput, FakeDiscord, type Recorded } from '../helpers/fake-discord.ts';
import { ephemeral, NO_WRITE } from './payloads.ts';
import { exchange, noModelServices, paths, route, SlowEmbedder, testCommand, wire } from './support.ts';

const OTHER_USER = '777777777777777777';
const text = (name: string, value: string) => ({ name, type: 3, value });
const followUp = (content: string) => ({
  content,
  tts: false,
  enforce_nonce: false,
  allowed_mentions: { parse: [] },
  flags: 64,
});
const REF = /\(ref ([0-9A-F]{6})\)/;
const SOMETHING_WENT_WRONG = /^Something went wrong on our side \(ref [0-9A-F]{6}\)\. It has been logged\.$/;

describe('Dispatcher through discord.js against a fake Discord API', () => {
  let fake: FakeDiscord;
  const clients: Client[] = [];
  const setup = (options: Partial<DispatcherOptions> = {}) => {
    const wired = wire(fake, { commands, ...options });
    clients.push(wired.client);
    return wired;
  };

  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  beforeEach(() => {
    fake.overrides = [];
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.destroy();
  });
  afterAll(async () => {
    await fake.close();
  });

  describe('permissions and where a command may run', () => {
    it('a member without Manage Server is refused a write command, and it never runs', async () => {
      const add = testCommand(
        { name: 'facts-add' },
        {
          guildOnly: true,
          writes: () => true,
          run: async () => {
            throw new UserError('stored');
          },
        },
      );
      const { client } = setup({ commands: { ...commands, 'facts-add': add } });

      const raw = chatInput('facts-add', [text('text', 'a fact')], {
        permissions: PermissionFlagsBits.SendMessages,
      });
      const [reply] = await exchange(fake, client, raw, 1);
      expect(route(reply!)).toBe(paths(raw).callback);
      expect(reply!.body).toEqual(ephemeral(NO_WRITE));
      expect(add.calls).toEqual([]);

      // The same command from someone who may write does run (so the refusal above is the check).
      const allowed = chatInput('facts-add', [text('text', 'a fact')], {
        permissions: PermissionFlagsBits.SendMessages | PermissionFlagsBits.ManageGuild,
      });
      const [ok] = await exchange(fake, client, allowed, 1);
      expect(ok!.body).toEqual(ephemeral('stored'));
      expect(add.calls).toEqual([{ text: 'a fact' }]);

      // Administrators have every permission.
      const admin = chatInput('facts-add', [text('text', 'b')], {
        permissions: PermissionFlagsBits.Administrator,
      });
      const [adminReply] = await exchange(fake, client, admin, 1);
      expect(adminReply!.body).toEqual(ephemeral('stored'));
      expect(add.calls).toHaveLength(2);
    });

    it("the command's writer role lets a member without Manage Server write", async () => {
      const WRITER = '888888888888888888';
      const add = testCommand(
        { name: 'facts-add' },
        {
          guildOnly: true,
          writes: () => true,
          writerRole: async () => WRITER,
          run: async () => {
            throw new UserError('stored');
          },
        },
      );
      const { client } = setup({ commands: { ...commands, 'facts-add': add } });
      const withRoles = (roles: string[]) => {
        const raw = chatInput('facts-add', [text('text', 'a fact')]);
        (raw as unknown as { member: { roles: string[] } }).member.roles = roles;
        return raw;
      };
      const [refused] = await exchange(fake, client, withRoles(['999999999999999999']), 1);
      expect(refused!.body).toEqual(ephemeral(NO_WRITE));
      expect(add.calls).toEqual([]);
      const [ok] = await exchange(fake, client, withRoles(['999999999999999999', WRITER]), 1);
      expect(ok!.body).toEqual(ephemeral('stored'));
      expect(add.calls).toHaveLength(1);
    });

    it('writes(input) decides per subcommand; a subcommand with no options is recognised', async () => {
      const calls: unknown[] = [];
      const facts = testCommand(
        { name: 'facts' },
        {
          guildOnly: true,
          writes: (input) => input.subcommand !== 'list' && input.subcommand !== 'search',
          run: async (input) => {
            calls.push(input);
            throw new UserError(`ran ${String(input.subcommand)}`);
          },
        },
      );
      const { client } = setup({ commands: { ...commands, facts } });
      // Discord leaves out `options` for a subcommand invoked without arguments.
      const list = chatInput('facts', [{ name: 'list', type: 1 }]);
      const [listReply] = await exchange(fake, client, list, 1);
      expect(listReply!.body).toEqual(ephemeral('ran list'));

      const search = chatInput('facts', [{ name: 'search', type: 1, options: [text('query', 'cats')] }]);
      const [searchReply] = await exchange(fake, client, search, 1);
      expect(searchReply!.body).toEqual(ephemeral('ran search'));

      const remove = chatInput('facts', [{ name: 'remove', type: 1 }]);
      const [removeReply] = await exchange(fake, client, remove, 1);
      expect(removeReply!.body).toEqual(ephemeral(NO_WRITE));
      expect(calls).toEqual([{ subcommand: 'list' }, { subcommand: 'search', query: 'cats' }]);
    });

    it('a guild-only command used in a DM gets a clear private answer and never runs', async () => {
      const facts = testCommand({ name: 'facts' }, { guildOnly: true });
      const { client } = setup({ commands: { ...commands, facts } });
      const raw = chatInput('facts', [text('query', 'cats')], { dm: true });
      const [reply] = await exchange(fake, client, raw, 1);
      expect(route(reply!)).toBe(paths(raw).callback);
      expect(reply!.body).toEqual(ephemeral('/facts works inside a server, where its knowledge base lives.'));
      expect(facts.calls).toEqual([]);
    });

    it('commands that are not guild-only work in DMs', async () => {
      const { client } = setup();
      const raw = chatInput('explain', [], { dm: true });
      const [reply] = await exchange(fake, client, raw, 1);
      expect((reply!.body as { type: number }).type).toBe(4);
      expect(reply!.body).not.toHaveProperty('data.flags');
    });

    it('a command Discord still lists but the bot no longer has is answered privately', async () => {
      const { client } = setup();
      const raw = chatInput('gone', []);
      const [reply] = await exchange(fake, client, raw, 1);
      expect(reply!.body).toEqual(ephemeral('That command is not part of this bot any more.'));
    });
  });

  describe('errors', () => {
    it('a throwing command: one private reply with a ref, the same ref logged, and the bot carries on', async () => {
      const rejections: unknown[] = [];
      const onRejection = (e: unknown) => rejections.push(e);
      process.on('unhandledRejection', onRejection);
      try {
        const boom = testCommand({ name: 'boom' }, { run: async () => Promise.reject(new Error('boom')) });
        const { client, logs } = setup({ commands: { ...commands, boom } });
        const raw = chatInput('boom', []);
        const [reply] = await exchange(fake, client, raw, 1, { quietMs: 300 });
        expect(route(reply!)).toBe(paths(raw).callback);
        const body = reply!.body as ReturnType<typeof ephemeral>;
        expect(body).toEqual(ephemeral(expect.stringMatching(SOMETHING_WENT_WRONG) as unknown as string));
        const ref = REF.exec(body.data.content)![1]!;

        const failed = logs.entries().filter((e) => e.msg === 'command failed');
        expect(failed).toHaveLength(1);
        expect(failed[0]).toMatchObject({ level: 50, command: 'boom', ref, err: { message: 'boom' } });
        expect(failed[0]!.err?.stack).toContain('boom');
        const summary = logs.entries().filter((e) => e.msg === 'command');
        expect(summary).toEqual([
          expect.objectContaining({ command: 'boom', ref, outcome: 'error', level: 30 }),
        ]);
        // The ref is only in the error's own lines.
        expect(logs.lines.filter((l) => l.includes(ref))).toHaveLength(2);

        // Still alive: the next command is answered normally.
        const next = chatInput('explain', []);
        const [nextReply] = await exchange(fake, client, next, 1);
        expect((nextReply!.body as { type: number }).type).toBe(4);
        expect(nextReply!.body).not.toHaveProperty('data.flags');
        expect(rejections).toEqual([]);
      } finally {
        process.off('unhandledRejection', onRejection);
      }
    });

    it('a UserError after the defer: the deferred reply is deleted and a private follow-up says why', async () => {
      const later = testCommand(
        { name: 'later' },
        {
          usesModel: true,
          run: async () => {
            await sleep(200);
            throw new UserError('Nothing in the knowledge base matches that.');
          },
        },
      );
      const { client, logs } = setup({ commands: { ...commands, later }, deferAfterMs: 50 });
      const raw = chatInput('later', []);
      const requests = await exchange(fake, client, raw, 3);
      expect(requests.map(route)).toEqual([
        paths(raw).callback,
        paths(raw).original('DELETE'),
        paths(raw).followUp,
      ]);
      expect(requests[0]!.body).toEqual({ type: 5, data: { flags: 0 } });
      expect(requests[1]!.body).toBeUndefined();
      expect(requests[2]!.query).toBe('wait=true');
      expect(requests[2]!.body).toEqual(followUp('Nothing in the knowledge base matches that.'));
      // A UserError is the user's business, not an operator's.
      expect(logs.entries().filter((e) => e.level >= 50)).toEqual([]);
    });

    it('a crash after the defer: deleted, then a private follow-up with the logged ref', async () => {
      const later = testCommand(
        { name: 'later' },
        {
          usesModel: true,
          run: async () => {
            await sleep(150);
            throw new TypeError('cannot read properties of undefined');
          },
        },
      );
      const { client, logs } = setup({ commands: { ...commands, later }, deferAfterMs: 30 });
      const raw = chatInput('later', []);
      const requests = await exchange(fake, client, raw, 3);
      expect(requests.map(route)).toEqual([
        paths(raw).callback,
        paths(raw).original('DELETE'),
        paths(raw).followUp,
      ]);
      const content = (requests[2]!.body as { content: string }).content;
      expect(requests[2]!.body).toEqual(followUp(content));
      expect(content).toMatch(SOMETHING_WENT_WRONG);
      const ref = REF.exec(content)![1];
      expect(logs.entries().filter((e) => e.msg === 'command failed')).toEqual([
        expect.objectContaining({
          ref,
          err: expect.objectContaining({ message: 'cannot read properties of undefined' }),
        }),
      ]);
    });
  });

  describe('Discord answering badly', () => {
    it('10062 on the defer: nothing more is sent, even after the command finishes', async () => {
      fake.overrides.push((req, res) => {
        if (!req.path.endsWith('/callback')) return false;
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ message: 'Unknown interaction', code: 10062 }));
        return true;
      });
      const embedder = new SlowEmbedder(400);
      const { client, logs } = setup({ services: noModelServices(embedder), deferAfterMs: 50 });
      const raw = chatInput('similar', [text('a', 'one'), text('b', 'two')]);
      const started = Date.now();
      const requests = await exchange(fake, client, raw, 1, { quietMs: 1000 });
      expect(Date.now() - started).toBeGreaterThan(400 + 300);
      expect(embedder.calls).toBe(1);
      expect(requests.map(route)).toEqual([paths(raw).callback]);
      expect(requests[0]!.body).toEqual({ type: 5, data: { flags: 0 } });
      expect(fake.requests.filter((r) => r.path.includes(raw.token))).toHaveLength(1);
      expect(logs.entries().filter((e) => e.level >= 40)).toEqual([
        expect.objectContaining({ level: 40, msg: 'interaction expired before defer', command: 'similar' }),
      ]);
    });

    it('429 on the reply: discord.js waits and retries by itself, and the user gets one reply', async () => {
      let limited = 0;
      fake.overrides.push((req, res) => {
        if (!req.path.endsWith('/callback') || limited++ > 0) return false;
        res
          .writeHead(429, {
            'content-type': 'application/json',
            'retry-after': '0.05',
            'x-ratelimit-scope': 'user',
          })
          .end(JSON.stringify({ message: 'You are being rate limited.', retry_after: 0.05, global: false }));
        return true;
      });
      const { client, logs } = setup();
      const raw = chatInput('explain', []);
      const [first, second] = await exchange(fake, client, raw, 2, { quietMs: 300 });
      expect(route(first!)).toBe(paths(raw).callback);
      expect(route(second!)).toBe(paths(raw).callback);
      expect(second!.body).toEqual(first!.body);
      expect(first!.query).toEqual(second!.query);
      expect((second!.body as { type: number }).type).toBe(4);
      // It waited the retry_after (50 ms) before trying again.
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(45);
      expect(limited).toBe(2);
      expect(logs.entries().filter((e) => e.level >= 40)).toEqual([]);
    });
  });

  describe('cooldown', () => {
    it('the third /explain in the window is refused with the wait; another user is unaffected', async () => {
      const { client } = setup({ cooldown: { uses: 2, seconds: 10 } });
      for (let n = 0; n < 2; n++) {
        const [ok] = await exchange(fake, client, chatInput('explain', []), 1, { quietMs: 20 });
        expect((ok!.body as { type: number }).type).toBe(4);
        expect(ok!.body).not.toHaveProperty('data.flags');
      }
      const third = chatInput('explain', []);
      const [refused] = await exchange(fake, client, third, 1, { quietMs: 20 });
      const content = (refused!.body as { data: { content: string } }).data.content;
      expect(refused!.body).toEqual(ephemeral(content));
      const wait = Number(/^You are going a little fast: try again in (\d+) s\.$/.exec(content)?.[1]);
      expect(wait).toBeGreaterThanOrEqual(9);
      expect(wait).toBeLessThanOrEqual(10);

      const other = chatInput('explain', [], { userId: OTHER_USER });
      const [otherReply] = await exchange(fake, client, other, 1, { quietMs: 20 });
      expect((otherReply!.body as { type: number }).type).toBe(4);
      expect(otherReply!.body).not.toHaveProperty('data.flags');
    });
  });

  describe('tokens never reach the logs', () => {
    // Shaped like a real bot token: base64 of the application id, a timestamp part, an HMAC part.
    const BOT_TOKEN = `${Buffer.from(APP_ID).toString('base64')}.GhJkLm.${'aB3_dE5-fG7hI9jK1lM3nO5pQ7rS9tU'}`;
    const withToken = (client: Client) => {
      client.rest.setToken(BOT_TOKEN);
      client.token = BOT_TOKEN;
      return client;
    };
    const expectClean = (lines: string[], secrets: string[]) => {
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) for (const secret of secrets) expect(line).not.toContain(secret);
    };
    const discordUrl = (req: Recorded) => `https://discord.com/api/v10${req.path}`;

    it('an edit that fails with HTTP 500 (the error carries the webhook URL) is logged without tokens', async () => {
      fake.overrides.push((req, res) => {
        if (req.method !== 'PATCH') return false;
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ message: `Internal error for ${discordUrl(req)}`, code: 0 }));
        return true;
      });
      const { client, logs } = setup({ services: noModelServices(new SlowEmbedder(100)), deferAfterMs: 20 });
      withToken(client);
      const logged = vi.spyOn(logs.logger, 'error');
      const raw = chatInput('similar', [text('a', 'one'), text('b', 'two')]);
      // The defer, then the edit and discord.js's two retries of it.
      const requests = await exchange(fake, client, raw, 4, { quietMs: 300 });
      expect(requests.map(route)).toEqual([
        paths(raw).callback,
        paths(raw).original('PATCH'),
        paths(raw).original('PATCH'),
        paths(raw).original('PATCH'),
      ]);
      // What the dispatcher handed the logger did carry the token (in the error's url)…
      expect(logged).toHaveBeenCalledTimes(1);
      const [fields, msg] = logged.mock.calls[0]! as unknown as [{ err: { url: string } }, string];
      expect(msg).toBe('interaction handling failed');
      expect(fields.err.url).toContain(raw.token);
      // …and what was written did not.
      const failure = logs.entries().find((e) => e.msg === 'interaction handling failed');
      expect(failure?.err).toEqual({
        type: 'HTTPError',
        message: 'Internal Server Error',
        stack: expect.any(String),
      });
      expectClean(logs.lines, [raw.token, BOT_TOKEN, client.token!]);
    });

    it('a callback refused with 400 (URL in the error) is logged without the interaction token', async () => {
      fake.overrides.push((req, res) => {
        if (!req.path.endsWith('/callback')) return false;
        const url = discordUrl(req);
        res.writeHead(400, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            message: `Invalid Form Body (POST ${url})`,
            code: 50035,
            errors: {
              data: { content: { _errors: [{ code: 'BASE_TYPE_BAD', message: `Bad request to ${url}` }] } },
            },
          }),
        );
        return true;
      });
      const { client, logs } = setup();
      withToken(client);
      const raw = chatInput('explain', []);
      await exchange(fake, client, raw, 1, { quietMs: 300 });
      const failure = logs.entries().find((e) => e.msg === 'interaction handling failed');
      expect(failure?.err?.message).toContain(`/interactions/${raw.id}/[redacted]/callback`);
      expect(failure?.err?.stack).toContain('[redacted]');
      expectClean(logs.lines, [raw.token, BOT_TOKEN]);
    });

    it('a command error quoting the bot token and an interaction URL is logged redacted', async () => {
      let rawToken = '';
      const leaky = testCommand(
        { name: 'leaky' },
        {
          run: async () => {
            throw new Error(
              `login with ${BOT_TOKEN} failed at /interactions/1234567890/${rawToken}/callback`,
            );
          },
        },
      );
      const { client, logs } = setup({ commands: { ...commands, leaky } });
      withToken(client);
      const raw = chatInput('leaky', []);
      rawToken = raw.token;
      const [reply] = await exchange(fake, client, raw, 1);
      expect((reply!.body as { data: { content: string } }).data.content).toMatch(SOMETHING_WENT_WRONG);
      const failed = logs.entries().find((e) => e.msg === 'command failed');
      expect(failed?.err?.message).toBe(
        'login with [redacted token] failed at /interactions/1234567890/[redacted]/callback',
      );
      expectClean(logs.lines, [raw.token, BOT_TOKEN]);
    });
  });
});
