import KeyvRedis from '@keyv/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docKey, docPrefix } from '../../src/kb/document.ts';
import { KnowledgeBase } from '../../src/kb/knowledge-base.ts';
import { type KvStore, NAMESPACE, openStore } from '../../src/kb/store.ts';
import { prefixEnd } from '../../src/kb/store-listing.ts';
import { entries, hashEmbedder, silentLogger, tempDir } from '../helpers/kb.ts';
import { freshGuild, storeBackends } from '../helpers/stores.ts';

describe('prefixEnd', () => {
  it('is the first string after every string with the prefix', () => {
    expect(prefixEnd('kb:1:doc:')).toBe('kb:1:doc;');
    expect('kb:1:doc:zzzz' < prefixEnd('kb:1:doc:')).toBe(true);
    expect('kb:1:doc;' < prefixEnd('kb:1:doc:')).toBe(false);
  });
});

describe.each(storeBackends)('listing one server on $name', (backend) => {
  let store: KvStore;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(() => store.close());

  it('one server never reads, lists or clears another, whatever the ids look like', async () => {
    const base = freshGuild().slice(0, 12);
    const guilds = [`${base}1`, `${base}10`, `${base}11`, `${base}2`];
    // Keys that range or pattern mistakes would catch: ids with %, _, *, ?, [ and a path.
    const ids = ['a', '%', '_', '*', '?', '[x]', '..%2F', 'z'];
    for (const g of guilds) for (const id of ids) await store.set(docKey(g, id), `${g}/${id}`);
    const kb = new KnowledgeBase({ store, embedder: hashEmbedder(), logger: silentLogger() });
    for (const g of guilds) {
      const listed = await entries(store, docPrefix(g));
      expect([...listed.values()].sort()).toEqual(ids.map((id) => `${g}/${id}`).sort());
    }
    for (const bad of ['1%', '1_', '../../etc', '1*', '1:doc', '']) {
      expect(() => docPrefix(bad)).toThrow(/not a server id/);
      await expect(kb.list(bad)).rejects.toThrow(/not a server id/);
      await expect(kb.clear(bad)).rejects.toThrow(/not a server id/);
    }
    expect(await kb.clear(guilds[0]!)).toBe(ids.length);
    expect((await entries(store, docPrefix(guilds[0]!))).size).toBe(0);
    for (const g of guilds.slice(1)) {
      expect((await entries(store, docPrefix(g))).size).toBe(ids.length);
      await kb.clear(g);
    }
  });

  it('lists more entries than one page, in key order, each once', async () => {
    const g = freshGuild();
    const ids = Array.from({ length: 1234 }, (_, i) => String(i).padStart(5, '0'));
    await Promise.all(ids.map((id) => store.set(docKey(g, id), id)));
    const listed = [];
    for await (const [key] of store.scan(docPrefix(g))) listed.push(key);
    expect(new Set(listed).size).toBe(ids.length);
    expect(listed).toEqual(ids.map((id) => docKey(g, id)));
    await Promise.all(ids.map((id) => store.delete(docKey(g, id))));
    expect((await entries(store, docPrefix(g))).size).toBe(0);
  });
});

describe('SQLite answers a server listing from an index', () => {
  it('the range query is served by the (namespace, key) index, created when the store opens', async () => {
    const temp = await tempDir();
    try {
      const store = await temp.open();
      await store.set(docKey('1', 'a'), 'x');
      // node:sqlite (the driver @keyv/sqlite picks on Node 24) has no types in @types/node 20.
      const sqlite = 'node:sqlite';
      const { DatabaseSync } = (await import(sqlite)) as {
        DatabaseSync: new (
          file: string,
          options: { readOnly: boolean },
        ) => { prepare(sql: string): { all(...params: unknown[]): unknown[] }; close(): void };
      };
      const db = new DatabaseSync(temp.file(), { readOnly: true });
      const plan = db
        .prepare(
          'EXPLAIN QUERY PLAN SELECT key, value FROM "keyv" WHERE namespace = ? AND key >= ? AND key < ? AND (expires IS NULL OR expires > ?) ORDER BY key LIMIT ?',
        )
        .all(NAMESPACE, 'kb:1:doc:', 'kb:1:doc;', 0, 500) as { detail: string }[];
      db.close();
      expect(plan.map((p) => p.detail).join(' | ')).toMatch(
        /USING INDEX keyv_namespace_key_idx \(namespace=\? AND key>\? AND key<\?\)/,
      );
    } finally {
      await temp.cleanup();
    }
  });
});

const redisUrl = process.env.KB_TEST_REDIS_URL;
describe.runIf(redisUrl)('Redis keeps a key set per server', () => {
  it('finds documents written before the sets existed, and building the set again changes nothing', async () => {
    const g = freshGuild();
    // What an older version wrote: documents under the bot's namespace, no per-server set.
    const old = new KeyvRedis(redisUrl!);
    old.namespace = NAMESPACE;
    for (const id of ['a', 'b', 'c']) await old.set(docKey(g, id), `old ${id}`);
    const client = await old.getClient();
    const store = await openStore(redisUrl!);
    try {
      expect([...(await entries(store, docPrefix(g))).values()]).toEqual(['old a', 'old b', 'old c']);
      await store.set(docKey(g, 'd'), 'new d');
      // Re-run the migration from scratch: same members, nothing lost or doubled.
      await client.del(`${NAMESPACE}::kbkeys:${g}:complete`);
      expect([...(await entries(store, docPrefix(g))).values()]).toEqual([
        'old a',
        'old b',
        'old c',
        'new d',
      ]);
      expect(await client.sCard(`${NAMESPACE}::kbkeys:${g}`)).toBe(4);
      await store.delete(docKey(g, 'a'));
      expect(await client.sCard(`${NAMESPACE}::kbkeys:${g}`)).toBe(3);
      expect((await entries(store, docPrefix(g))).size).toBe(3);
      for (const id of ['b', 'c', 'd']) await store.delete(docKey(g, id));
      await client.del([`${NAMESPACE}::kbkeys:${g}`, `${NAMESPACE}::kbkeys:${g}:complete`]);
    } finally {
      await store.close();
      await old.disconnect();
    }
  });
});
