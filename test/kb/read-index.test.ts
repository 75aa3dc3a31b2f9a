import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docKey, type StoredDocument, settingsKey, versionKey } from '../../src/kb/document.ts';
import { KnowledgeBase } from '../../src/kb/knowledge-base.ts';
import type { KvStore } from '../../src/kb/store.ts';
import { capturingLogger, entries, HASH_MODEL, hashEmbedder, storedRow, tempDir } from '../helpers/kb.ts';

const CORRUPT = 'skipping corrupt knowledge-base entry';

describe('rows tampered in the store', () => {
  let temp: Awaited<ReturnType<typeof tempDir>>;
  let store: KvStore;
  beforeAll(async () => {
    temp = await tempDir();
    store = await temp.open();
  });
  afterAll(() => temp.cleanup());

  const row = (id: string, text: string, vectors: Float32Array, extra: Partial<StoredDocument> = {}) =>
    storedRow(id, text, vectors, HASH_MODEL, extra);
  const unit = (dimensions: number) => new Float32Array(dimensions).fill(1 / Math.sqrt(dimensions));

  it('a document whose id field differs from its key is known by its key, and can be removed', async () => {
    const { logger } = capturingLogger();
    const kb = new KnowledgeBase({ store, embedder: hashEmbedder(), logger });
    const G = '301';
    await kb.add(G, { text: 'An honest document.', addedBy: 'u' });
    await store.set(docKey(G, 'keyid'), row('someone-else', 'A tampered document.', unit(16)));
    kb.forget();
    const listed = await kb.list(G);
    expect(listed.documents.map((d) => d.id)).toContain('keyid');
    expect(listed.documents.map((d) => d.id)).not.toContain('someone-else');
    await expect(kb.remove(G, 'someone-else')).rejects.toThrow(/no document/);
    await kb.remove(G, 'keyid');
    expect(await store.get(docKey(G, 'keyid'))).toBeUndefined();
    kb.forget();
    expect((await kb.list(G)).documents.map((d) => d.text)).toEqual(['An honest document.']);
  });

  it('settings of the wrong type fall back to defaults field by field, logged once', async () => {
    const capture = capturingLogger();
    const kb = new KnowledgeBase({ store, embedder: hashEmbedder(), logger: capture.logger });
    const G = '302';
    await kb.add(G, { text: 'Some text to find.', addedBy: 'u' });
    await store.set(settingsKey(G), JSON.stringify({ threshold: 'abc', writerRoleId: '123456789012345678' }));
    expect(await kb.settings(G)).toEqual({ threshold: 0.3, writerRoleId: '123456789012345678' });
    const [hit] = await kb.search(G, 'Some other words entirely.', 1);
    expect(typeof hit!.weak).toBe('boolean');
    expect(hit!.weak).toBe(hit!.score < 0.3);
    await store.set(settingsKey(G), JSON.stringify({ threshold: 5, writerRoleId: { evil: true } }));
    expect(await kb.settings(G)).toEqual({ threshold: 0.3, writerRoleId: null });
    await store.set(settingsKey(G), '[1,2]');
    expect(await kb.settings(G)).toEqual({ threshold: 0.3, writerRoleId: null });
    await kb.settings(G);
    expect((await kb.stats(G)).settings).toEqual({ threshold: 0.3, writerRoleId: null });
    const warned = capture.lines.filter((l) => l.msg === CORRUPT && l.key === settingsKey(G));
    expect(warned).toHaveLength(1);
    // Valid settings still read as stored.
    await store.set(settingsKey(G), JSON.stringify({ threshold: -0.5, writerRoleId: null }));
    expect(await kb.settings(G)).toEqual({ threshold: -0.5, writerRoleId: null });
  });

  it('a bad row is counted on every load and logged once, not once per load', async () => {
    const capture = capturingLogger();
    const kb = new KnowledgeBase({ store, embedder: hashEmbedder(), logger: capture.logger });
    const G = '303';
    await kb.add(G, { text: 'Good one.', addedBy: 'u' });
    await store.set(
      docKey(G, 'zz-nan'),
      row('zz-nan', 'Not a number.', new Float32Array(16).fill(Number.NaN)),
    );
    await store.set(docKey(G, 'zz-short'), row('zz-short', 'Too short.', unit(15)));
    await store.set(
      docKey(G, 'zz-types'),
      row('zz-types', 'Bad fields.', unit(16), { addedBy: 42 as never }),
    );
    for (let load = 0; load < 3; load++) {
      await store.set(versionKey(G), `changed elsewhere ${load}`);
      expect(await kb.list(G)).toMatchObject({ total: 1, corrupt: 3 });
    }
    kb.forget();
    expect((await kb.stats(G)).corrupt).toBe(3);
    const warned = capture.lines.filter((l) => l.msg === CORRUPT).map((l) => l.key);
    expect(warned.sort()).toEqual([docKey(G, 'zz-nan'), docKey(G, 'zz-short'), docKey(G, 'zz-types')]);
  });

  it('without the model, the rows agree on the vector size among themselves', async () => {
    const embedder = hashEmbedder();
    const capture = capturingLogger();
    const kb = new KnowledgeBase({ store, embedder, logger: capture.logger, model: HASH_MODEL });
    const G = '304';
    // The odd one sorts first: the size most rows share still wins.
    await store.set(docKey(G, 'a-odd'), row('a-odd', 'Odd size.', unit(12)));
    for (const id of ['b', 'c', 'd']) {
      const text = `Doc ${id}.`;
      await store.set(docKey(G, id), row(id, text, (await embedder.embed(text)).vector));
    }
    expect(await kb.list(G)).toMatchObject({ total: 3, corrupt: 1 });
    expect(embedder.readyCalls).toBe(0);
    expect(capture.lines.find((l) => l.msg === CORRUPT)?.key).toBe(docKey(G, 'a-odd'));
    // Searching then uses the model, whose size the index already has.
    expect((await kb.search(G, 'Doc c.', 1))[0]!.id).toBe('c');
  });
});

describe('a storage failure during an import', () => {
  it('stops at the first failure, reports the cause, and counts exactly what the store holds', async () => {
    const { FaultyStore } = await import('../helpers/kb.ts');
    const temp = await tempDir();
    try {
      const capture = capturingLogger();
      const store = new FaultyStore(await temp.open());
      const kb = new KnowledgeBase({ store, embedder: hashEmbedder(), logger: capture.logger });
      const G = '305';
      const lines = Array.from({ length: 200 }, (_, i) => JSON.stringify({ text: `Imported line ${i}.` }));
      // A disk that fills up after 25 writes (documents and version stamps alike).
      store.failSetsFrom = 26;
      const r = await kb.import(G, lines.join('\n'), 'u');
      const held = (await entries(store.inner, `kb:${G}:doc:`)).size;
      expect(r.added).toBe(held);
      expect(held).toBeGreaterThan(0);
      expect(r.stopped).toMatchObject({ cause: expect.stringContaining('no space left on device') });
      // One report, not one per remaining line.
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]!.message).toContain('no space left on device');
      expect(r.errors[0]!.message).toContain(`${held} document(s) stored`);
      expect(store.sets).toBeLessThan(26 + 16);
      expect(capture.lines.filter((l) => l.level === 50)).toHaveLength(1);
      kb.forget();
      expect((await kb.list(G)).total).toBe(held);
    } finally {
      await temp.cleanup();
    }
  });
});
