/**
 * How each backend lists the keys under a prefix without walking the rest of the store. keyv's own
 * iterators walk a whole namespace (SQLite and PostgreSQL filter a namespace their indexes do not
 * lead with; Redis SCANs the whole keyspace), so every server's load would cost the whole store.
 * A prefix is always answered as an exact key range (never a LIKE or glob pattern), and callers
 * still check each key's prefix themselves.
 */
export interface Listing {
  /** Creates what the listing needs (indexes); safe to run again. */
  prepare(): Promise<void>;
  /** Entries whose key starts with `prefix`, in key order for SQL stores. */
  scan(prefix: string): AsyncIterable<[string, string]>;
  /** Called before a key is written and after it is deleted (Redis keeps its per-server sets). */
  beforeSet?(key: string): Promise<void>;
  afterDelete?(key: string): Promise<void>;
}

/** The smallest string greater than every string starting with `prefix`. */
export function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

const PAGE = 500;

interface SqliteAdapter {
  table: string;
  namespace?: string | undefined;
  query(sql: string, ...params: unknown[]): Promise<unknown[]>;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** @keyv/sqlite: an index on (namespace, key) serves a namespace + key-range query. */
export function sqliteListing(adapter: SqliteAdapter): Listing {
  const table = quote(adapter.table);
  return {
    prepare: async () => {
      await adapter.query(
        `CREATE INDEX IF NOT EXISTS ${quote(`${adapter.table}_namespace_key_idx`)} ON ${table} (namespace, key)`,
      );
    },
    async *scan(prefix) {
      const end = prefixEnd(prefix);
      let after: string | null = null;
      for (;;) {
        const rows = (await adapter.query(
          `SELECT key, value FROM ${table} WHERE namespace = ? AND key >= ? AND key < ?${after === null ? '' : ' AND key > ?'} AND (expires IS NULL OR expires > ?) ORDER BY key LIMIT ?`,
          ...[adapter.namespace ?? '', prefix, end, ...(after === null ? [] : [after]), Date.now(), PAGE],
        )) as { key: string; value: unknown }[];
        for (const row of rows) if (typeof row.value === 'string') yield [row.key, row.value];
        if (rows.length < PAGE) return;
        after = rows[rows.length - 1]!.key;
      }
    },
  };
}

interface PostgresAdapter {
  table: string;
  schema: string;
  namespace?: string | undefined;
  query(sql: string, values?: unknown[]): Promise<unknown[]>;
}

/**
 * @keyv/postgres: its unique index leads with the key (and the column's collation may order ':'
 * anywhere), so the range is compared in the "C" collation, which an index of ours serves.
 */
export function postgresListing(adapter: PostgresAdapter): Listing {
  const table = `${quote(adapter.schema)}.${quote(adapter.table)}`;
  return {
    prepare: async () => {
      const create = `CREATE INDEX IF NOT EXISTS ${quote(`${adapter.table}_namespace_key_c_idx`)} ON ${table} (namespace, key COLLATE "C")`;
      // Two processes creating it at once: one fails on the catalog's unique name; by then it exists.
      await adapter.query(create).catch(async () => {
        await new Promise((resolve) => setTimeout(resolve, 250));
        await adapter.query(create);
      });
    },
    async *scan(prefix) {
      const end = prefixEnd(prefix);
      let after: string | null = null;
      for (;;) {
        const params: unknown[] = [adapter.namespace ?? null, prefix, end, Date.now(), PAGE];
        if (after !== null) params.push(after);
        const rows = (await adapter.query(
          `SELECT key, value FROM ${table} WHERE namespace = $1 AND key COLLATE "C" >= $2 AND key COLLATE "C" < $3${after === null ? '' : ' AND key COLLATE "C" > $6'} AND (expires IS NULL OR expires > $4) ORDER BY key COLLATE "C" LIMIT $5`,
          params,
        )) as { key: string; value: unknown }[];
        for (const row of rows) if (typeof row.value === 'string') yield [row.key, row.value];
        if (rows.length < PAGE) return;
        after = rows[rows.length - 1]!.key;
      }
    },
  };
}

interface RedisClient {
  scan(
    cursor: string,
    options: { MATCH: string; COUNT: number; TYPE: string },
  ): Promise<{ cursor: unknown; keys: string[] }>;
  sAdd(key: string, members: string[]): Promise<unknown>;
  sRem(key: string, members: string[]): Promise<unknown>;
  sMembers(key: string): Promise<string[]>;
  mGet(keys: string[]): Promise<(string | null)[]>;
  exists(key: string): Promise<number>;
  set(key: string, value: string): Promise<unknown>;
}

interface RedisAdapter {
  namespace?: string | undefined;
  keyPrefixSeparator: string;
  getClient(): Promise<unknown>;
}

const DOC_PREFIX = /^kb:(\d{1,20}):doc:$/;
const DOC_KEY = /^kb:(\d{1,20}):doc:/;
const globEscape = (text: string) => text.replace(/[*?[\]\\]/g, '\\$&');

/**
 * @keyv/redis: SCAN walks the whole keyspace, so each server's document keys are also kept in a set
 * of its own (`kbkeys:<server>`), added before a document is written and removed after it is
 * deleted: a crash in between leaves a member without a value, which listing skips. The
 * first listing of a server builds its set from one SCAN of what older versions wrote, then marks it
 * complete; running it again only re-adds members already there.
 */
export function redisListing(adapter: RedisAdapter): Listing {
  // Read when used: the store sets the adapter's namespace after this is made.
  const prefixOf = () => `${adapter.namespace ?? ''}${adapter.keyPrefixSeparator}`;
  const client = async () => (await adapter.getClient()) as RedisClient;
  const setOf = (guild: string) => `${prefixOf()}kbkeys:${guild}`;
  const doneOf = (guild: string) => `${prefixOf()}kbkeys:${guild}:complete`;
  async function* scanMatch(redis: RedisClient, pattern: string): AsyncIterable<string[]> {
    let cursor = '0';
    do {
      const page = await redis.scan(cursor, { MATCH: pattern, COUNT: 1000, TYPE: 'string' });
      cursor = String(page.cursor);
      if (page.keys.length > 0) yield page.keys;
    } while (cursor !== '0');
  }
  const index = async (redis: RedisClient, guild: string, prefix: string) => {
    const ns = prefixOf();
    if ((await redis.exists(doneOf(guild))) === 1) return;
    for await (const keys of scanMatch(redis, `${globEscape(ns + prefix)}*`))
      await redis.sAdd(setOf(guild), keys);
    await redis.set(doneOf(guild), '1');
  };
  return {
    prepare: async () => {},
    beforeSet: async (key) => {
      const guild = DOC_KEY.exec(key)?.[1];
      if (guild) await (await client()).sAdd(setOf(guild), [prefixOf() + key]);
    },
    afterDelete: async (key) => {
      const guild = DOC_KEY.exec(key)?.[1];
      if (guild) await (await client()).sRem(setOf(guild), [prefixOf() + key]);
    },
    async *scan(prefix) {
      const redis = await client();
      const ns = prefixOf();
      const guild = DOC_PREFIX.exec(prefix)?.[1];
      if (!guild) {
        for await (const keys of scanMatch(redis, `${globEscape(ns + prefix)}*`)) {
          const values = await redis.mGet(keys);
          for (const [i, key] of keys.entries()) {
            const value = values[i];
            if (typeof value === 'string') yield [key.slice(ns.length), value];
          }
        }
        return;
      }
      await index(redis, guild, prefix);
      const members = (await redis.sMembers(setOf(guild))).filter((k) => k.startsWith(ns + prefix)).sort();
      for (let i = 0; i < members.length; i += PAGE) {
        const keys = members.slice(i, i + PAGE);
        const values = await redis.mGet(keys);
        // A member without a value is skipped, not dropped: it may be an add whose write is under way.
        for (const [j, key] of keys.entries()) {
          const value = values[j];
          if (typeof value === 'string') yield [key.slice(ns.length), value];
        }
      }
    },
  };
}
