import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { TextEmbedder } from './embedding/embedder.ts';
import type { Vocabulary } from './vocabulary.ts';

/** What command handlers may use. Built once per process. */
export interface Services {
  embedder: TextEmbedder;
  vocabulary: Vocabulary;
}

/** Who runs a command, and where. The transport fills it in. */
export interface Invocation {
  userId: string;
  /** The server, or null in DMs and the CLI without --guild. */
  guildId: string | null;
}

/**
 * A command is transport-neutral: `data` is the slash-command definition Discord receives, and
 * `run` takes the options by name and returns plain data for a transport (CLI, gateway) to render.
 * It throws `UserError` for anything the user should fix.
 */
export interface Command<Input = Record<string, unknown>, Result = unknown> {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Only usable inside a server (knowledge-base commands). */
  guildOnly?: boolean;
  /** True when this input changes server data: the transport checks the caller may write first. */
  writes?(input: Input): boolean;
  /** Whether the model is involved (the transport defers the reply if it is slow). */
  usesModel?: boolean;
  run(input: Input, services: Services, invocation: Invocation): Promise<Result>;
}
