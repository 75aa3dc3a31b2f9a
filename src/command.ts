import type {
  RESTPostAPIApplicationCommandsJSONBody,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CliSurface } from './cli/surface.ts';
import type { Invocation, Services } from './context.ts';
import type { DiscordSurface } from './discord/surface.ts';

export type { Invocation, Services } from './context.ts';

/**
 * A command: `data` is the slash-command definition Discord receives, and `run` takes the options by
 * name and returns plain data. It throws `UserError` for anything the user should fix. `discord` is
 * everything Discord-specific about it (rendering, buttons, forms, autocomplete), `cli` how it prints
 * on the command line (text and --json; without it the result prints as JSON).
 */
export interface Command<
  Input = Record<string, unknown>,
  Result = unknown,
  Data extends RESTPostAPIApplicationCommandsJSONBody = RESTPostAPIChatInputApplicationCommandsJSONBody,
> {
  data: Data;
  /** Only usable inside a server (knowledge-base commands). */
  guildOnly?: boolean;
  /** True when this input changes server data: the transport checks the caller may write first. */
  writes?(input: Input): boolean;
  /** A role that may write without Manage Server (the knowledge base's writer role). */
  writerRole?(guildId: string, services: Services): Promise<string | null>;
  /** Whether the model is involved (the transport defers the reply if it is slow). */
  usesModel?: boolean;
  run(input: Input, services: Services, invocation: Invocation): Promise<Result>;
  discord?: DiscordSurface<Input, Result>;
  cli?: CliSurface<Input, Result>;
}

/** Any command, slash or context menu, as the registry and transports hold them. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds commands of every input type; each validates its own.
export type AnyCommand = Command<any, unknown, RESTPostAPIApplicationCommandsJSONBody>;
