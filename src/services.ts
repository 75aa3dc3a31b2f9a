import type { Services } from './command.ts';
import type { Config } from './config.ts';
import { Embedder } from './embedding/embedder.ts';
import { KnowledgeBase } from './kb/knowledge-base.ts';
import { lazyStore } from './kb/store.ts';
import { createLogger, type Logger } from './log.ts';
import { Vocabulary } from './vocabulary.ts';

export interface RunningServices extends Services {
  embedder: Embedder;
  close(): Promise<void>;
}

/** The one set of services a process uses: one embedder (one model load), one store, one vocabulary. */
export function createServices(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
): RunningServices {
  const embedder = new Embedder(config.model);
  const store = lazyStore(config.kb.store);
  return {
    embedder,
    vocabulary: new Vocabulary(),
    // Redis and PostgreSQL may be shared by several processes (shards, HTTP replicas).
    kb: new KnowledgeBase({
      store,
      embedder,
      logger,
      quota: config.kb.quota,
      shared: !config.kb.store.startsWith('sqlite:'),
    }),
    close: async () => {
      await embedder.close();
      await store.close();
    },
  };
}
