import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
} from 'discord.js';

/** A subcommand; its options keep their literal types (ArgumentsOf reads them). */
export const sub = <const N extends string, const O extends APIApplicationCommandBasicOption[]>(
  name: N,
  description: string,
  options: O,
) => ({ type: ApplicationCommandOptionType.Subcommand as const, name, description, options });

/** A subcommand group (`/kb autoanswer add`), its subcommands' literal types kept. */
export const group = <const N extends string, const S extends APIApplicationCommandSubcommandOption[]>(
  name: N,
  description: string,
  options: S,
) => ({ type: ApplicationCommandOptionType.SubcommandGroup as const, name, description, options });
