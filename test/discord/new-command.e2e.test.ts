// Adding a command with a button touches only its own module and the registry: here both are in the test.
import type { Client, Message } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../src/command.ts';
import { encodeCustomId } from '../../src/discord/custom-id.ts';
import { button, row } from '../../src/discord/ui.ts';
import { asMember, buttonClick, chatInput, FakeDiscord, GUILD_ID, USER_ID } from '../helpers/fake-discord.ts';
import { ephemeral, MANAGE, MEMBER, NO_WRITE, reply } from './payloads.ts';
import { exchange, paths, route, wire } from './support.ts';

const OTHER_USER = '777777777777777777';

/** A counter: /count shows 0 and a "+1" button; pressing it counts on; "Reset" is a write. */
const counter: Command<{ start?: number; reset?: boolean }, { count: number }> = {
  data: { name: 'count', description: 'test-only counter' },
  guildOnly: true,
  writes: (input) => input.reset === true,
  async run(input) {
    return { count: input.reset ? 0 : (input.start ?? 0) };
  },
  discord: {
    render: (r, _input, { userId }) => ({
      content: `Count: ${r.count}`,
      components: [
        row(
          button('+1', encodeCustomId('count', userId, r.count + 1)),
          button('Reset', encodeCustomId('count', userId, 'reset')),
        ),
      ],
    }),
    components: [
      {
        prefix: 'count',
        notYours: 'This counter belongs to someone else.',
        press: ([arg]) => ({ input: arg === 'reset' ? { reset: true } : { start: Number(arg) } }),
      },
    ],
  },
};

const shown = (count: number, type = 4) =>
  reply(
    {
      content: `Count: ${count}`,
      components: [
        {
          type: 1,
          components: [
            { type: 2, style: 2, label: '+1', custom_id: `count:${USER_ID}:${count + 1}`, disabled: false },
            { type: 2, style: 2, label: 'Reset', custom_id: `count:${USER_ID}:reset`, disabled: false },
          ],
        },
      ],
    },
    type,
  );

describe('a command defined in a test, with a button, through the dispatcher', () => {
  let fake: FakeDiscord;
  let client: Client;
  let logs: ReturnType<typeof wire>['logs'];
  beforeAll(async () => {
    fake = await FakeDiscord.start();
    ({ client, logs } = wire(fake, { commands: { count: counter }, cooldown: { uses: 4, seconds: 60 } }));
  });
  afterAll(async () => {
    await client.destroy();
    await fake.close();
  });

  it('its button round-trips with every guard: owner, server only, write permission, cooldown, one log line', async () => {
    const raw = chatInput('count', []);
    const [first] = await exchange(fake, client, raw, 1);
    expect(route(first!)).toBe(paths(raw).callback);
    expect(first!.body).toEqual(shown(0));

    // The invoker presses +1: the message is updated in place (callback type 7).
    const click = buttonClick(`count:${USER_ID}:1`);
    const [update] = await exchange(fake, client, click, 1);
    expect(route(update!)).toBe(paths(click).callback);
    expect(update!.body).toEqual(shown(1, 7));

    // Someone else: refused privately, by the command's own words.
    const [stranger] = await exchange(
      fake,
      client,
      buttonClick(`count:${USER_ID}:2`, { userId: OTHER_USER }),
      1,
    );
    expect(stranger!.body).toEqual(ephemeral('This counter belongs to someone else.'));

    // The command is server-only, and so are its buttons.
    const [dm] = await exchange(fake, client, buttonClick(`count:${USER_ID}:2`, { dm: true }), 1);
    expect(dm!.body).toEqual(ephemeral('/count works inside a server, where its knowledge base lives.'));

    // Reset writes: checked when pressed, not when the message was sent.
    const denied = asMember(buttonClick(`count:${USER_ID}:reset`), { permissions: MEMBER });
    const [refused] = await exchange(fake, client, denied, 1);
    expect(refused!.body).toEqual(ephemeral(NO_WRITE));
    const allowed = asMember(buttonClick(`count:${USER_ID}:reset`), { permissions: MANAGE });
    const [reset] = await exchange(fake, client, allowed, 1);
    expect(reset!.body).toEqual(shown(0, 7));

    // Four uses a minute: the slash command, +1 and both resets (a refused write counts); the next waits.
    const [fast] = await exchange(fake, client, buttonClick(`count:${USER_ID}:1`), 1);
    expect(fast!.body).toEqual(
      ephemeral(expect.stringMatching(/^You are going a little fast: try again in \d+ s\.$/) as never),
    );

    // One log line per entry that passed the guards and ran: the slash command, +1 and the reset.
    const lines = logs.entries().filter((e) => e.msg === 'command');
    expect(lines.map((e) => [e.command, e.via, e.outcome])).toEqual([
      ['count', undefined, 'ok'],
      ['count', 'count', 'ok'],
      ['count', 'count', 'ok'],
    ]);
  });
});

describe('message events plug in beside the command, the same way', () => {
  it('every listening command hears a message; one that throws is logged and the others still hear it', async () => {
    const heard: string[] = [];
    const listener = (name: string, fail = false): Command => ({
      data: { name, description: `test-only /${name}` },
      run: async () => undefined,
      discord: {
        render: () => ({ content: '' }),
        events: {
          async messageCreate(message, { guildId, services }) {
            heard.push(`${name}: ${message.content} in ${guildId} (kb ${typeof services.kb.search})`);
            if (fail) throw new Error('listener broke');
          },
        },
      },
    });
    const fake = await FakeDiscord.start();
    const { client, dispatcher, logs } = wire(fake, {
      commands: { first: listener('first', true), second: listener('second'), count: counter },
    });
    try {
      const message = { content: 'How do I reset my password?', guildId: GUILD_ID } as unknown as Message;
      await dispatcher.handleMessage(message);
      expect(heard).toEqual([
        `first: How do I reset my password? in ${GUILD_ID} (kb function)`,
        `second: How do I reset my password? in ${GUILD_ID} (kb function)`,
      ]);
      expect(logs.entries().filter((e) => e.level >= 50)).toEqual([
        expect.objectContaining({ msg: 'message handling failed', command: 'first' }),
      ]);
      expect(fake.requests).toEqual([]);
    } finally {
      await client.destroy();
      await fake.close();
    }
  });
});
