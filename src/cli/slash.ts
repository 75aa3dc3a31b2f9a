import { ApplicationCommandOptionType } from 'discord.js';
import type { AnyCommand, Invocation } from '../command.ts';
import type { Config } from '../config.ts';
import { UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { RunningServices } from '../services.ts';
import type { CliRun } from './adapters.ts';
import { readTextFile } from './files.ts';
import { commandHelp, groupHelp } from './help.ts';
import {
  coerce,
  type DataOption,
  type FlagSpec,
  flagOf,
  flagSpec,
  joinNegativeNumbers,
  parseFlags,
} from './options.ts';
import { resolve } from './registry.ts';

const common = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

export interface Env {
  config: Config;
  logger: Logger;
  services(): RunningServices;
  print(text: string): void;
  warn(text: string): void;
}

/**
 * Runs a registry command from the command line: positionals and flags become its input (checked
 * against the data's types and limits), the adapter adds files and pictures, the command's own `cli`
 * renderer prints (a command without one prints its result as JSON).
 */
export async function runSlash(name: string, command: AnyCommand, argv: string[], env: Env): Promise<void> {
  const { target, group, args } = resolve(name, command, argv);
  if (!target) {
    const help = groupHelp(name, command, group);
    if (args.includes('--help') || args.includes('-h')) return env.print(help);
    throw new UserError(`usage: ${help.split('\n')[0]!.slice(7)}`);
  }
  const { adapter, options, path } = target;
  const positional = adapter.positionals ?? [];
  const shown = options.filter((o) => !adapter.hide?.includes(o.name));
  const spec: FlagSpec = {
    ...flagSpec(shown, positional),
    ...Object.fromEntries(Object.entries(adapter.flags ?? {}).map(([k, f]) => [k, { type: f.type }])),
    ...(adapter.guild ? { guild: { type: 'string' } } : {}),
    ...common,
  };
  const { values, positionals } = parseFlags(joinNegativeNumbers(args, spec), spec, adapter.usage);
  if (values.help) return env.print(commandHelp(target, target.summary));
  if (positionals.length > positional.length && !adapter.variadic)
    throw new UserError(`usage: ${adapter.usage}`);

  const byName = new Map(shown.map((o) => [o.name, o]));
  const input: Record<string, unknown> = {};
  const given = (o: DataOption | undefined, raw: string | boolean) => {
    if (!o) return;
    input[o.name] =
      o.type === ApplicationCommandOptionType.Attachment
        ? String(raw)
        : positional.includes(o.name)
          ? raw
          : coerce(o, raw);
  };
  positionals.slice(0, positional.length).forEach((raw, i) => {
    given(byName.get(positional[i]!), raw);
  });
  for (const o of shown) {
    const raw = values[flagOf(o.name)];
    if (raw !== undefined && !positional.includes(o.name)) given(o, raw);
  }

  let invocation: Invocation = { userId: 'cli', guildId: null };
  if (adapter.guild) {
    const guild = values.guild;
    if (typeof guild !== 'string' || guild === '')
      throw new UserError(`--guild ID is required (${adapter.guild}).`);
    invocation = { ...invocation, guildId: guild };
  }
  const run: CliRun = {
    values,
    rest: positionals.slice(positional.length),
    input,
    services: env.services,
    invocation,
    print: env.print,
    warn: env.warn,
  };
  if (adapter.check) adapter.check(run);
  else
    for (const o of shown)
      if (o.required && input[o.name] === undefined)
        throw new UserError(adapter.missing?.[o.name] ?? `usage: ${adapter.usage}`);
  // Files stand in for attachments: read as text, binary refused.
  for (const o of shown)
    if (o.type === ApplicationCommandOptionType.Attachment && typeof input[o.name] === 'string')
      input[o.name] = await readTextFile(input[o.name] as string);
  // As the Discord transport names it: "sub", or "group sub" inside a group.
  if (path.includes(' ')) input.subcommand = path.slice(name.length + 1);
  await adapter.prepare?.(run);

  const result =
    (await adapter.run?.(run)) ?? (await command.run(input as never, env.services(), invocation));
  await adapter.verify?.(run, result);
  const json = values.json === true;
  env.print(
    adapter.render
      ? adapter.render(result, json)
      : command.cli
        ? command.cli.render(result, { json, values, input })
        : JSON.stringify(result),
  );
  await adapter.finish?.(run, result);
}
