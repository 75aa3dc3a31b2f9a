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
