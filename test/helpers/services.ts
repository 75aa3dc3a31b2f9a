import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Services } from '../../src/command.ts';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { KnowledgeBase } from '../../src/kb/knowledge-base.ts';
import { type KvStore, lazyStore } from '../../src/kb/store.ts';
import { createLogger } from '../../src/log.ts';
import { Vocabulary } from '../../src/vocabulary.ts';
import { realEmbedder } from './model.ts';

/** A SQLite store in a fresh temporary folder, opened on first use. */
export function tempStore(): KvStore {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'embedbot-test-'));
  return lazyStore(`sqlite://${path.join(dir, 'kb.sqlite')}`);
}

/** Services on the real model, as the bot builds them (one embedder, one vocabulary, one store). */
export function realServices(quota?: number): Services & { embedder: Embedder; store: KvStore } {
  const embedder = realEmbedder('fp32');
  const store = tempStore();
  return {
    embedder,
    store,
    vocabulary: new Vocabulary(),
    kb: new KnowledgeBase({ store, embedder, logger: createLogger('silent'), ...(quota ? { quota } : {}) }),
  };
}

/** A user running commands outside any server. */
export const dmUser = { userId: '100000000000000001', guildId: null } as const;
