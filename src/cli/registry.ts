import { ApplicationCommandType } from 'discord.js';
import { commands } from '../../commands/index.ts';
import type { AnyCommand } from '../command.ts';
import { UserError } from '../errors.ts';
import { adapters, type CliAdapter, extraSummaries } from './adapters.ts';
import { type DataOption, groupsOf, subcommandsOf, valueOptions } from './options.ts';

/** The command registry as the CLI sees it: chat-input commands, their options and adapters. */

/** The slash commands the CLI offers: every chat-input command of the registry. */
export const slashCommands = (): [string, AnyCommand][] =>
  Object.entries(commands).filter(
    ([, c]) => c.data.type === undefined || c.data.type === ApplicationCommandType.ChatInput,
  );

export const dataOptions = (command: AnyCommand): DataOption[] =>
  ((command.data as { options?: DataOption[] }).options ?? []) as DataOption[];

export const description = (command: AnyCommand): string =>
  (command.data as { description?: string }).description ?? '';

/** A command (or subcommand) as the CLI runs it: its data options, its adapter and its help summary. */
export interface Target {
  path: string;
  options: DataOption[];
  adapter: CliAdapter;
  summary: string;
}

export const usageOf = (path: string): string =>
  (adapters[path]?.usage ?? `embedbot ${path} [options]`).slice(9);

/**
 * Which command, subcommand or subcommand of a group `argv` names. Without a target, `group` is the
 * group named without one of its subcommands (its help is shown then).
 */
export function resolve(
  name: string,
  command: AnyCommand,
  argv: string[],
): { target?: Target; group?: DataOption; args: string[] } {
  const options = dataOptions(command);
  const subs = subcommandsOf(options);
  const groups = groupsOf(options);
  if (subs.length === 0 && groups.length === 0) {
    const target = { path: name, options: valueOptions(options), adapter: adapterOf(name) };
    return { target: { ...target, summary: extraSummaries[name] ?? description(command) }, args: argv };
  }
  const [action, ...rest] = argv;
  if (action === undefined || action.startsWith('-')) return { args: argv };
  const group = groups.find((g) => g.name === action);
  if (group) {
    const [inner, ...after] = rest;
    if (inner === undefined || inner.startsWith('-')) return { group, args: rest };
    const sub = subcommandsOf(group.options).find((s) => s.name === inner);
    if (!sub)
      throw new UserError(
        `Unknown ${name} ${action} action "${inner}". Run embedbot ${name} ${action} --help.`,
      );
    return { target: targetOf(`${name} ${action} ${inner}`, sub), args: after };
  }
  const path = `${name} ${action}`;
  const sub = subs.find((s) => s.name === action);
  if (!sub && !adapters[path])
    throw new UserError(`Unknown ${name} action "${action}". Run embedbot ${name} --help.`);
  return {
    target: targetOf(path, sub, description(command)),
    args: rest,
  };
}

const targetOf = (path: string, sub: DataOption | undefined, fallback = ''): Target => ({
  path,
  options: valueOptions(sub?.options),
  adapter: adapterOf(path),
  summary: extraSummaries[path] ?? sub?.description ?? fallback,
});

export const adapterOf = (path: string): CliAdapter =>
  adapters[path] ?? { usage: `embedbot ${path} [options]` };
