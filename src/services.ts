import type { Services } from './command.ts';
import type { Config } from './config.ts';
import { Embedder } from './embedding/embedder.ts';
import { Vocabulary } from './vocabulary.ts';

export interface RunningServices extends Services {
  embedder: Embedder;
  close(): Promise<void>;
}

/** The one set of services a process uses: one embedder (one model load), one vocabulary cache. */
export function createServices(config: Config): RunningServices {
  const embedder = new Embedder(config.model);
  return {
    embedder,
    vocabulary: new Vocabulary(),
    close: () => embedder.close(),
  };
}
