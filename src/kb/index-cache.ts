import { randomUUID } from 'node:crypto';
import { versionKey } from './document.ts';
import type { GuildIndex } from './guild-index.ts';
import type { KvStore } from './store.ts';

export interface LoadedIndex {
  /** Replaced when an empty index turns out to need other dimensions (see KnowledgeBase.add). */
  index: GuildIndex;
  /** The server's version stamp when this index was read. */
  version: string | undefined;
  /** Documents made with another model (not in the index). */
  stale: number;
  corrupt: number;
}

/** 256 MiB: about 150k one-chunk documents of MiniLM vectors and short texts. */
export const DEFAULT_MEMORY_BYTES = 256 * 1024 * 1024;

/**
 * The loaded servers of one process. Every write stamps the server with a fresh random version in
 * the store, and a cached index is used only while the stamp still matches (one small read per
 * operation), so writes made by other processes on the same store (a CLI beside the bot, HTTP
 * replicas) are seen by the next operation. Servers are kept in least-recently-used order and the
 * oldest are let go while the total estimate exceeds the budget; they reload on next use.
 */
export class IndexCache {
  private readonly entries = new Map<string, Promise<LoadedIndex>>();
  private readonly bytes = new Map<string, number>();
  private total = 0;
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: KvStore,
    private readonly read: (guildId: string) => Promise<Omit<LoadedIndex, 'version'>>,
    readonly budgetBytes = DEFAULT_MEMORY_BYTES,
  ) {}

  /** The server's index as the store holds it now; a failed load is not cached. */
  async get(guildId: string): Promise<LoadedIndex> {
    const version = await this.store.get(versionKey(guildId));
    const cached = this.entries.get(guildId);
    if (cached) {
      const loaded = await cached.catch(() => undefined);
      if (loaded && loaded.version === version) {
        this.touch(guildId, cached);
        return loaded;
      }
      // Another process changed this server since we read it: read it again.
      if (this.entries.get(guildId) === cached) this.drop(guildId);
    }
    const pending = this.entries.get(guildId);
    if (pending) return pending;
    const loading = this.read(guildId).then(
      (loaded) => ({ ...loaded, version }),
      (error: unknown) => {
        if (this.entries.get(guildId) === loading) this.drop(guildId);
        throw error;
      },
    );
    this.entries.set(guildId, loading);
    const loaded = await loading;
    if (this.entries.get(guildId) === loading) this.resized(guildId, loaded);
    return loaded;
  }

  /** Records that this process changed the server, keeping its own cached index current. */
  async bump(guildId: string, loaded?: LoadedIndex): Promise<void> {
    const before = await this.store.get(versionKey(guildId));
    const version = randomUUID();
    await this.store.set(versionKey(guildId), version);
    // Someone else wrote in between: our copy may lack their change, so it is read again.
    if (loaded && loaded.version === before && this.entries.has(guildId)) {
      loaded.version = version;
      this.resized(guildId, loaded);
    } else this.drop(guildId);
  }

  /** Forgets one server's index (the next use reloads it from the store). */
  drop(guildId: string): void {
    this.entries.delete(guildId);
    this.total -= this.bytes.get(guildId) ?? 0;
    this.bytes.delete(guildId);
  }

  clear(): void {
    this.entries.clear();
    this.bytes.clear();
    this.total = 0;
  }

  /** Servers held, and the estimated bytes they take. */
  get usage(): { servers: number; bytes: number } {
    return { servers: this.entries.size, bytes: this.total };
  }

  /** Runs `task` after every earlier task for this server has settled. */
  withLock<T>(guildId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(guildId) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.catch(() => undefined);
    this.locks.set(guildId, settled);
    void settled.then(() => {
      if (this.locks.get(guildId) === settled) this.locks.delete(guildId);
    });
    return run;
  }

  /** Re-measures a server after a load or a change, and lets the oldest others go if over budget. */
  resized(guildId: string, loaded: LoadedIndex): void {
    if (!this.entries.has(guildId)) return;
    const size = loaded.index.memoryBytes;
    this.total += size - (this.bytes.get(guildId) ?? 0);
    this.bytes.set(guildId, size);
    for (const oldest of this.entries.keys()) {
      if (this.total <= this.budgetBytes) break;
      // The server in use stays, even alone over budget: it is needed right now.
      if (oldest !== guildId) this.drop(oldest);
    }
  }

  private touch(guildId: string, entry: Promise<LoadedIndex>): void {
    // Map order is insertion order: re-inserting makes this the most recently used.
    this.entries.delete(guildId);
    this.entries.set(guildId, entry);
  }
}
