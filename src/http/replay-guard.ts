import { connectRedis } from '../redis-connect.ts';
/**
 * Remembers which interaction ids were already received, so a captured request sent again does
 * nothing. Discord's timestamps are accepted 5 minutes either side of now, so a signed request can be
 * replayed for at most 10 minutes: ids are kept for 15.
 */
export interface ReplayGuard {
  /** True for the first claim of an id; false for every later one while it is remembered. */
  claim(id: string): Promise<boolean>;
  close(): Promise<void>;
}

export const REPLAY_MEMORY_MS = 15 * 60_000;

export interface ReplayGuardOptions {
  /** How long an id is remembered (default 15 minutes). */
  ttlMs?: number;
  /** In-process memory only: most ids held at once (the oldest are forgotten first). */
  maxEntries?: number;
}

/** One process's memory of ids (SQLite stores are not shared by replicas). */
export class MemoryReplayGuard implements ReplayGuard {
  // Every entry lives equally long, so insertion order is expiry order.
  private readonly seen = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(
    options: ReplayGuardOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.ttlMs = options.ttlMs ?? REPLAY_MEMORY_MS;
    this.maxEntries = options.maxEntries ?? 100_000;
  }

  get size(): number {
    return this.seen.size;
  }

  async claim(id: string): Promise<boolean> {
    const now = this.now();
    for (const [old, expires] of this.seen) {
      if (expires > now) break;
      this.seen.delete(old);
    }
    if (this.seen.has(id)) return false;
    if (this.seen.size >= this.maxEntries) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    this.seen.set(id, now + this.ttlMs);
    return true;
  }

  async close(): Promise<void> {
    this.seen.clear();
  }
}

const REDIS_PREFIX = 'embedbot-replay:';

/** Redis: SET NX PX, so of two replicas claiming one id at once exactly one wins. */
async function redisGuard(uri: string, ttlMs: number): Promise<ReplayGuard> {
  const adapter = await connectRedis(uri).catch((error: unknown) => {
    throw new Error(`The replay guard: ${(error as Error).message}`);
  });
  const client = await adapter.getClient();
  return {
    async claim(id) {
      const reply = await client.set(`${REDIS_PREFIX}${id}`, '1', {
        condition: 'NX',
        expiration: { type: 'PX', value: ttlMs },
      });
      return reply === 'OK';
    },
    close: () => adapter.disconnect(),
  };
}

const TABLE = 'embedbot_interactions';
const SWEEP_EVERY_MS = 60_000;

/**
 * PostgreSQL: a table of our own. The insert claims a new id; an expired row is taken over by the
 * conditional update; a live row returns nothing. The database's clock decides expiry, so replicas
 * with skewed clocks agree.
 */
async function postgresGuard(uri: string, ttlMs: number): Promise<ReplayGuard> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: uri, max: 4, connectionTimeoutMillis: 5000 });
  pool.on('error', () => {}); // an idle client dropped by the server; the next query reconnects
  try {
    await pool.query(
      `CREATE TABLE IF NOT EXISTS ${TABLE} (id text PRIMARY KEY, expires_at timestamptz NOT NULL)`,
    );
  } catch (error) {
    // Two replicas creating the table at once: the loser sees a duplicate type or table.
    const code = (error as { code?: string }).code;
    if (code !== '23505' && code !== '42P07') {
      await pool.end();
      throw new Error(`Could not prepare PostgreSQL for the replay guard: ${(error as Error).message}`);
    }
  }
  let lastSweep = Date.now();
  return {
    async claim(id) {
      const result = await pool.query(
        `INSERT INTO ${TABLE} (id, expires_at) VALUES ($1, now() + $2 * interval '1 millisecond')
         ON CONFLICT (id) DO UPDATE SET expires_at = EXCLUDED.expires_at
         WHERE ${TABLE}.expires_at <= now()
         RETURNING id`,
        [id, ttlMs],
      );
      if (Date.now() - lastSweep > SWEEP_EVERY_MS) {
        lastSweep = Date.now();
        pool.query(`DELETE FROM ${TABLE} WHERE expires_at <= now()`).catch(() => {});
      }
      return result.rowCount === 1;
    },
    close: () => pool.end(),
  };
}

/** The guard that matches KB_STORE: shared through Redis or PostgreSQL, in-process for SQLite. */
export async function openReplayGuard(uri: string, options: ReplayGuardOptions = {}): Promise<ReplayGuard> {
  const ttlMs = options.ttlMs ?? REPLAY_MEMORY_MS;
  const scheme = uri.split(':')[0];
  if (scheme === 'sqlite') return new MemoryReplayGuard(options);
  if (scheme === 'redis' || scheme === 'rediss') return redisGuard(uri, ttlMs);
  if (scheme === 'postgres' || scheme === 'postgresql') return postgresGuard(uri, ttlMs);
  throw new Error(`KB_STORE "${scheme}://…" is not supported; use sqlite://, redis:// or postgresql://.`);
}
