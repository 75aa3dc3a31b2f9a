import type {
  RESTPostAPIApplicationCommandsJSONBody,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { TextEmbedder } from './embedding/embedder.ts';
import type { KnowledgeBase } from './kb/knowledge-base.ts';
import type { Vocabulary } from './vocabulary.ts';

/** What command handlers may use. Built once per process. */
export interface Services {
  embedder: TextEmbedder;
  vocabulary: Vocabulary;
  kb: KnowledgeBase;
}

/** Who runs a command, and where. The transport fills it in. */
export interface Invocation {
  userId: string;
  /** The server, or null in DMs and the CLI without --guild. */
  guildId: string | null;
  /** Reports progress of a long task (the Discord transport edits its reply, throttled). */
  progress?: (text: string) => void;
}

/**
 * A command is transport-neutral: `data` is the slash-command definition Discord receives, and
 * `run` takes the options by name and returns plain data for a transport (CLI, gateway) to render.
 * It throws `UserError` for anything the user should fix.
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
  /** True when the transport should ask for the input with a form (a /kb add with no text). */
  wantsForm?(input: Input): boolean;
  /** Whether the model is involved (the transport defers the reply if it is slow). */
  usesModel?: boolean;
  run(input: Input, services: Services, invocation: Invocation): Promise<Result>;
}

/** Any command, slash or context menu, as the registry and transports hold them. */
export type AnyCommand = Command<never, unknown, RESTPostAPIApplicationCommandsJSONBody>;
