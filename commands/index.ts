import type { Command } from '../src/command.ts';
import { analogy } from './analogy.ts';
import { embed } from './embed.ts';
import { explain } from './explain.ts';
import { kb } from './kb.ts';
import { search } from './search.ts';
import { similar } from './similar.ts';

/** Every slash command, by name. */
export const commands = { embed, similar, analogy, explain, search, kb } satisfies Record<
  string,
  Command<never>
>;

export type CommandName = keyof typeof commands;
