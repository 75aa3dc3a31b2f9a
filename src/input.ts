import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
  type ApplicationCommandOptionType as T,
} from 'discord.js';

/** A file given with a command, already read as text by the transport. */
export interface TextFile {
  name: string;
  text: string;
}

/**
 * A slash command's data, as Discord receives it, with its literal types kept (names, types,
 * required, choices) so `ArgumentsOf<typeof data>` can derive the command's input from it.
 */
export const slashCommand = <const D extends Omit<RESTPostAPIChatInputApplicationCommandsJSONBody, 'type'>>(
  data: D,
): D & { type: ApplicationCommandType.ChatInput } => ({ type: ApplicationCommandType.ChatInput, ...data });

/** A message-menu command's data, checked against Discord's type. */
export const menuCommand = <const D extends RESTPostAPIContextMenuApplicationCommandsJSONBody>(data: D): D =>
  data;

/** The longest sentence the learning commands take (the model reads its first 256 tokens). */
export const MAX_TEXT = 2000;

/** A required free-text option of 1 to `max` characters, its name kept literal for ArgumentsOf. */
export const requiredText = <N extends string>(name: N, description: string, max: number) =>
  ({
    type: ApplicationCommandOptionType.String,
    name,
    description,
    required: true,
    min_length: 1,
    max_length: max,
  }) as const;

/** Learning commands work anywhere: in servers and, installed to a user's account, in DMs and group chats. */
export const ANYWHERE = {
  integration_types: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
  contexts: [
    InteractionContextType.Guild,
    InteractionContextType.BotDM,
    InteractionContextType.PrivateChannel,
  ],
};

/** Knowledge-base commands: installed to a server, used inside it. */
export const IN_SERVERS = {
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild],
};

type Simplify<X> = { [K in keyof X]: X[K] } & {};

/** The value a transport passes for an option: a choice's value, or the option type's value. */
type ValueOf<O> = O extends { choices: readonly { value: infer V }[] }
  ? V
  : O extends { type: T.String | T.User | T.Channel | T.Role | T.Mentionable }
    ? string
    : O extends { type: T.Integer | T.Number }
      ? number
      : O extends { type: T.Boolean }
        ? boolean
        : O extends { type: T.Attachment }
          ? TextFile
          : never;

type Named = { name: string };
type Required<O> = O extends { required: true } ? O : never;
type Optional<O> = O extends { required: true } ? never : O;

/** Options by name: required ones present, the rest optional. */
type Plain<O> = { [P in Required<O> & Named as P['name']]: ValueOf<P> } & {
  [P in Optional<O> & Named as P['name']]?: ValueOf<P>;
};

type Sub<O> = O extends { type: T.Subcommand } ? O : never;
type Group<O> = O extends { type: T.SubcommandGroup } ? O : never;
type Inner<O> = O extends { options: readonly (infer I)[] } ? I : never;

/** "sub", or "group sub" for a subcommand inside a group (as the dispatcher names them). */
type SubNames<O> =
  | (Sub<O> & Named)['name']
  | (Group<O> extends infer G
      ? G extends Named
        ? `${G['name']} ${(Sub<Inner<G>> & Named)['name']}`
        : never
      : never);

/**
 * A command's input derived from its data, in the manner of yuudachi's `ArgumentsOf`: options by
 * name with their value types. With subcommands, `subcommand` names the one used and every
 * subcommand's options are optional (each subcommand checks its own).
 */
export type ArgumentsOf<D> = D extends { options: readonly (infer O)[] }
  ? [Sub<O> | Group<O>] extends [never]
    ? Simplify<Plain<O>>
    : Simplify<{ subcommand: SubNames<O> } & Partial<Plain<Inner<Sub<O>> | Inner<Sub<Inner<Group<O>>>>>>>
  : Record<string, never>;
