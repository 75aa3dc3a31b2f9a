import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Embedder, ModelInfo } from '../../src/embedding/embedder.ts';
import { UserError } from '../../src/errors.ts';
import {
  decodeDocument,
  decodeVectors,
  docKey,
  docPrefix,
  encodeVectors,
  type StoredDocument,
} from '../../src/kb/document.ts';
import { KnowledgeBase, NEAR_DUPLICATE } from '../../src/kb/knowledge-base.ts';
import { type KvStore, StoreError } from '../../src/kb/store.ts';
import type { Logger } from '../../src/log.ts';
import { wordUserError } from '../../src/user-messages.ts';
import {
  bits,
  capturingLogger,
  entries,
  FaultyStore,
  SPECIAL_FLOATS,
  silentLogger,
  tempDir,
} from '../helpers/kb.ts';
import { describeWithModel, realEmbedder } from '../helpers/model.ts';

const TOPICS = [
  'the weather in the mountains',
  'a recipe for lentil soup',
  'the rules of cricket',
  'how to repair a bicycle tyre',
  'the history of the Roman aqueducts',
  'caring for houseplants in winter',
  'the orbit of Mars',
  'learning to play the violin',
];

const texts = (n: number, tag: string): string[] =>
  Array.from(
    { length: n },
    (_, i) => `${tag} note ${i}: a few words about ${TOPICS[i % TOPICS.length]} (${i}).`,
  );

describeWithModel('KnowledgeBase on SQLite with the real model', () => {
  let embedder: Embedder;
  let info: ModelInfo;
  let temp: Awaited<ReturnType<typeof tempDir>>;
  const logger = silentLogger();

  beforeAll(async () => {
    embedder = realEmbedder('fp32');
    info = await embedder.ready();
    temp = await tempDir();
  });

  afterAll(async () => {
    await embedder?.close();
    await temp?.cleanup();
  });

  const open = async (file: string, options: { quota?: number; logger?: Logger } = {}) => {
    const store = await temp.open(file);
    const kb = new KnowledgeBase({ store, embedder, logger: options.logger ?? logger, quota: options.quota });
    return { store, kb };
  };

  /** A second, independent view of the same file: a new connection and a new KnowledgeBase. */
  const reopen = (file: string, options: { logger?: Logger } = {}) => open(file, options);

  const storedDocs = async (store: KvStore, guild: string): Promise<StoredDocument[]> =>
    [...(await entries(store, docPrefix(guild))).values()].map(
      (raw) => decodeDocument(raw, info.dimensions).doc,
    );

  describe('concurrency and quota', () => {
    it('keeps all 200 concurrent adds to one server, also after a restart', async () => {
      const { store, kb } = await open('concurrent.sqlite');
      const all = texts(200, 'Concurrent');
      const results = await Promise.all(
        all.map((text, i) => kb.add('42', { text, addedBy: `user${i % 7}` })),
      );
      const ids = results.map((r) => r.id);
      expect(new Set(ids).size).toBe(200);

      const listed = await kb.list('42', 1, 1000);
      expect(listed.total).toBe(200);
      expect(listed.documents.length).toBe(200);
      expect(new Set(listed.documents.map((d) => d.id))).toEqual(new Set(ids));
      expect(new Set(listed.documents.map((d) => d.text))).toEqual(new Set(all));
      expect((await kb.stats('42')).chunks).toBe(200);

      kb.forget();
      const afterRestart = await kb.list('42', 1, 1000);
      expect(afterRestart.total).toBe(200);
      expect(new Set(afterRestart.documents.map((d) => d.id))).toEqual(new Set(ids));
      expect(afterRestart.corrupt).toBe(0);

      // What is on disk: exactly 200 keys, as a fresh process on the same file sees it too.
      expect((await entries(store, docPrefix('42'))).size).toBe(200);
      const fresh = await reopen('concurrent.sqlite');
      expect((await fresh.kb.list('42', 1, 1000)).total).toBe(200);
    });

    it('never gives two documents the same id, even in the same millisecond with the same dice', async () => {
      const { store, kb } = await open('same-id.sqlite');
      const realRandom = Math.random.bind(Math);
      let calls = 0;
      // The first two ids drawn are identical (same time, same random part); later draws are real.
      const random = vi.spyOn(Math, 'random').mockImplementation(() => (++calls <= 2 ? 0.5 : realRandom()));
      const now = vi.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
      try {
        const a = await kb.add('43', { text: 'The first of two notes written at once.', addedBy: 'u' });
        const b = await kb.add('43', { text: 'The second of two notes written at once.', addedBy: 'u' });
        expect(calls).toBeGreaterThanOrEqual(2);
        expect(b.id).not.toBe(a.id);
      } finally {
        random.mockRestore();
        now.mockRestore();
      }
      expect((await kb.list('43')).total).toBe(2);
      expect((await entries(store, docPrefix('43'))).size).toBe(2);
      kb.forget();
      expect((await kb.list('43')).total).toBe(2);
    });

    it('lets exactly one of ten concurrent adds take the last place under the quota', async () => {
      const quota = 6;
      const { store, kb } = await open('quota.sqlite', { quota });
      for (const text of texts(quota - 1, 'Quota')) await kb.add('7', { text, addedBy: 'u' });
      const racers = texts(10, 'Racer');
      const settled = await Promise.allSettled(racers.map((text) => kb.add('7', { text, addedBy: 'u' })));
      const fulfilled = settled.filter((s) => s.status === 'fulfilled');
      const rejected = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
      expect(fulfilled.length).toBe(1);
      expect(rejected.length).toBe(9);
      for (const r of rejected) {
        expect(r.reason).toBeInstanceOf(UserError);
        expect((r.reason as Error).message).toMatch(/full/);
        expect((r.reason as Error).message).toContain(`${quota} documents`);
      }
      expect((await kb.list('7')).total).toBe(quota);
      expect((await entries(store, docPrefix('7'))).size).toBe(quota);
      // Still full after a restart; another server has its own quota.
      kb.forget();
      await expect(kb.add('7', { text: 'One too many.', addedBy: 'u' })).rejects.toThrow(UserError);
      await expect(kb.add('8', { text: 'One too many.', addedBy: 'u' })).resolves.toBeDefined();
    });
  });

  describe('storage failures', () => {
    it('reports a write that fails mid-add and keeps every other document intact', async () => {
      const base = await open('write-fail.sqlite');
      const store = new FaultyStore(base.store);
      const kb = new KnowledgeBase({ store, embedder, logger });
      const [a, b, c, d, e] = texts(5, 'Write');
      const earlier = [];
      for (const text of [a!, b!, c!]) earlier.push(await kb.add('9', { text, addedBy: 'u' }));

      store.failSetNumber = store.sets + 1;
      await expect(kb.add('9', { text: d!, addedBy: 'u' })).rejects.toThrow(StoreError);
      // The failed document is nowhere: not in the index, not on disk.
      expect((await kb.list('9')).documents.map((x) => x.text)).toEqual([a, b, c]);

      // A fresh KnowledgeBase on the same file sees exactly the earlier documents, intact.
      const fresh = await reopen('write-fail.sqlite');
      expect((await fresh.kb.list('9')).documents.map((x) => x.id)).toEqual(earlier.map((x) => x.id));
      for (const [i, added] of earlier.entries()) {
        const raw = await fresh.store.get(docKey('9', added.id));
        expect(raw).toBeDefined();
        const { doc, vectors } = decodeDocument(raw!, info.dimensions);
        expect(doc.text).toBe([a, b, c][i]);
        expect(bits(vectors)).toEqual(bits((await embedder.embed(doc.text)).vector));
      }

      // Later adds work, including the one that failed (it left no trace in the duplicate check).
      await kb.add('9', { text: e!, addedBy: 'u' });
      await kb.add('9', { text: d!, addedBy: 'u' });
      expect((await kb.list('9')).total).toBe(5);

      // The same in the middle of a burst of concurrent adds: only the unlucky one fails.
      store.failSetNumber = store.sets + 3;
      const burst = texts(6, 'Burst');
      const settled = await Promise.allSettled(burst.map((text) => kb.add('9', { text, addedBy: 'u' })));
      const rejected = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
      expect(rejected.length).toBe(1);
      expect(rejected[0]!.reason).toBeInstanceOf(StoreError);
      expect((await kb.list('9', 1, 100)).total).toBe(10);
      fresh.kb.forget();
      expect((await fresh.kb.list('9', 1, 100)).total).toBe(10);
    });

    it('never takes a failed read for an empty knowledge base', async () => {
      const seed = await open('read-fail.sqlite');
      const seeded = texts(5, 'Read');
      for (const text of seeded) await seed.kb.add('12', { text, addedBy: 'u' });

      const base = await reopen('read-fail.sqlite');
      const store = new FaultyStore(base.store);
      const kb = new KnowledgeBase({ store, embedder, logger });

      for (const failAfter of [0, 2]) {
        store.failScanAfter = failAfter;
        await expect(kb.list('12'), `list, fail after ${failAfter}`).rejects.toThrow(StoreError);
        await expect(kb.search('12', 'weather'), 'search').rejects.toThrow(StoreError);
        await expect(kb.search('12', 'weather', 5, 'keyword'), 'keyword search').rejects.toThrow(StoreError);
        await expect(kb.stats('12'), 'stats').rejects.toThrow(StoreError);
        await expect(kb.export('12'), 'export').rejects.toThrow(StoreError);
        await expect(kb.find('12', ''), 'find').rejects.toThrow(StoreError);
        // An add must not go ahead on a partial view: no duplicate or quota check could be trusted.
        await expect(kb.add('12', { text: 'Written on a blind read.', addedBy: 'u' })).rejects.toThrow(
          StoreError,
        );
        await expect(kb.add('12', { text: seeded[4]!, addedBy: 'u' })).rejects.toThrow(StoreError);
      }
      expect(store.sets).toBe(0);

      // Once the store recovers, the same instance (no restart) sees the real data.
      store.failScanAfter = undefined;
      const listed = await kb.list('12');
      expect(listed.total).toBe(5);
      expect(listed.documents.map((d) => d.text)).toEqual(seeded);
      const [top] = await kb.search('12', 'a recipe for lentil soup');
      expect(top!.snippet).toBe(seeded[1]);
      await expect(kb.add('12', { text: seeded[4]!, addedBy: 'u' })).rejects.toThrow(/already/);
    });
    it('shows what is really stored after a clear that failed half-way', async () => {
      const base = await open('clear-fail.sqlite');
      const store = new FaultyStore(base.store);
      const kb = new KnowledgeBase({ store, embedder, logger });
      const added = texts(4, 'Clear');
      for (const text of added) await kb.add('13', { text, addedBy: 'u' });
      await kb.add('14', { text: added[0]!, addedBy: 'u' });
      expect((await kb.list('13')).total).toBe(4);

      store.failDeleteNumber = store.deletes + 3;
      await expect(kb.clear('13')).rejects.toThrow(StoreError);
      // Two documents were deleted before the failure: the same instance must not keep showing them.
      const onDisk = await storedDocs(base.store, '13');
      expect(onDisk.length).toBe(2);
      const listed = await kb.list('13');
      expect(listed.documents.map((d) => d.id)).toEqual(onDisk.map((d) => d.id));
      // A deleted text is no longer a duplicate; the other server was not touched.
      await kb.add('13', { text: added[0]!, addedBy: 'u' });
      expect((await kb.list('14')).total).toBe(1);

      expect(await kb.clear('13')).toBe(3);
      expect((await kb.list('13')).total).toBe(0);
      expect((await entries(base.store, docPrefix('13'))).size).toBe(0);
    });
  });

  it('keeps servers 1, 10 and 11 apart', async () => {
    const { store, kb } = await open('isolation.sqlite');
    const docs = {
      '1': ['Server one keeps notes about sourdough starters.', 'Server one also likes chess openings.'],
      '10': [
        'Server ten documents the office printer setup.',
        'Server ten lists the holiday schedule.',
        'Server ten explains the VPN.',
      ],
      '11': ['Server eleven writes about tropical fish tanks.', 'Server eleven tracks marathon training.'],
    } as const;
    const ids: Record<keyof typeof docs, string[]> = { '1': [], '10': [], '11': [] };
    for (const guild of ['1', '10', '11'] as const) {
      for (const text of docs[guild])
        ids[guild].push((await kb.add(guild, { text, addedBy: `admin${guild}` })).id);
    }
    await kb.updateSettings('10', { threshold: 0.5 });

    expect(await kb.clear('1')).toBe(2);
    const check = async (k: KnowledgeBase) => {
      expect((await k.list('1')).total).toBe(0);
      for (const guild of ['10', '11'] as const) {
        const listed = await k.list(guild);
        expect(listed.total).toBe(docs[guild].length);
        expect(listed.documents.map((d) => d.text)).toEqual(docs[guild]);
        expect(listed.documents.map((d) => d.id)).toEqual(ids[guild]);
      }
    };
    await check(kb);
    kb.forget();
    await check(kb);
    await check((await reopen('isolation.sqlite')).kb);
    expect((await kb.settings('10')).threshold).toBe(0.5);
    expect((await kb.settings('11')).threshold).toBe(0.3);

    // Server 11's exact text, searched in server 10, finds only server 10's documents.
    for (const text of docs['11']) {
      for (const mode of ['semantic', 'keyword', 'hybrid'] as const) {
        const results = await kb.search('10', text, 10, mode);
        for (const r of results) {
          expect(ids['10'], `${mode}: ${r.snippet}`).toContain(r.id);
          expect(r.snippet).not.toBe(text);
        }
      }
    }

    // Listing, finding and exporting one server never shows another's ids.
    const exported = (await kb.export('10')).split('\n').map((l) => JSON.parse(l) as { id: string });
    expect(exported.map((e) => e.id)).toEqual(ids['10']);
    expect((await kb.find('10', '')).map((d) => d.id).sort()).toEqual([...ids['10']].sort());
    expect((await kb.find('10', 'server eleven')).length).toBe(0);
    await expect(kb.remove('10', ids['11'][0]!)).rejects.toThrow(UserError);
    expect((await kb.list('11')).total).toBe(2);

    // Duplicates are per server: server 11's text can be added to server 10.
    await kb.add('10', { text: docs['11'][0], addedBy: 'u' });
    expect((await kb.list('10')).total).toBe(4);
    expect((await kb.list('11')).total).toBe(2);
    expect((await entries(store, docPrefix('11'))).size).toBe(2);
  });

  it('stores vectors bit for bit across a restart', async () => {
    const { store, kb } = await open('bits.sqlite');
    const text = 'Vectors must come back exactly as they were written.';
    const { id } = await kb.add('60', { text, addedBy: 'u' });
    await kb.add('60', { text: 'An unrelated second document about gardening.', addedBy: 'u' });
    const expected = (await embedder.embed(text)).vector;

    const raw = await store.get(docKey('60', id));
    const stored = JSON.parse(raw!) as StoredDocument;
    expect(bits(decodeVectors(stored.vectors))).toEqual(bits(expected));

    const query = 'exactly the same vectors after a restart';
    const before = await kb.search('60', query, 2);
    kb.forget();
    const after = await kb.search('60', query, 2);
    expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
    for (let i = 0; i < before.length; i++) expect(Object.is(after[i]!.score, before[i]!.score)).toBe(true);

    // A document holding -0, subnormals and the float32 extremes, read by a fresh process.
    const special = new Float32Array(info.dimensions);
    special.set(SPECIAL_FLOATS);
    const doc: StoredDocument = {
      ...stored,
      id: 'special',
      text: 'A document with unusual vector values.',
      vectors: encodeVectors(special),
    };
    await store.set(docKey('61', 'special'), JSON.stringify(doc));
    const fresh = await reopen('bits.sqlite');
    const reread = decodeDocument((await fresh.store.get(docKey('61', 'special')))!, info.dimensions);
    expect(bits(reread.vectors)).toEqual(bits(special));
    for (let i = 0; i < SPECIAL_FLOATS.length; i++) {
      expect(Object.is(reread.vectors[i], special[i]), `element ${i}`).toBe(true);
    }
    // The loaded index scores with exactly those values (the same sum topK makes).
    const q = (await embedder.embed(query)).vector;
    let score = 0;
    for (let i = 0; i < special.length; i++) score += special[i]! * q[i]!;
    const [hit] = await fresh.kb.search('61', query, 1);
    expect(hit!.id).toBe('special');
    expect(hit!.score).toBe(score);
  });

  it('refuses exact duplicates and flags near duplicates', async () => {
    const { kb } = await open('duplicates.sqlite');
    const G = '90';
    const original = await kb.add(G, {
      text: 'The final answer is forty-two.',
      title: 'Answer',
      addedBy: 'u',
    });
    for (const variant of [
      '  The   final answer\n\nis forty-two.  ',
      'The ﬁnal answer is forty-two.', // ﬁ ligature
      'Ｔｈｅ final answer is forty-two.', // full-width letters
      'The\u00a0final\u2003answer is ｆｏｒｔｙ-two.', // no-break and em spaces
    ]) {
      const attempt = kb.add(G, { text: variant, addedBy: 'u' });
      await expect(attempt, JSON.stringify(variant)).rejects.toThrow(UserError);
      await expect(attempt).rejects.toThrow(original.id);
      await expect(attempt).rejects.toThrow('Answer');
    }
    expect((await kb.list(G)).total).toBe(1);

    // Trailing punctuation: a different text, but the same meaning.
    const noStop = await kb.add(G, { text: 'The final answer is forty-two', addedBy: 'u' });
    expect(noStop.nearDuplicate).toMatchObject({ id: original.id, title: 'Answer' });
    expect(noStop.nearDuplicate!.score).toBeGreaterThanOrEqual(NEAR_DUPLICATE);

    // One word changed.
    const nine = await kb.add(G, {
      text: 'The library opens at nine in the morning on weekdays.',
      addedBy: 'u',
    });
    expect(nine.nearDuplicate).toBeUndefined();
    const ten = await kb.add(G, {
      text: 'The library opens at ten in the morning on weekdays.',
      addedBy: 'u',
    });
    expect(ten.nearDuplicate?.id).toBe(nine.id);
    expect(ten.nearDuplicate!.score).toBeGreaterThanOrEqual(NEAR_DUPLICATE);
    expect(ten.nearDuplicate!.score).toBeLessThan(1);

    const unrelated = await kb.add(G, { text: 'Penguins cannot fly but swim very well.', addedBy: 'u' });
    expect(unrelated.nearDuplicate).toBeUndefined();
    expect((await kb.list(G)).total).toBe(5);

    // Still refused after a restart (the check uses what is stored, not only what this process added).
    kb.forget();
    await expect(kb.add(G, { text: 'The   final answer is forty-two.', addedBy: 'u' })).rejects.toThrow(
      original.id,
    );
  });

  it('skips and logs corrupt entries, and counts them', async () => {
    const { store, kb } = await open('corrupt.sqlite');
    const G = '100';
    const good = texts(3, 'Good');
    for (const text of good) await kb.add(G, { text, addedBy: 'u' });
    const [sample] = await storedDocs(store, G);
    await store.set(docKey(G, 'zz-garbage'), '{"v":1,"id":"zz-garbage", this is not JSON');
    const wrongLength: StoredDocument = {
      ...sample!,
      id: 'zz-short',
      text: 'A document whose vector is too short.',
      vectors: encodeVectors(new Float32Array(info.dimensions - 1).fill(0.01)),
    };
    await store.set(docKey(G, 'zz-short'), JSON.stringify(wrongLength));
    // The same kind of garbage in another server is not this server's problem.
    await store.set(docKey('1000', 'zz-garbage'), 'garbage');

    const capture = capturingLogger();
    const fresh = await reopen('corrupt.sqlite', { logger: capture.logger });
    const listed = await fresh.kb.list(G);
    expect(listed.total).toBe(3);
    expect(listed.documents.map((d) => d.text)).toEqual(good);
    expect(listed.corrupt).toBe(2);
    const stats = await fresh.kb.stats(G);
    expect(stats).toMatchObject({ documents: 3, chunks: 3, corrupt: 2, stale: 0 });
    expect((await fresh.kb.search(G, good[0]!, 1))[0]!.snippet).toBe(good[0]);

    const warnings = capture.lines.filter((l) => l.msg === 'skipping corrupt knowledge-base entry');
    expect(warnings.map((l) => l.key).sort()).toEqual([docKey(G, 'zz-garbage'), docKey(G, 'zz-short')]);
    for (const w of warnings) expect(w.level).toBe(40);
    const short = warnings.find((w) => w.key === docKey(G, 'zz-short'))!;
    expect(JSON.stringify(short.err)).toContain(`found ${info.dimensions - 1}`);
    // Loaded once: the warnings are not repeated on every call.
    await fresh.kb.list(G);
    expect(capture.lines.filter((l) => l.msg === 'skipping corrupt knowledge-base entry').length).toBe(2);
  });

  it('refuses to mix models until the server is re-embedded', async () => {
    const { store, kb } = await open('model-change.sqlite');
    const G = '110';
    const first = await kb.add(G, { text: 'Whales communicate with long low songs.', addedBy: 'u' });
    await kb.add(G, { text: 'Glaciers carve valleys over thousands of years.', addedBy: 'u' });
    const raw = JSON.parse((await store.get(docKey(G, first.id)))!) as StoredDocument;
    expect(raw.model).toEqual({ id: info.modelId, dtype: 'fp32', window: info.window });
    await store.set(docKey(G, first.id), JSON.stringify({ ...raw, model: { ...raw.model, dtype: 'int8' } }));

    kb.forget();
    await expect(kb.search(G, 'whale songs')).rejects.toThrow(UserError);
    // The domain names the situation; each transport words the fix (the CLI names its command).
    const stale = await kb.search(G, 'whale songs', 5, 'keyword').catch((e: UserError) => e);
    expect(stale).toMatchObject({
      code: 'kb.stale-model',
      context: { count: 1, guild: G, model: `${info.modelId}, fp32` },
    });
    expect((stale as Error).message).not.toMatch(/embedbot|`/);
    expect(wordUserError(stale as UserError, 'cli')).toMatch(/run `embedbot kb reembed --guild 110`/);
    expect(wordUserError(stale as UserError, 'discord')).toMatch(/embedbot kb reembed --guild 110/);
    await expect(kb.add(G, { text: 'Something new.', addedBy: 'u' })).rejects.toMatchObject({
      code: 'kb.stale-model',
    });
    expect(await kb.list(G)).toMatchObject({ total: 1, stale: 1, corrupt: 0 });
    expect((await kb.stats(G)).stale).toBe(1);

    expect(await kb.reembed(G)).toEqual({ documents: 2 });
    const results = await kb.search(G, 'whale songs');
    expect(results[0]!.id).toBe(first.id);
    expect((await kb.list(G)).stale).toBe(0);
    const reread = decodeDocument((await store.get(docKey(G, first.id)))!, info.dimensions);
    expect(reread.doc.model.dtype).toBe('fp32');
    expect(bits(reread.vectors)).toEqual(bits((await embedder.embed(reread.doc.text)).vector));
    await kb.add(G, { text: 'Something new.', addedBy: 'u' });
    kb.forget();
    expect(await kb.list(G)).toMatchObject({ total: 3, stale: 0 });
  });

  describe('import and export', () => {
    it('keeps the valid JSONL lines and reports the bad ones by line number', async () => {
      const { kb } = await open('import.sqlite');
      const G = '120';
      await kb.add(G, { text: 'Already here before the import.', addedBy: 'u' });
      const valid = texts(20, 'Imported');
      const lines = [
        '', // 1: blank lines count as lines
        JSON.stringify({ text: 'Apples grow on trees.', title: 'Apples' }), // 2
        '{"text": "broken', // 3
        JSON.stringify({ title: 'No text here' }), // 4
        JSON.stringify({ text: 'Already here before the import.' }), // 5: duplicate of an existing doc
        JSON.stringify({ text: 42 }), // 6
        JSON.stringify({ text: 'Title of the wrong type.', title: 5 }), // 7
        JSON.stringify({ text: '   ' }), // 8
        ...valid.map((text) => JSON.stringify({ text })), // 9–28
        '', // 29
        JSON.stringify({ text: 'Apples  grow on trees.' }), // 30: duplicate of line 2 (folded)
      ];
      const progress: [number, number][] = [];
      const result = await kb.import(G, lines.join('\n'), 'importer', (done, total) =>
        progress.push([done, total]),
      );
      expect(result.added).toBe(21);
      expect(result.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 30]);
      const message = (line: number) => result.errors.find((e) => e.line === line)!.message;
      expect(message(3)).toMatch(/JSON/);
      expect(message(4)).toMatch(/text/);
      expect(message(5)).toMatch(/already/);
      expect(message(7)).toMatch(/title/);
      expect(message(30)).toMatch(/already/);

      // 23 entries passed parsing; progress climbs to them.
      expect(progress.length).toBeGreaterThan(1);
      for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThan(progress[i - 1]![0]);
      expect(progress.every(([, total]) => total === 23)).toBe(true);
      expect(progress.at(-1)![0]).toBe(23);

      const listed = await kb.list(G, 1, 100);
      expect(listed.total).toBe(22);
      const apples = listed.documents.find((d) => d.text === 'Apples grow on trees.')!;
      expect(apples).toMatchObject({ title: 'Apples', addedBy: 'importer' });
      for (const text of valid) expect(listed.documents.some((d) => d.text === text)).toBe(true);
    });

    it('splits plain text on blank lines', async () => {
      const { kb } = await open('import-text.sqlite');
      const content =
        'First paragraph, line one.\nLine two of the first paragraph.\n\nSecond paragraph.\r\n \t \r\nThird paragraph\nwith two lines.\n\n\n\nFourth.\n';
      const result = await kb.import('121', content, 'importer');
      expect(result).toEqual({ added: 4, errors: [] });
      expect((await kb.list('121')).documents.map((d) => d.text)).toEqual([
        'First paragraph, line one.\nLine two of the first paragraph.',
        'Second paragraph.',
        'Third paragraph\nwith two lines.',
        'Fourth.',
      ]);
    });

    it('exports JSONL that parses back to the same documents', async () => {
      const { kb } = await open('export.sqlite');
      await kb.add('122', { text: 'Exported with a title.', title: 'Titled', addedBy: 'alice' });
      await kb.add('122', { text: 'Exported "quoted"\nmulti-line ü 😀 text.', addedBy: 'bob' });
      await kb.add('122', { text: 'Third export entry.', addedBy: 'carol' });
      const jsonl = await kb.export('122');
      const lines = jsonl.split('\n');
      expect(lines.length).toBe(3);
      const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const listed = (await kb.list('122')).documents;
      expect(parsed).toEqual(
        listed.map(({ id, title, text, addedBy, addedAt }) => ({ id, title, text, addedBy, addedAt })),
      );

      // And it imports back into another server as the same texts and titles.
      expect(await kb.import('123', jsonl, 'restorer')).toEqual({ added: 3, errors: [] });
      const copied = (await kb.list('123')).documents;
      expect(copied.map((d) => [d.title, d.text])).toEqual(listed.map((d) => [d.title, d.text]));
      expect(await kb.export('124')).toBe('');
    });
  });
});
