import type { KvStore } from '../kb/store.ts';
import { Feedback } from './feedback.ts';
import { GapStore } from './gaps.ts';
import { AutoAnswerConfig } from './settings.ts';

/** The auto-answer data of every server, over the knowledge base's store. */
export interface AutoAnswerData {
  config: AutoAnswerConfig;
  feedback: Feedback;
  gaps: GapStore;
}

const byStore = new WeakMap<KvStore, AutoAnswerData>();

export function autoAnswerData(store: KvStore): AutoAnswerData {
  let data = byStore.get(store);
  if (!data) {
    data = { config: new AutoAnswerConfig(store), feedback: new Feedback(store), gaps: new GapStore(store) };
    byStore.set(store, data);
  }
  return data;
}

/**
 * What `kb clear` forgets besides the documents: the questions kept as gaps and the votes on
 * answers. The channels and settings stay, as the knowledge base's own settings do.
 */
export async function clearAutoAnswerContent(store: KvStore, guildId: string): Promise<void> {
  const data = autoAnswerData(store);
  await data.gaps.clear(guildId);
  await data.feedback.clear(guildId);
}
