import type { Services } from './command.ts';
import type { Config } from './config.ts';
import type { Embedder, EmbedderOptions, TextEmbedder } from './embedding/embedder.ts';
import { KnowledgeBase } from './kb/knowledge-base.ts';
import { lazyStore } from './kb/store.ts';
import { createLogger, type Logger } from './log.ts';
import { Vocabulary } from './vocabulary.ts';

export interface LazyEmbedder extends TextEmbedder {
  close(): Promise<void>;
}

export interface RunningServices extends Services {
  embedder: LazyEmbedder;
  close(): Promise<void>;
}

/**
 * The model's window as embedder.ts's MODEL_WINDOW states it: the knowledge base needs it for its
 * model stamp, and importing it from there would load onnxruntime (a test keeps the two equal).
 */
export const MODEL_WINDOW = 256;

/**
 * The worker-backed embedder, imported and started on first use: commands that only read the store
 * (kb list, stats, export, remove, clear) and the CLI's `explain TOPIC` never load onnxruntime.
 */
export function lazyEmbedder(options: EmbedderOptions): LazyEmbedder {
  let made: Promise<Embedder> | undefined;
  const real = () =>
    (made ??= import('./embedding/embedder.ts')
      .then(({ Embedder }) => new Embedder(options))
      .catch((error: unknown) => {
        made = undefined;
        throw error;
      }));
  return {
    ready: async () => (await real()).ready(),
    embed: async (text) => (await real()).embed(text),
    embedMany: async (texts) => (await real()).embedMany(texts),
    pieces: async (text) => (await real()).pieces(text),
    close: async () => {
      if (made) await (await made.catch(() => undefined))?.close();
    },
  };
}

/** The one set of services a process uses: one embedder (one model load), one store, one vocabulary. */
export function createServices(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
): RunningServices {
  const embedder = lazyEmbedder(config.model);
  const store = lazyStore(config.kb.store);
  return {
    embedder,
    vocabulary: new Vocabulary(),
    // Every backend may be shared by several processes (a CLI beside the bot, shards, HTTP
    // replicas): the knowledge base checks each server's version stamp before using its cache.
    kb: new KnowledgeBase({
      store,
      embedder,
      logger,
      quota: config.kb.quota,
      model: { id: config.model.modelId, dtype: config.model.dtype, window: MODEL_WINDOW },
      memoryBytes: config.kb.memoryMb * 1024 * 1024,
    }),
    close: async () => {
      await embedder.close();
      await store.close();
    },
  };
}
