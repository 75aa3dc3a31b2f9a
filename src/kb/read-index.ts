import { decodeDocument, docPrefix, type ModelStamp, sameModel } from './document.ts';
import { GuildIndex } from './guild-index.ts';
import type { KvStore } from './store.ts';

export interface ReadIndex {
  index: GuildIndex;
  stale: number;
  corrupt: number;
}

/**
 * Reads one server's documents from the store into a fresh index. A document's id is its key (the
 * `id` field inside a row is not trusted: a tampered one could otherwise never be removed). The
 * vector size comes from the model when it is known; otherwise the rows decide it among themselves
 * (the size most rows share), so listing needs no model; a row of another size is corrupt.
 */
export async function readIndex(
  store: KvStore,
  guildId: string,
  model: ModelStamp,
  dimensions: number | undefined,
  onCorrupt: (key: string, error: unknown) => void,
): Promise<ReadIndex> {
  const prefix = docPrefix(guildId);
  // One index per vector size seen; with a sane store there is exactly one.
  const bySize = new Map<number, GuildIndex>();
  let stale = 0;
  let corrupt = 0;
  // Straight into the index, one document at a time: holding every decoded document until the end
  // would double the memory a large server needs while it loads, and leave it fragmented after.
  for await (const [key, raw] of store.scan(prefix)) {
    try {
      const decoded = decodeDocument(raw, dimensions);
      if (!sameModel(decoded.doc.model, model)) {
        stale++;
        continue;
      }
      let group = bySize.get(decoded.dimensions);
      if (!group) {
        group = new GuildIndex(decoded.dimensions, undefined, { loading: true });
        bySize.set(decoded.dimensions, group);
      }
      const { vectors: _, ...fields } = decoded.doc;
      group.add({ ...fields, id: key.slice(prefix.length) }, decoded.vectors);
    } catch (error) {
      corrupt++;
      onCorrupt(key, error);
    }
  }
  // Stable sort: on a tie the size seen first wins.
  const [main, ...others] = [...bySize.values()].sort((a, b) => b.size - a.size);
  for (const other of others) {
    corrupt += other.size;
    for (const id of other.docs.keys()) {
      const why = `vectors of ${other.dimensions} values where the others have ${main!.dimensions}`;
      onCorrupt(`${prefix}${id}`, new Error(why));
    }
  }
  const index = main ?? new GuildIndex(dimensions ?? 0, undefined, { loading: true });
  index.finishLoad();
  return { index, stale, corrupt };
}
