import { ApplicationCommandOptionType } from 'discord.js';
import type { AnyCommand } from '../command.ts';
import { extraSummaries } from './adapters.ts';
import { type DataOption, flagHelp, subcommandsOf } from './options.ts';
import { dataOptions, description, slashCommands, type Target, usageOf } from './registry.ts';
import { systemCommands } from './system.ts';

/** --help texts, built from the command data and the adapters. */

const columns = (rows: [string, string][]): string[] => {
  const width = Math.max(0, ...rows.map(([l]) => l.length));
  return rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`);
};

export function mainHelp(): string {
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

/** One help row per subcommand, a group's subcommands each on their own row (`kb gaps show …`). */
function subcommandRows(prefix: string, options: readonly DataOption[]): [string, string][] {
  return options.flatMap((o): [string, string][] => {
    const path = `${prefix} ${o.name}`;
    if (o.type === ApplicationCommandOptionType.SubcommandGroup)
      return subcommandRows(path, subcommandsOf(o.options));
    if (o.type !== ApplicationCommandOptionType.Subcommand) return [];
    return [[usageOf(path), extraSummaries[path] ?? o.description]];
  });
}

/** `embedbot kb --help`, or with `group` that group's (`embedbot kb gaps --help`). */
export function groupHelp(name: string, command: AnyCommand, group?: DataOption): string {
  const options = group ? subcommandsOf(group.options) : dataOptions(command);
  const prefix = group ? `${name} ${group.name}` : name;
  const named = options.filter(
    (o) =>
      o.type === ApplicationCommandOptionType.Subcommand ||
      o.type === ApplicationCommandOptionType.SubcommandGroup,
  );
  const extras = group
    ? []
    : Object.entries(extraSummaries).filter(
        ([path]) =>
          path.split(' ').length === 2 &&
          path.startsWith(`${name} `) &&
          !named.some((s) => path === `${name} ${s.name}`),
      );
  const rows: [string, string][] = [
    ...subcommandRows(prefix, named),
    ...extras.map(([path, summary]): [string, string] => [usageOf(path), summary]),
  ];
  const actions = [...named.map((s) => s.name), ...extras.map(([path]) => path.split(' ')[1]!)];
  return [
    `Usage: embedbot ${prefix} <${actions.join('|')}> --guild ID [options]`,
    '',
    group ? group.description : description(command),
    '',
    ...columns(rows),
    '',
    'The store is KB_STORE (default sqlite://data/kb.sqlite, relative to the working directory).',
  ].join('\n');
}

export function commandHelp({ adapter, options }: Target, summary: string): string {
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
