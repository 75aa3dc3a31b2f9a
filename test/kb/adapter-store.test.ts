import KeyvSqlite from '@keyv/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterStore, openStore, StoreError } from '../../src/kb/store.ts';
import { entries, tempDir } from '../helpers/kb.ts';

type Query = (sql: string, ...params: unknown[]) => Promise<unknown[]>;

let temp: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  temp = await tempDir();
});
afterAll(async () => {
  await temp.cleanup();
});

/** An AdapterStore over a real SQLite adapter whose queries can be made to fail. */
async function faultyAdapterStore(name: string, iterationLimit = 1000) {
  const adapter = new KeyvSqlite({ uri: `sqlite://${temp.file(name)}`, iterationLimit });
  await adapter.ready;
  const store = new AdapterStore(adapter as unknown as ConstructorParameters<typeof AdapterStore>[0]);
  const real = adapter.query as Query;
  let failWhen: ((sql: string) => boolean) | undefined;
  (adapter as unknown as { query: Query }).query = async (sql, ...params) => {
    if (failWhen?.(sql)) throw new Error('disk I/O error');
    return real(sql, ...params);
  };
  return {
    store,
    failWhen: (predicate: ((sql: string) => boolean) | undefined) => {
      failWhen = predicate;
    },
  };
}

describe('AdapterStore over a real @keyv/sqlite adapter', () => {
  it('stores, reads, lists by exact prefix and deletes, across reopening the file', async () => {
    const store = await openStore(`sqlite://${temp.file('basic.sqlite')}`);
    await store.set('kb:1:doc:a', 'one');
    await store.set('kb:10:doc:b', 'ten');
    await store.set('kb:11:doc:c', 'eleven');
    await store.set('kb:1:settings', '{}');
    await store.set('kb:1:doc:a', 'one again');
    expect(await store.get('kb:1:doc:a')).toBe('one again');
    expect(await store.get('kb:1:doc:missing')).toBeUndefined();
    expect([...(await entries(store, 'kb:1:doc:'))]).toEqual([['kb:1:doc:a', 'one again']]);
    expect([...(await entries(store, 'kb:1%'))]).toEqual([]);
    expect([...(await entries(store, 'kb:1_:doc:'))]).toEqual([]);
    await store.close();

    const reopened = await openStore(`sqlite://${temp.file('basic.sqlite')}`);
    expect([...(await entries(reopened, 'kb:1'))].map(([k]) => k).sort()).toEqual([
      'kb:10:doc:b',
      'kb:11:doc:c',
      'kb:1:doc:a',
      'kb:1:settings',
    ]);
    expect(await reopened.delete('kb:10:doc:b')).toBe(true);
    expect(await reopened.delete('kb:10:doc:b')).toBe(false);
    expect(await reopened.get('kb:10:doc:b')).toBeUndefined();
    await reopened.close();
  });

  it('lists every entry even when there are more than one page of them, while deleting', async () => {
    const { store } = await faultyAdapterStore('pages.sqlite', 7);
    for (let i = 0; i < 50; i++) await store.set(`kb:5:doc:${String(i).padStart(3, '0')}`, `v${i}`);
    const seen: string[] = [];
    for await (const [key] of store.scan('kb:5:doc:')) {
      seen.push(key);
      await store.delete(key);
    }
    expect(seen.length).toBe(50);
    expect((await entries(store, 'kb:5:doc:')).size).toBe(0);
    await store.close();
  });

  it('turns a failed write (which the adapter only reports as an event) into an exception', async () => {
    const { store, failWhen } = await faultyAdapterStore('write.sqlite');
    failWhen((sql) => sql.trimStart().startsWith('INSERT'));
    await expect(store.set('kb:1:doc:x', 'value')).rejects.toThrow(StoreError);
    failWhen(undefined);
    expect(await store.get('kb:1:doc:x')).toBeUndefined();
    await store.set('kb:1:doc:x', 'value');
    expect(await store.get('kb:1:doc:x')).toBe('value');
    await store.close();
  });

  it('never lets a failed listing look empty or complete', async () => {
    const { store, failWhen } = await faultyAdapterStore('scan.sqlite', 3);
    for (let i = 0; i < 8; i++) await store.set(`kb:2:doc:${i}`, `v${i}`);

    // Fails on the first page: no entries at all, yet it must not look like an empty list.
    failWhen((sql) => sql.includes('ORDER BY key'));
    await expect(entries(store, 'kb:2:doc:')).rejects.toThrow(StoreError);

    // Fails on the second page, after three entries were already handed out.
    let pages = 0;
    failWhen((sql) => sql.includes('ORDER BY key') && ++pages === 2);
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const [key] of store.scan('kb:2:doc:')) seen.push(key);
      })(),
    ).rejects.toThrow(/Storage failed to list/);
    expect(seen.length).toBe(3);

    failWhen(undefined);
    expect((await entries(store, 'kb:2:doc:')).size).toBe(8);
    await store.close();
  });

  it('surfaces failed reads and deletes', async () => {
    const { store, failWhen } = await faultyAdapterStore('read.sqlite');
    await store.set('kb:3:doc:a', 'a');
    failWhen(() => true);
    await expect(store.get('kb:3:doc:a')).rejects.toThrow();
    await expect(store.delete('kb:3:doc:a')).rejects.toThrow();
    failWhen(undefined);
    expect(await store.get('kb:3:doc:a')).toBe('a');
    await store.close();
  });

  it('refuses stores it does not support', async () => {
    await expect(openStore('nosuchdb://localhost/kb')).rejects.toThrow(StoreError);
  });
});
