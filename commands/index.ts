import type { AnyCommand } from '../src/command.ts';
import { addToKb } from './add-to-kb.ts';
import { analogy } from './analogy.ts';
import { embed } from './embed.ts';
import { explain } from './explain.ts';
import { kb } from './kb.ts';
import { search } from './search.ts';
import { similar } from './similar.ts';

/** Every command (slash and message menu), by the name Discord sends. */
export const commands: Record<string, AnyCommand> = {
  embed,
  similar,
  analogy,
  explain,
  search,
  kb,
  [addToKb.data.name]: addToKb,
};
