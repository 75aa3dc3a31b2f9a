import { ApplicationCommandOptionType, type Client, type CommandInteractionOption } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputFrom } from '../../src/discord/options.ts';
import { UserError } from '../../src/errors.ts';
import { chatInput, FakeDiscord } from '../helpers/fake-discord.ts';
import { exchange, testCommand, wire } from './support.ts';

const T = ApplicationCommandOptionType;
const opt = (
  name: string,
  type: ApplicationCommandOptionType,
  extra: Partial<CommandInteractionOption> = {},
) => ({ name, type, ...extra }) as CommandInteractionOption;

describe('inputFrom', () => {
  it('maps plain options by name to their values', () => {
    expect(
      inputFrom([
        opt('text', T.String, { value: 'hello' }),
        opt('values', T.Integer, { value: 12 }),
        opt('full', T.Boolean, { value: false }),
        opt('threshold', T.Number, { value: 0.25 }),
        opt('who', T.User, { value: '123456789012345678' }),
      ]),
    ).toEqual({ text: 'hello', values: 12, full: false, threshold: 0.25, who: '123456789012345678' });
    expect(inputFrom([])).toEqual({});
  });

  it('gives an attachment option its attachment, not its id', () => {
    const attachment = { id: '1', name: 'notes.txt', url: 'https://cdn.example/notes.txt', size: 10 };
    const input = inputFrom([opt('file', T.Attachment, { value: '1', attachment } as never)]);
    expect(input).toEqual({ file: attachment });
  });

  it('a subcommand becomes `subcommand` and its options join the rest', () => {
    expect(
      inputFrom([opt('add', T.Subcommand, { options: [opt('text', T.String, { value: 'a fact' })] })]),
    ).toEqual({ subcommand: 'add', text: 'a fact' });
  });

  it('a subcommand without arguments (Discord leaves out `options`) is still a subcommand', () => {
    expect(inputFrom([opt('list', T.Subcommand)])).toEqual({ subcommand: 'list' });
    expect(inputFrom([opt('list', T.Subcommand, { options: [] })])).toEqual({ subcommand: 'list' });
  });

  it('a subcommand group and its subcommand become "group sub"', () => {
    const group = opt('tags', T.SubcommandGroup, {
      options: [opt('add', T.Subcommand, { options: [opt('tag', T.String, { value: 'x' })] })],
    });
    expect(inputFrom([group])).toEqual({ subcommand: 'tags add', tag: 'x' });
    expect(inputFrom([opt('tags', T.SubcommandGroup, { options: [opt('list', T.Subcommand)] })])).toEqual({
      subcommand: 'tags list',
    });
  });

  it('an option that happens to be named "subcommand" inside a group is overruled by the path', () => {
    const group = opt('g', T.SubcommandGroup, {
      options: [opt('s', T.Subcommand, { options: [opt('query', T.String, { value: 'q' })] })],
    });
    expect(inputFrom([group]).subcommand).toBe('g s');
  });
});

describe('inputFrom on what discord.js builds from a raw interaction', () => {
  let fake: FakeDiscord;
  let client: Client;
  const seen = testCommand(
    { name: 'facts' },
    {
      run: async () => {
        throw new UserError('recorded');
      },
    },
  );
  beforeAll(async () => {
    fake = await FakeDiscord.start();
    ({ client } = wire(fake, { commands: { facts: seen } }));
  });
  afterAll(async () => {
    await client.destroy();
    await fake.close();
  });

  const run = async (options: Parameters<typeof chatInput>[1]) => {
    seen.calls.length = 0;
    await exchange(fake, client, chatInput('facts', options), 1, { quietMs: 20 });
    expect(seen.calls).toHaveLength(1);
    return seen.calls[0];
  };

  it('plain options', async () => {
    expect(
      await run([
        { name: 'text', type: 3, value: 'hi' },
        { name: 'n', type: 4, value: 3 },
        { name: 'flag', type: 5, value: true },
      ]),
    ).toEqual({ text: 'hi', n: 3, flag: true });
  });

  it('a subcommand with options, and one without', async () => {
    expect(await run([{ name: 'add', type: 1, options: [{ name: 'text', type: 3, value: 'hi' }] }])).toEqual({
      subcommand: 'add',
      text: 'hi',
    });
    expect(await run([{ name: 'list', type: 1 }])).toEqual({ subcommand: 'list' });
  });

  it('a subcommand group', async () => {
    expect(
      await run([
        {
          name: 'tags',
          type: 2,
          options: [{ name: 'add', type: 1, options: [{ name: 'tag', type: 3, value: 'cats' }] }],
        },
      ]),
    ).toEqual({ subcommand: 'tags add', tag: 'cats' });
    expect(await run([{ name: 'tags', type: 2, options: [{ name: 'clear', type: 1 }] }])).toEqual({
      subcommand: 'tags clear',
    });
  });
});
