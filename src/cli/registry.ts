import { ApplicationCommandType } from 'discord.js';
import { commands } from '../../commands/index.ts';
import type { AnyCommand } from '../command.ts';
import { UserError } from '../errors.ts';
import { adapters, type CliAdapter } from './adapters.ts';
import { type DataOption, subcommandsOf, valueOptions } from './options.ts';

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

/** A command (or subcommand) as the CLI runs it: its data options and its adapter. */
export interface Target {
  path: string;
  options: DataOption[];
  adapter: CliAdapter;
}

export const usageOf = (path: string): string =>
  (adapters[path]?.usage ?? `embedbot ${path} [options]`).slice(9);

export function resolve(
  name: string,
  command: AnyCommand,
  argv: string[],
): { target?: Target; args: string[] } {
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

export const adapterOf = (path: string): CliAdapter =>
  adapters[path] ?? { usage: `embedbot ${path} [options]` };
