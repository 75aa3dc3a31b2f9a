import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from '@keyv/redis';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MemoryReplayGuard, openReplayGuard, type ReplayGuard } from '../../src/http/replay-guard.ts';

const redis = process.env.KB_TEST_REDIS_URL;
const postgres = process.env.KB_TEST_POSTGRES_URL;
if (process.env.CI && (!redis || !postgres)) {
  throw new Error('CI: KB_TEST_REDIS_URL and KB_TEST_POSTGRES_URL must be set (.ci/run starts both servers)');
}

/** How long the store still keeps an id, read with the backend's own client. */
async function expiryInStore(uri: string, id: string): Promise<number> {
  if (uri.startsWith('redis')) {
    const client = await createClient({ url: uri }).connect();
    try {
      return await client.pTTL(`embedbot-replay:${id}`);
    } finally {
      client.destroy();
    }
  }
  const pool = new pg.Pool({ connectionString: uri });
  try {
    const { rows } = await pool.query(
      'SELECT extract(epoch FROM expires_at - now()) * 1000 AS left FROM embedbot_interactions WHERE id = $1',
      [id],
    );
    return Number(rows[0]?.left);
  } finally {
    await pool.end();
  }
}

/** An interaction id no other test run uses, so shared databases never collide. */
let counter = 0;
const freshId = (): string => `${Date.now()}${process.pid % 1000}${counter++}`.slice(0, 20);

describe('MemoryReplayGuard (one process, SQLite stores)', () => {
  it('accepts an id once while it is remembered, and again once it expired', async () => {
    let now = 1_000_000;
    const guard = new MemoryReplayGuard({ ttlMs: 15 * 60_000 }, () => now);
    expect(await guard.claim('1')).toBe(true);
    expect(await guard.claim('1')).toBe(false);
    expect(await guard.claim('2')).toBe(true);
    now += 15 * 60_000 - 1;
    expect(await guard.claim('1')).toBe(false);
    now += 1;
    expect(await guard.claim('1')).toBe(true);
  });

  it('stays within its size bound, forgetting expired ids first and then the oldest', async () => {
    let now = 0;
    const guard = new MemoryReplayGuard({ ttlMs: 1000, maxEntries: 3 }, () => now);
    for (const id of ['1', '2', '3']) expect(await guard.claim(id)).toBe(true);
    expect(await guard.claim('4')).toBe(true);
    expect(guard.size).toBe(3);
    expect(await guard.claim('1')).toBe(true); // the oldest was let go
    expect(await guard.claim('4')).toBe(false);
    now += 1000;
    expect(await guard.claim('9')).toBe(true);
    expect(guard.size).toBe(1);
  });

  it('is what a sqlite:// KB_STORE opens', async () => {
    const guard = await openReplayGuard('sqlite://data/kb.sqlite');
    expect(guard).toBeInstanceOf(MemoryReplayGuard);
    await guard.close();
  });
});

const shared = [
  ...(redis ? [{ name: 'Redis', uri: redis }] : []),
  ...(postgres ? [{ name: 'PostgreSQL', uri: postgres }] : []),
];

describe.each(shared)('the replay guard shared through $name', ({ uri }) => {
  it('lets exactly one of two replicas racing on an id win, and neither later', async () => {
    const [a, b] = await Promise.all([openReplayGuard(uri), openReplayGuard(uri)]);
    try {
      for (let round = 0; round < 25; round++) {
        const id = freshId();
        const claims = await Promise.all([a.claim(id), b.claim(id), a.claim(id), b.claim(id)]);
        expect(claims.filter(Boolean), `round ${round}`).toHaveLength(1);
        expect(await a.claim(id)).toBe(false);
        expect(await b.claim(id)).toBe(false);
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('forgets an id once its expiry passed, for every replica', async () => {
    const guards: ReplayGuard[] = await Promise.all([
      openReplayGuard(uri, { ttlMs: 400 }),
      openReplayGuard(uri, { ttlMs: 400 }),
    ]);
    const [a, b] = guards as [ReplayGuard, ReplayGuard];
    try {
      const id = freshId();
      expect(await a.claim(id)).toBe(true);
      expect(await b.claim(id)).toBe(false);
      await sleep(600);
      const again = await Promise.all([a.claim(id), b.claim(id)]);
      expect(again.filter(Boolean)).toHaveLength(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('keeps each claimed id under a 15-minute expiry in the store', async () => {
    const guard = await openReplayGuard(uri);
    const id = freshId();
    try {
      expect(await guard.claim(id)).toBe(true);
      const leftMs = await expiryInStore(uri, id);
      expect(leftMs).toBeGreaterThan(14 * 60_000);
      expect(leftMs).toBeLessThanOrEqual(15 * 60_000);
    } finally {
      await guard.close();
    }
  });
});
