import type { AnyCommand } from '../command.ts';
import { extraSummaries } from './adapters.ts';
import { flagHelp, subcommandsOf } from './options.ts';
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

export function groupHelp(name: string, command: AnyCommand): string {
  const subs = subcommandsOf(dataOptions(command));
  const extras = Object.entries(extraSummaries).filter(
    ([path]) => path.startsWith(`${name} `) && !subs.some((s) => path === `${name} ${s.name}`),
  );
  const rows: [string, string][] = [
    ...subs.map((s): [string, string] => {
      const path = `${name} ${s.name}`;
      return [usageOf(path), extraSummaries[path] ?? s.description];
    }),
    ...extras.map(([path, summary]): [string, string] => [usageOf(path), summary]),
  ];
  const actions = [...subs.map((s) => s.name), ...extras.map(([path]) => path.split(' ')[1]!)];
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
