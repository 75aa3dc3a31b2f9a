import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { KeyvStorageAdapter } from 'keyv';
import { once } from '../once.ts';
import { connectRedis } from '../redis-connect.ts';
import { sqliteWritableCheck } from './sqlite-guard.ts';
import { StoreError } from './store-errors.ts';
import { type Listing, postgresListing, redisListing, sqliteListing } from './store-listing.ts';

/**
 * The few operations the knowledge base needs, with every storage error surfaced as an exception.
 * keyv's adapters report some failures only as 'error' events (a failed set returns false, a failed
 * iteration just stops), which would let a broken read look like an empty knowledge base.
 */
export interface KvStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<boolean>;
  /** Every entry whose key starts with `prefix` (an exact string prefix, no patterns). */
  scan(prefix: string): AsyncIterable<[key: string, value: string]>;
  close(): Promise<void>;
}

export { StoreError } from './store-errors.ts';

type Adapter = KeyvStorageAdapter & {
  iterator?: () => AsyncGenerator<[string, unknown]>;
  disconnect?: () => Promise<void>;
  on?: (event: 'error', listener: (error: unknown) => void) => unknown;
};

// One fixed adapter namespace for the whole bot; servers are told apart by key prefixes that we
// build and compare ourselves, so no adapter pattern (LIKE, glob) ever decides whose data is whose.
// A prefix is listed as a key range an index serves (see store-listing.ts), so a server's load
// costs what that server holds, whatever else the store holds; keys are the same as ever.
export const NAMESPACE = 'embedbot';

export class AdapterStore implements KvStore {
  private errors = 0;
  private lastError: unknown;

  /** Set once `check` has failed: nothing, closing included, touches the files again. */
  private unusable: Error | undefined;

  constructor(
    private readonly adapter: Adapter,
    private readonly listing?: Listing,
    /** Throws a StoreError when the store can no longer be used safely (see sqlite-guard.ts). */
    private readonly check?: () => void,
  ) {
    adapter.namespace = NAMESPACE;
    adapter.on?.('error', (error) => {
      this.errors++;
      this.lastError = error;
    });
  }

  async get(key: string): Promise<string | undefined> {
    this.usable();
    const before = this.errors;
    const value = await this.adapter.get(key);
    if (this.errors !== before) throw this.failure(`read ${key}`);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new StoreError(`Unexpected value type at ${key}`);
    return value;
  }

  /** Creates the listing's indexes (idempotent; run once when the store opens). */
  async prepare(): Promise<void> {
    try {
      await this.listing?.prepare();
    } catch (error) {
      throw new StoreError(`Storage failed to prepare its index: ${(error as Error).message}`);
    }
  }

  async set(key: string, value: string): Promise<void> {
    this.usable();
    await this.guard(`write ${key}`, () => this.listing?.beforeSet?.(key));
    const ok = await this.adapter.set(key, value);
    if (ok === false) throw this.failure(`write ${key}`);
  }

  async delete(key: string): Promise<boolean> {
    this.usable();
    const before = this.errors;
    const deleted = await this.adapter.delete(key);
    if (this.errors !== before) throw this.failure(`delete ${key}`);
    await this.guard(`delete ${key}`, () => this.listing?.afterDelete?.(key));
    return deleted;
  }

  async *scan(prefix: string): AsyncIterable<[string, string]> {
    this.usable();
    if (this.listing && prefix !== '') {
      try {
        for await (const entry of this.listing.scan(prefix)) if (entry[0].startsWith(prefix)) yield entry;
      } catch (error) {
        if (error instanceof StoreError) throw error;
        throw new StoreError(`Storage failed to list ${prefix}*: ${(error as Error).message}`);
      }
      return;
    }
    if (!this.adapter.iterator) throw new StoreError('This store cannot list its entries.');
    const before = this.errors;
    const entries = this.adapter.iterator() as AsyncIterable<[string, unknown]>;
    for await (const [key, value] of entries) {
      if (key.startsWith(prefix) && typeof value === 'string') yield [key, value];
    }
    // An iteration that failed half-way ends quietly: treat any error seen meanwhile as a failure.
    if (this.errors !== before) throw this.failure(`list ${prefix}*`);
  }

  async close(): Promise<void> {
    // A store whose files went read-only is left as it is: the close would write them.
    this.usable();
    await this.adapter.disconnect?.();
  }

  private usable(): void {
    if (this.unusable) throw this.unusable;
    try {
      this.check?.();
    } catch (error) {
      this.unusable = error as Error;
      throw error;
    }
  }

  private async guard(what: string, task: () => Promise<void> | undefined): Promise<void> {
    try {
      await task();
    } catch (error) {
      throw new StoreError(`Storage failed to ${what}: ${(error as Error).message}`);
    }
  }

  private failure(what: string): StoreError {
    const cause =
      this.lastError instanceof Error ? this.lastError.message : String(this.lastError ?? 'unknown');
    return new StoreError(`Storage failed to ${what}: ${cause}`);
  }
}

/** Opens the store named by a keyv URI: sqlite://path (default), redis://…, postgresql://… */
export async function openStore(uri: string): Promise<KvStore> {
  const scheme = uri.split(':')[0];
  if (scheme === 'sqlite') {
    const file = uri.replace(/^sqlite:\/\//, '');
    if (file !== ':memory:') await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    const { default: KeyvSqlite } = await import('@keyv/sqlite');
    const check = file === ':memory:' ? undefined : sqliteWritableCheck(path.resolve(file));
    // Opening reads, and a WAL read writes the mapped -shm file (see sqlite-guard.ts).
    check?.();
    const adapter = new KeyvSqlite({ uri, busyTimeout: 5000, wal: true, iterationLimit: 1000 });
    return prepared(new AdapterStore(adapter as unknown as Adapter, sqliteListing(adapter as never), check));
  }
  if (scheme === 'redis' || scheme === 'rediss') {
    let adapter: Awaited<ReturnType<typeof connectRedis>>;
    try {
      adapter = await connectRedis(uri);
    } catch (error) {
      throw new StoreError((error as Error).message);
    }
    const cluster = adapter.isCluster();
    // A cluster cannot read keys of several slots in one command: it lists with keyv's SCAN.
    return new AdapterStore(
      adapter as unknown as Adapter,
      cluster ? undefined : redisListing(adapter as never),
    );
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    const { default: KeyvPostgres } = await import('@keyv/postgres');
    const adapter = new KeyvPostgres({ uri, iterationLimit: 1000 });
    return prepared(new AdapterStore(adapter as unknown as Adapter, postgresListing(adapter as never)));
  }
  throw new StoreError(
    `KB_STORE "${scheme}://…" is not supported; use sqlite://, redis:// or postgresql://.`,
  );
}

async function prepared(store: AdapterStore): Promise<AdapterStore> {
  try {
    await store.prepare();
    return store;
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}

/** A store opened on first use (the CLI's learning commands never touch it). */
export function lazyStore(uri: string): KvStore {
  const open = once(() => openStore(uri));
  return {
    get: async (key) => (await open()).get(key),
    set: async (key, value) => (await open()).set(key, value),
    delete: async (key) => (await open()).delete(key),
    async *scan(prefix) {
      yield* (await open()).scan(prefix);
    },
    close: async () => {
      if (open.current) await (await open.current).close();
    },
  };
}
