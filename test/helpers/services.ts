import type { Services } from '../../src/command.ts';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { Vocabulary } from '../../src/vocabulary.ts';
import { realEmbedder } from './model.ts';

/** Services on the real model, as the bot builds them (one embedder, one vocabulary). */
export function realServices(): Services & { embedder: Embedder } {
  return { embedder: realEmbedder('fp32'), vocabulary: new Vocabulary() };
}

/** A user running commands outside any server. */
export const dmUser = { userId: '100000000000000001', guildId: null } as const;
