import { SlashCommandBuilder } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { runSlash } from '../../src/cli/slash.ts';
import type { AnyCommand } from '../../src/command.ts';
import { parseConfig } from '../../src/config.ts';
import { UserError } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';
import type { RunningServices } from '../../src/services.ts';

// A command the CLI has no adapter for: everything it accepts comes from its data.
const seen: unknown[] = [];
const brew = {
  data: new SlashCommandBuilder()
    .setName('brew')
    .setDescription('Brew a pot of tea')
    .addStringOption((o) =>
      o
        .setName('leaf')
        .setDescription('Which tea')
        .setRequired(true)
        .addChoices({ name: 'Green', value: 'green' }, { name: 'Black', value: 'black' }),
    )
    .addIntegerOption((o) => o.setName('cups').setDescription('How many cups').setMinValue(1).setMaxValue(6))
    .addNumberOption((o) => o.setName('strength').setDescription('How strong').setMinValue(0).setMaxValue(1))
    .addBooleanOption((o) => o.setName('with_milk').setDescription('Add milk'))
    .addStringOption((o) => o.setName('note').setDescription('A note').setMinLength(1).setMaxLength(10))
    .toJSON(),
  async run(input: unknown) {
    seen.push(input);
    return { kind: 'brewed' };
  },
} as unknown as AnyCommand;

/** Runs `command` from the command line in this process; what it printed (stderr lines marked). */
async function runCli(name: string, command: AnyCommand, argv: string[]): Promise<string[]> {
  const out: string[] = [];
  const env = {
    config: parseConfig({}),
    logger: createLogger('silent'),
    services: () => ({}) as RunningServices,
    print: (t: string) => out.push(t),
    warn: (t: string) => out.push(`stderr: ${t}`),
  };
  await runSlash(name, command, argv, env);
  return out;
}

const brewCli = (...argv: string[]) => runCli('brew', brew, argv);

describe('a command the CLI was never told about', () => {
  it('takes its options as flags, typed and bounded by its data', async () => {
    seen.length = 0;
    expect(
      await brewCli('--leaf', 'green', '--cups', '2', '--strength', '0.5', '--with-milk', '--json'),
    ).toEqual(['{"kind":"brewed"}']);
    expect(seen).toEqual([{ leaf: 'green', cups: 2, strength: 0.5, with_milk: true }]);
  });

  it('refuses what the data refuses, in the CLI’s words', async () => {
    const refused = (argv: string[]) =>
      brewCli(...argv).then(
        () => 'accepted',
        (e: unknown) => (e instanceof UserError ? e.message : String(e)),
      );
    expect(await refused(['--cups', '2'])).toBe('usage: embedbot brew [options]');
    expect(await refused(['--leaf', 'oolong'])).toBe('--leaf must be one of green, black.');
    expect(await refused(['--leaf', 'green', '--cups', '7'])).toBe('--cups must be at most 6.');
    expect(await refused(['--leaf', 'green', '--cups', '-1'])).toBe(
      '--cups must be a whole number of 1 or more.',
    );
    expect(await refused(['--leaf', 'green', '--strength', '2'])).toBe(
      '--strength must be a number from 0 to 1.',
    );
    expect(await refused(['--leaf', 'green', '--note', 'much too long'])).toBe(
      '--note is 13 characters long; the limit is 10.',
    );
    expect(await refused(['--leaf', 'green', '--sugar'])).toMatch(/^Unknown option '--sugar'/);
  });

  it('lists every option in its --help, with the description and limits from the data', async () => {
    const [help] = await brewCli('--help');
    expect(help).toContain('Usage: embedbot brew [options]');
    expect(help).toContain('Brew a pot of tea');
    expect(help).toMatch(/--leaf green\|black +Which tea/);
    expect(help).toMatch(/--cups N +How many cups \(1 to 6\)/);
    expect(help).toMatch(/--strength X +How strong \(0 to 1\)/);
    expect(help).toMatch(/--with-milk +Add milk/);
    expect(help).toMatch(/--note TEXT +A note \(up to 10 characters\)/);
  });
});

describe('a command that prints itself', () => {
  it('the CLI prints what the command’s own cli.render returns, with the flags and input it was given', async () => {
    const calls: unknown[] = [];
    const pour = {
      ...(brew as object),
      data: { ...brew.data, name: 'pour' },
      cli: {
        render(result: unknown, flags: { json: boolean; input: unknown; values: Record<string, unknown> }) {
          calls.push({ result, json: flags.json, input: flags.input, cups: flags.values.cups });
          return flags.json ? 'as json' : 'as text';
        },
      },
    } as unknown as AnyCommand;
    const out = [
      ...(await runCli('pour', pour, ['--leaf', 'black', '--cups', '3'])),
      ...(await runCli('pour', pour, ['--leaf', 'green', '--json'])),
    ];
    expect(out).toEqual(['as text', 'as json']);
    expect(calls).toEqual([
      { result: { kind: 'brewed' }, json: false, input: { leaf: 'black', cups: 3 }, cups: '3' },
      { result: { kind: 'brewed' }, json: true, input: { leaf: 'green' }, cups: undefined },
    ]);
  });
});
