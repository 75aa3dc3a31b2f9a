import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { versionKey } from '../../src/kb/document.ts';
import { KnowledgeBase } from '../../src/kb/knowledge-base.ts';
import type { KvStore } from '../../src/kb/store.ts';
import { HASH_MODEL, hashEmbedder, silentLogger, tempDir } from '../helpers/kb.ts';
import { describeWithModel, modelDir, realEmbedder } from '../helpers/model.ts';
import { freshGuild, storeBackends } from '../helpers/stores.ts';

const run = promisify(execFile);

describe.each(storeBackends)('two processes on one $name store', (backend) => {
  let stores: [KvStore, KvStore];
  beforeAll(async () => {
    stores = await backend.openTwo();
  });
  // @keyv/postgres shares one pool per URI: the second close may find it already ended.
  afterAll(async () => {
    await Promise.allSettled(stores.map((s) => s.close()));
  });
  const two = () => {
    const embedder = hashEmbedder();
    return stores.map((store) => new KnowledgeBase({ store, embedder, logger: silentLogger() })) as [
      KnowledgeBase,
      KnowledgeBase,
    ];
  };

  it("a search after the other's add or clear reflects it", async () => {
    const [bot, cli] = two();
    const guild = freshGuild();
    await bot.add(guild, { text: 'A note the bot wrote itself.', addedBy: 'bot' });
    expect(await bot.search(guild, 'A document the command line adds.', 5)).toHaveLength(1);
    const { id } = await cli.add(guild, { text: 'A document the command line adds.', addedBy: 'cli' });
    const hits = await bot.search(guild, 'A document the command line adds.', 5);
    expect(hits.map((h) => h.id)).toContain(id);
    expect(hits[0]!.id).toBe(id);
    await expect(
      bot.add(guild, { text: 'A document  the command line adds.', addedBy: 'bot' }),
    ).rejects.toThrow(/already in the knowledge base/);
    expect(await cli.clear(guild)).toBe(2);
    expect(await bot.search(guild, 'A document the command line adds.', 5)).toEqual([]);
    expect((await bot.list(guild)).total).toBe(0);
  });

  it('a remove by the other is seen, and our own writes keep our cache without a reload', async () => {
    const [a, b] = two();
    const guild = freshGuild();
    const first = await a.add(guild, { text: 'First of two.', addedBy: 'a' });
    await a.add(guild, { text: 'Second of two.', addedBy: 'a' });
    expect((await b.list(guild)).total).toBe(2);
    await b.remove(guild, first.id);
    expect((await a.list(guild)).documents.map((d) => d.text)).toEqual(['Second of two.']);
    await a.clear(guild);
  });
});

describe('the version check', () => {
  it('costs one small read per operation on a cached server', async () => {
    const temp = await tempDir();
    try {
      const inner = await temp.open();
      const reads: string[] = [];
      let scans = 0;
      const counting: KvStore = {
        get: (key) => {
          reads.push(key);
          return inner.get(key);
        },
        set: (key, value) => inner.set(key, value),
        delete: (key) => inner.delete(key),
        scan: (prefix) => {
          scans++;
          return inner.scan(prefix);
        },
        close: () => inner.close(),
      };
      const kb = new KnowledgeBase({ store: counting, embedder: hashEmbedder(), logger: silentLogger() });
      await kb.add('5', { text: 'One document.', addedBy: 'u' });
      await kb.list('5');
      reads.length = 0;
      scans = 0;
      await kb.list('5');
      await kb.export('5');
      expect(reads).toEqual([versionKey('5'), versionKey('5')]);
      expect(scans).toBe(0);
    } finally {
      await temp.cleanup();
    }
  });
});

describe('the memory budget of loaded servers', () => {
  it('keeps many touched servers within budget, and an evicted server reloads correctly', async () => {
    const temp = await tempDir();
    try {
      const store = await temp.open();
      const embedder = hashEmbedder(64);
      const budget = 200_000;
      const kb = new KnowledgeBase({ store, embedder, logger: silentLogger(), memoryBytes: budget });
      const guilds = Array.from({ length: 40 }, (_, g) => String(1000 + g));
      for (const guild of guilds) {
        for (let d = 0; d < 10; d++)
          await kb.add(guild, { text: `Server ${guild} note ${d}.`, addedBy: 'u' });
        expect(kb.memory.bytes).toBeLessThanOrEqual(budget);
      }
      for (const guild of guilds) {
        await kb.list(guild);
        expect(kb.memory.bytes).toBeLessThanOrEqual(budget);
      }
      expect(kb.memory.servers).toBeLessThan(guilds.length);
      expect(kb.memory.servers).toBeGreaterThan(1);
      // The first server was let go long ago: it reloads whole from the store.
      const hits = await kb.search(guilds[0]!, 'Server 1000 note 3.', 1);
      expect(hits[0]!.snippet).toBe('Server 1000 note 3.');
      expect((await kb.list(guilds[0]!)).total).toBe(10);
    } finally {
      await temp.cleanup();
    }
  });

  it('does not count a server twice after it is reloaded', async () => {
    const temp = await tempDir();
    try {
      const store = await temp.open();
      const kb = new KnowledgeBase({
        store,
        embedder: hashEmbedder(),
        logger: silentLogger(),
        model: HASH_MODEL,
      });
      await kb.add('7', { text: 'Only one.', addedBy: 'u' });
      const once = kb.memory.bytes;
      await store.set(versionKey('7'), 'changed elsewhere');
      await kb.list('7');
      expect(kb.memory.bytes).toBe(once);
      expect(kb.memory.servers).toBe(1);
    } finally {
      await temp.cleanup();
    }
  });
});

describeWithModel('the bot on SQLite and the real CLI beside it', () => {
  const bin = path.resolve('bin/embedbot.js');
  const embedder = realEmbedder('fp32');
  afterAll(() => embedder.close());

  it('sees what `embedbot kb add` and `embedbot kb clear` wrote to the same file', async () => {
    const temp = await tempDir();
    try {
      const store = await temp.open();
      const bot = new KnowledgeBase({ store, embedder, logger: silentLogger() });
      const guild = '424242';
      await bot.add(guild, { text: 'The office is closed on public holidays.', addedBy: 'bot' });
      expect(await bot.search(guild, 'How do volcanoes erupt?', 5)).toHaveLength(1);
      const env = {
        ...process.env,
        KB_STORE: `sqlite://${temp.file()}`,
        MODEL_DIR: modelDir,
        LOG_LEVEL: 'silent',
      };
      const cli = (...args: string[]) =>
        run(process.execPath, [bin, 'kb', ...args], { env, timeout: 120_000 });
      await cli('add', '--guild', guild, 'Volcanoes erupt when magma rises through the crust.');
      const hits = await bot.search(guild, 'How do volcanoes erupt?', 5);
      expect(hits).toHaveLength(2);
      expect(hits[0]!.snippet).toBe('Volcanoes erupt when magma rises through the crust.');
      await cli('clear', '--guild', guild, '--yes');
      expect(await bot.search(guild, 'How do volcanoes erupt?', 5)).toEqual([]);
    } finally {
      await temp.cleanup();
    }
  }, 180_000);
});
