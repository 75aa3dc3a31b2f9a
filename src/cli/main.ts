import { parseArgs } from 'node:util';
import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import dotenv from 'dotenv';
import { commands } from '../../commands/index.ts';
import type { AnyCommand, Invocation } from '../command.ts';
import { type Config, ConfigError, parseConfig } from '../config.ts';
import { LoginError } from '../discord/login.ts';
import { UserError } from '../errors.ts';
import { createLogger, type Logger, stderrDestination } from '../log.ts';
import { createServices, type RunningServices } from '../services.ts';
import { adapters, type CliAdapter, type CliRun, extraSummaries } from './adapters.ts';
import { readTextFile } from './files.ts';
import {
  coerce,
  type DataOption,
  type FlagSpec,
  flagHelp,
  flagOf,
  flagSpec,
  joinNegativeNumbers,
  subcommandsOf,
  valueOptions,
} from './options.ts';
import { renderers } from './render.ts';
import { writeErr, writeOut } from './stdio.ts';
import { systemCommands } from './system.ts';

type Values = Record<string, string | boolean | undefined>;

const common = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

const OFFLINE_HINT = `Try the commands without Discord:
  npx embedbot similar "The cat sits on the mat" "A feline rests on the carpet"
  npx embedbot analogy king man woman
  npx embedbot --help`;

const START_HELP = `To connect the bot to Discord:
  1. Create an application at https://discord.com/developers/applications and add a Bot to it.
  2. Copy the bot token into a file named .env beside package.json:  DISCORD_TOKEN=your-token
     (start from .env.example, which lists every setting).
  3. Register the slash commands once:  npx embedbot deploy --guild YOUR_SERVER_ID
  4. Run npm start again.`;

/** The slash commands the CLI offers: every chat-input command of the registry. */
const slashCommands = (): [string, AnyCommand][] =>
  Object.entries(commands).filter(
    ([, c]) => c.data.type === undefined || c.data.type === ApplicationCommandType.ChatInput,
  );

const dataOptions = (command: AnyCommand): DataOption[] =>
  ((command.data as { options?: DataOption[] }).options ?? []) as DataOption[];

const description = (command: AnyCommand): string =>
  (command.data as { description?: string }).description ?? '';

const columns = (rows: [string, string][]): string[] => {
  const width = Math.max(0, ...rows.map(([l]) => l.length));
  return rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`);
};

function mainHelp(): string {
  const rows: [string, string][] = [
    ...slashCommands().map(([name, c]): [string, string] => [name, description(c)]),
    ...Object.entries(systemCommands).map(([name, s]): [string, string] => [name, s.summary]),
  ];
  return [
    'embedbot: text embeddings you can see and use (all-MiniLM-L6-v2, running locally)',
    '',
    'Usage: embedbot <command> [options]   (embedbot <command> --help for details)',
    '',
    ...columns(rows),
    '',
    'Settings come from the environment or a .env file (see .env.example): MODEL_DIR, MODEL_DTYPE, …',
  ].join('\n');
}

/** A command (or subcommand) as the CLI runs it: its data options and its adapter. */
interface Target {
  path: string;
  options: DataOption[];
  adapter: CliAdapter;
}

function groupHelp(name: string, command: AnyCommand): string {
  const subs = subcommandsOf(dataOptions(command));
  const rows: [string, string][] = [
    ...subs.map((s): [string, string] => [usageOf(`${name} ${s.name}`), s.description]),
    ...Object.entries(extraSummaries)
      .filter(([path]) => path.startsWith(`${name} `))
      .map(([path, summary]): [string, string] => [usageOf(path), summary]),
  ];
  const actions = [...subs.map((s) => s.name), ...Object.keys(extraSummaries).map((p) => p.split(' ')[1]!)];
  return [
    `Usage: embedbot ${name} <${actions.join('|')}> --guild ID [options]`,
    '',
    description(command),
    '',
    ...columns(rows),
    '',
    'The store is KB_STORE (default sqlite://data/kb.sqlite, relative to the working directory).',
  ].join('\n');
}

const usageOf = (path: string): string => (adapters[path]?.usage ?? `embedbot ${path} [options]`).slice(9);

function resolve(name: string, command: AnyCommand, argv: string[]): { target?: Target; args: string[] } {
  const options = dataOptions(command);
  const subs = subcommandsOf(options);
  if (subs.length === 0) {
    return { target: { path: name, options: valueOptions(options), adapter: adapterOf(name) }, args: argv };
  }
  const [action, ...rest] = argv;
  if (action === undefined || action.startsWith('-')) return { args: argv };
  const path = `${name} ${action}`;
  const sub = subs.find((s) => s.name === action);
  if (!sub && !adapters[path])
    throw new UserError(`Unknown ${name} action "${action}". Run embedbot ${name} --help.`);
  return {
    target: { path, options: valueOptions(sub?.options), adapter: adapterOf(path) },
    args: rest,
  };
}

const adapterOf = (path: string): CliAdapter => adapters[path] ?? { usage: `embedbot ${path} [options]` };

function commandHelp({ adapter, options }: Target, summary: string): string {
  const positional = adapter.positionals ?? [];
  const shown = options.filter((o) => !adapter.hide?.includes(o.name));
  const named: [string, string][] = shown
    .filter((o) => positional.includes(o.name))
    .map((o) => [
      o.name.toUpperCase(),
      o.choices ? `${o.description}: one of ${o.choices.map((c) => c.value).join(', ')}` : o.description,
    ]);
  // Positionals that say the same (similar's C to J) share one line.
  const merged = named.reduce<[string, string][]>((acc, [n, d]) => {
    const last = acc.at(-1);
    if (last?.[1] === d) last[0] = `${last[0].split(' ')[0]} … ${n}`;
    else acc.push([n, d]);
    return acc;
  }, []);
  const rows: [string, string][] = [
    ...merged,
    ...(adapter.guild ? [['--guild ID', adapter.guild] as [string, string]] : []),
    ...flagHelp(shown, positional, adapter.describe),
    ...Object.values(adapter.flags ?? {}).map((f) => f.help),
    ['--json', 'print the result as JSON'],
  ];
  return [`Usage: ${adapter.usage}`, '', summary, '', ...columns(rows)].join('\n');
}

interface Env {
  config: Config;
  logger: Logger;
  services(): RunningServices;
  print(text: string): void;
  warn(text: string): void;
}

async function runSlash(name: string, command: AnyCommand, argv: string[], env: Env): Promise<void> {
  const { target, args } = resolve(name, command, argv);
  if (!target) {
    if (args.includes('--help') || args.includes('-h')) return env.print(groupHelp(name, command));
    throw new UserError(`usage: ${groupHelp(name, command).split('\n')[0]!.slice(7)}`);
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
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({
      args: joinNegativeNumbers(args, spec),
      options: spec,
      allowPositionals: true,
    }) as typeof parsed;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
      throw new UserError(`${(error as Error).message} (usage: ${adapter.usage})`);
    throw error;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    const sub = subcommandsOf(dataOptions(command)).find((s) => `${name} ${s.name}` === path);
    return env.print(commandHelp(target, sub?.description ?? extraSummaries[path] ?? description(command)));
  }
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
  if (path.includes(' ')) input.subcommand = path.split(' ')[1];
  await adapter.prepare?.(run);

  const result =
    (await adapter.run?.(run)) ?? (await command.run(input as never, env.services(), invocation));
  await adapter.verify?.(run, result);
  const json = values.json === true;
  env.print(
    adapter.render ? adapter.render(result, json) : renderers[name]!(result, { json, values, input }),
  );
  await adapter.finish?.(run, result);
}

async function runSystem(name: string, argv: string[], env: Env): Promise<void> {
  const sub = systemCommands[name]!;
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...sub.options, help: common.help },
      allowPositionals: true,
    }) as typeof parsed;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
      throw new UserError(`${(error as Error).message} (usage: ${sub.usage})`);
    throw error;
  }
  if (parsed.values.help) return env.print(`Usage: ${sub.usage}\n\n${sub.help}`);
  if (parsed.positionals.length !== sub.positionals) throw new UserError(`usage: ${sub.usage}`);
  await sub.run(parsed.values, parsed.positionals, env);
}

/** Runs the CLI; returns the exit code. Output goes through `out`/`err` so tests can capture it. */
export async function main(
  argv: string[],
  out: (text: string) => void = writeOut,
  err: (text: string) => void = writeErr,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(mainHelp());
    return name === undefined ? 1 : 0;
  }
  const command = slashCommands().find(([n]) => n === name)?.[1];
  const system = systemCommands[name];
  if (!command && !system) {
    err(`embedbot: unknown command "${name}". Run embedbot --help for the list.`);
    return 1;
  }
  let services: RunningServices | undefined;
  try {
    // Parsed once per process; start and deploy need the token.
    const config = parseConfig(process.env, { requireDiscord: system?.discord === true });
    const logger = createLogger(config.logLevel, stderrDestination());
    const env: Env = {
      config,
      logger,
      services: () => {
        services ??= createServices(config, logger);
        return services;
      },
      print: out,
      warn: err,
    };
    if (command) await runSlash(name, command, rest, env);
    else await runSystem(name, rest, env);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      err(error.message);
      if (name === 'start' || name === 'deploy') err(`\n${START_HELP}\n\n${OFFLINE_HINT}`);
      return 2;
    }
    if (error instanceof LoginError) {
      err(`embedbot ${name}: ${error.message}`);
      return error.exitCode;
    }
    err(`embedbot ${name}: ${(error as Error).message}`);
    return 1;
  } finally {
    await services?.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/bin/embedbot.js')) {
  dotenv.config({ quiet: true });
  process.exitCode = await main(process.argv.slice(2));
}
