import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { TextEmbedder } from './embedding/embedder.ts';
import type { Vocabulary } from './vocabulary.ts';

/** What command handlers may use. Built once per process. */
export interface Services {
  embedder: TextEmbedder;
  vocabulary: Vocabulary;
}

/**
 * A command is transport-neutral: `data` is the slash-command definition Discord receives, and
 * `run` takes the options by name and returns plain data for a transport (CLI, gateway) to render.
 * It throws `UserError` for anything the user should fix.
 */
export interface Command<Input = Record<string, unknown>, Result = unknown> {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  run(input: Input, services: Services): Promise<Result>;
}
