import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeVectors, docPrefix, encodeVectors } from '../../src/kb/document.ts';
import { KnowledgeBase } from '../../src/kb/knowledge-base.ts';
import type { KvStore } from '../../src/kb/store.ts';
import { createLogger } from '../../src/log.ts';
import { describeWithModel, realEmbedder } from '../helpers/model.ts';
import { freshGuild, storeBackends } from '../helpers/stores.ts';

async function collect(store: KvStore, prefix: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const [k, v] of store.scan(prefix)) out.set(k, v);
  return out;
}

describe.each(storeBackends)('KvStore on $name', (backend) => {
  let store: KvStore;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(() => store.close());

  it('gets, sets and deletes string values', async () => {
    const key = `test:${freshGuild()}:value`;
    expect(await store.get(key)).toBeUndefined();
    await store.set(key, 'ünïcode 😀 "quotes"');
    expect(await store.get(key)).toBe('ünïcode 😀 "quotes"');
    expect(await store.delete(key)).toBe(true);
    expect(await store.get(key)).toBeUndefined();
  });

  it('scans by exact prefix: server 1 never sees servers 10 or 11', async () => {
    const base = freshGuild().slice(0, 12);
    const [one, ten, eleven] = [`${base}1`, `${base}10`, `${base}11`];
    for (const g of [one, ten, eleven]) {
      for (let i = 0; i < 3; i++) await store.set(`${docPrefix(g)}doc${i}`, `${g}/${i}`);
    }
    const listed = await collect(store, docPrefix(one));
    expect([...listed.values()].sort()).toEqual([`${one}/0`, `${one}/1`, `${one}/2`]);
    for (const key of listed.keys()) await store.delete(key);
    expect((await collect(store, docPrefix(one))).size).toBe(0);
    expect((await collect(store, docPrefix(ten))).size).toBe(3);
    expect((await collect(store, docPrefix(eleven))).size).toBe(3);
  });

  it('keeps vectors bit for bit, including -0, subnormals and the float32 extremes', async () => {
    const values = new Float32Array([
      -0,
      0,
      1e-45,
      -1.4e-45,
      1.1754942e-38,
      3.4028234663852886e38,
      -3.4028234663852886e38,
      0.1,
      -1 / 3,
    ]);
    const key = `test:${freshGuild()}:vector`;
    await store.set(key, JSON.stringify({ vectors: encodeVectors(values) }));
    const back = decodeVectors(JSON.parse((await store.get(key))!).vectors);
    expect(new Uint32Array(back.buffer)).toEqual(new Uint32Array(values.buffer));
    expect(Object.is(back[0], -0)).toBe(true);
    await store.delete(key);
  });
});

describeWithModel.each(storeBackends)('KnowledgeBase on $name', (backend) => {
  const embedder = realEmbedder('fp32');
  let store: KvStore;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store.close();
    await embedder.close();
  });

  it("two processes sharing the store see each other's writes (HTTP replicas)", async () => {
    const a = new KnowledgeBase({ store, embedder, logger: createLogger('silent') });
    const b = new KnowledgeBase({ store, embedder, logger: createLogger('silent') });
    const guild = freshGuild();
    await a.add(guild, { text: 'The first note, written through replica A.', addedBy: 'test' });
    expect((await b.list(guild)).total).toBe(1); // b reads and caches the index
    const { id } = await a.add(guild, { text: 'Volcanoes erupt when magma rises.', addedBy: 'test' });
    const hits = await b.search(guild, 'Why do volcanoes erupt?', 1);
    expect(hits[0]?.id).toBe(id);
    await expect(
      b.add(guild, { text: 'Volcanoes  erupt when magma rises.', addedBy: 'test' }),
    ).rejects.toThrow(/already in the knowledge base/);
    await b.remove(guild, id);
    expect((await a.list(guild)).total).toBe(1);
    await a.clear(guild);
  });

  it('clearing one server leaves the others untouched, and survives a restart', async () => {
    const kb = new KnowledgeBase({ store, embedder, logger: createLogger('silent') });
    const base = freshGuild().slice(0, 12);
    const guilds = [`${base}1`, `${base}10`, `${base}11`];
    for (const g of guilds) {
      await Promise.all(
        ['alpha', 'beta', 'gamma'].map((w) =>
          kb.add(g, { text: `${w} note for server ${g}`, addedBy: 'test' }),
        ),
      );
    }
    expect(await kb.clear(guilds[0]!)).toBe(3);
    kb.forget();
    expect((await kb.list(guilds[0]!)).total).toBe(0);
    expect((await kb.list(guilds[1]!)).total).toBe(3);
    expect((await kb.list(guilds[2]!)).total).toBe(3);
    const hits = await kb.search(guilds[1]!, `alpha note for server ${guilds[2]}`, 10);
    expect(hits.every((h) => h.snippet.endsWith(`server ${guilds[1]}`))).toBe(true);
    await kb.clear(guilds[1]!);
    await kb.clear(guilds[2]!);
  });
});
