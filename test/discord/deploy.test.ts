import {
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { main } from '../../src/cli/main.ts';
import { applicationIdFromToken, commandData, deployCommands } from '../../src/discord/deploy.ts';
import { UserError } from '../../src/errors.ts';
import { schemaViolations } from '../helpers/discord-schema.ts';
import { APP_ID, FakeDiscord, GUILD_ID } from '../helpers/fake-discord.ts';

/** A token shaped like Discord's: base64 of the application id, a timestamp part, an HMAC part. */
const TOKEN = `${Buffer.from(APP_ID).toString('base64')}.abcdef.${'x'.repeat(27)}0123456789`;

type Option = APIApplicationCommandOption & {
  options?: Option[];
  choices?: { name: string; value: string | number }[];
  min_length?: number;
  max_length?: number;
  autocomplete?: boolean;
  required?: boolean;
};

/** Every option at every depth, with its path ("kb add text"). */
function allOptions(
  command: RESTPostAPIChatInputApplicationCommandsJSONBody,
): { path: string; option: Option }[] {
  const out: { path: string; option: Option }[] = [];
  const walk = (options: Option[] | undefined, path: string) => {
    for (const option of options ?? []) {
      out.push({ path: `${path} ${option.name}`, option });
      walk(option.options, `${path} ${option.name}`);
    }
  };
  walk(command.options as Option[] | undefined, command.name);
  return out;
}

/** Sibling lists of options (each level Discord validates on its own). */
function levels(command: RESTPostAPIChatInputApplicationCommandsJSONBody): Option[][] {
  const out: Option[][] = [];
  const walk = (options: Option[] | undefined) => {
    if (!options?.length) return;
    out.push(options);
    for (const o of options) walk(o.options);
  };
  walk(command.options as Option[] | undefined);
  return out;
}

// Discord: 1-32 characters, lowercase where a letter has a lowercase form, no spaces.
const NAME = /^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$/u;

describe('commandData(): the commands as Discord receives them', () => {
  const everything = commandData();
  // Slash commands carry options and descriptions; message-menu commands only a display name.
  const data = everything.filter(
    (c): c is RESTPostAPIChatInputApplicationCommandsJSONBody =>
      c.type === undefined || c.type === ApplicationCommandType.ChatInput,
  );
  const menus = everything.filter((c) => c.type === ApplicationCommandType.Message);

  it('has every command, once, with a valid lowercase name', () => {
    const names = everything.map((c) => c.name);
    expect([...names].sort()).toEqual(Object.keys(commands).sort());
    expect(new Set(names).size).toBe(names.length);
    for (const { name } of data) {
      expect(name).toMatch(NAME);
      expect(name).toBe(name.toLowerCase());
    }
    expect(data.length).toBeLessThanOrEqual(100);
  });

  it('offers "Add to knowledge base" in the message menu, in servers, for Manage Server by default', () => {
    expect(menus).toEqual([
      expect.objectContaining({
        name: 'Add to knowledge base',
        type: ApplicationCommandType.Message,
        contexts: [0],
        default_member_permissions: String(PermissionFlagsBits.ManageGuild),
      }),
    ]);
  });

  it('the learning commands install to a user too and work in DMs; the knowledge base stays in servers', () => {
    const scope = (name: string) => {
      const c = everything.find((x) => x.name === name)!;
      return { integration_types: c.integration_types, contexts: c.contexts };
    };
    // integration_types: 0 server install, 1 user install; contexts: 0 server, 1 bot DM, 2 private channel.
    for (const name of ['embed', 'similar', 'analogy', 'explain'])
      expect(scope(name), name).toEqual({ integration_types: [0, 1], contexts: [0, 1, 2] });
    for (const name of ['kb', 'search', 'Add to knowledge base'])
      expect(scope(name), name).toEqual({ integration_types: [0], contexts: [0] });
    expect(everything).toHaveLength(7);
  });

  it('every option name is valid, lowercase and unique among its siblings; at most 25 per level', () => {
    for (const command of data) {
      for (const { path, option } of allOptions(command)) {
        expect(option.name, path).toMatch(NAME);
        expect(option.name, path).toBe(option.name.toLowerCase());
      }
      for (const siblings of levels(command)) {
        const names = siblings.map((o) => o.name);
        expect(new Set(names).size, command.name).toBe(names.length);
        expect(siblings.length).toBeLessThanOrEqual(25);
        // Discord rejects an optional option listed before a required one.
        const required = siblings.map((o) => o.required === true);
        expect(required, command.name).toEqual([...required].sort((x, y) => Number(y) - Number(x)));
      }
    }
  });

  it('descriptions are 1–100 characters, for commands and every option', () => {
    for (const command of data) {
      expect(command.description.length, command.name).toBeGreaterThan(0);
      expect(command.description.length, command.name).toBeLessThanOrEqual(100);
      for (const { path, option } of allOptions(command)) {
        expect(option.description.length, path).toBeGreaterThan(0);
        expect(option.description.length, path).toBeLessThanOrEqual(100);
      }
    }
  });

  it('every free-text string option has min_length and max_length; fixed choices are short', () => {
    let free = 0;
    const unbounded: string[] = [];
    for (const command of data) {
      for (const { path, option } of allOptions(command)) {
        if (option.type !== ApplicationCommandOptionType.String) continue;
        if (option.choices) {
          // Discord only accepts one of the listed values, so the list bounds the input.
          expect(option.choices.length, path).toBeGreaterThan(0);
          expect(option.choices.length, path).toBeLessThanOrEqual(25);
          for (const choice of option.choices) {
            expect(choice.name.length, path).toBeLessThanOrEqual(100);
            expect(String(choice.value).length, path).toBeLessThanOrEqual(100);
          }
          continue;
        }
        free++;
        const { min_length: min, max_length: max } = option;
        if (min === undefined || max === undefined || min < 1 || max < min || max > 6000) {
          unbounded.push(`${path} (min_length ${min}, max_length ${max})`);
        }
      }
    }
    expect(unbounded).toEqual([]);
    expect(free).toBeGreaterThanOrEqual(8);
  });

  it('each command stays within Discord’s 4,000 characters of names, descriptions and choices', () => {
    for (const command of data) {
      let size = command.name.length + command.description.length;
      for (const { option } of allOptions(command)) {
        size += option.name.length + option.description.length;
        for (const c of option.choices ?? []) size += c.name.length + String(c.value).length;
      }
      expect(size, command.name).toBeLessThanOrEqual(4000);
    }
  });

  it("conforms to Discord's published schema for a bulk overwrite, globally and in a server", () => {
    expect(schemaViolations('PUT', `/applications/${APP_ID}/commands`, everything)).toEqual([]);
    expect(
      schemaViolations('PUT', `/applications/${APP_ID}/guilds/${GUILD_ID}/commands`, everything),
    ).toEqual([]);
  });

  it('the schema check finds what Discord would refuse', () => {
    const route = `/applications/${APP_ID}/commands`;
    const [embed] = everything;
    expect(schemaViolations('PUT', route, [{ ...embed, name: 'x'.repeat(33) }])).not.toEqual([]);
    expect(schemaViolations('PUT', route, [{ ...embed, contexts: [7] }])).not.toEqual([]);
    expect(
      schemaViolations('POST', '/interactions/1/t/callback', { type: 4, data: { embeds: [{ title: 5 }] } }),
    ).not.toEqual([]);
    expect(schemaViolations('POST', '/no/such/route', {})).not.toEqual([]);
  });

  it('is plain JSON (what is PUT is exactly what is built)', () => {
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });
});

describe('deployCommands against a fake Discord API', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });
  afterAll(async () => {
    await fake.close();
  });

  it('PUTs exactly commandData() to the guild route, reading the app id from the token', async () => {
    const result = await deployCommands({ token: TOKEN, guildId: GUILD_ID, rest: { api: fake.api } });
    expect(fake.requests).toHaveLength(1);
    const [put] = fake.requests;
    expect(put!.method).toBe('PUT');
    expect(put!.path).toBe(`/applications/${APP_ID}/guilds/${GUILD_ID}/commands`);
    expect(put!.body).toEqual(commandData());
    expect(result).toEqual({ count: commandData().length, scope: `server ${GUILD_ID}` });
  });

  it('without a server, PUTs to the global route', async () => {
    const result = await deployCommands({ token: TOKEN, rest: { api: fake.api } });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `PUT /applications/${APP_ID}/commands`,
    ]);
    expect(fake.requests[0]!.body).toEqual(commandData());
    expect(result.scope).toBe('every server (global)');
  });

  it('a body the schema refuses is answered 400 and fails the file when the fake closes', async () => {
    const other = await FakeDiscord.start();
    const [embed] = commandData();
    const response = await fetch(`${other.api}/v10/applications/${APP_ID}/commands`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ ...embed, name: 'x'.repeat(33) }]),
    });
    expect(response.status).toBe(400);
    expect(other.violations).not.toEqual([]);
    await expect(other.close()).rejects.toThrow(/schema refuses/);
  });

  it('an explicit application id wins over the token', async () => {
    await deployCommands({
      token: TOKEN,
      applicationId: '123456789012345678',
      guildId: GUILD_ID,
      rest: { api: fake.api },
    });
    expect(fake.requests[0]!.path).toBe(`/applications/123456789012345678/guilds/${GUILD_ID}/commands`);
  });

  it('a token whose first part is not an id is refused before any request', async () => {
    expect(applicationIdFromToken(TOKEN)).toBe(APP_ID);
    await expect(deployCommands({ token: 'not-a-token', rest: { api: fake.api } })).rejects.toThrow(
      UserError,
    );
    expect(fake.requests).toHaveLength(0);
  });
});

describe('embedbot deploy honours DISCORD_API_URL', () => {
  let fake: FakeDiscord;
  const saved = { ...process.env };
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(async () => {
    process.env = { ...saved };
    await fake.close();
  });

  it('PUTs the commands to the API the setting names, and prints what it registered', async () => {
    process.env.DISCORD_TOKEN = TOKEN;
    process.env.DISCORD_API_URL = fake.api;
    delete process.env.DISCORD_APPLICATION_ID;
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
      ['deploy', '--guild', GUILD_ID],
      (t) => out.push(t),
      (t) => err.push(t),
    );
    expect({ code, err }).toEqual({ code: 0, err: [] });
    expect(out).toEqual([`Registered ${commandData().length} commands for server ${GUILD_ID}.`]);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `PUT /applications/${APP_ID}/guilds/${GUILD_ID}/commands`,
    ]);
    expect(fake.requests[0]!.body).toEqual(commandData());
  });
});
