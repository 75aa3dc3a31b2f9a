// Run by bench/kb-servers.ts in fresh processes, on one SQLite file:
//   fill DIR FROM TO   other servers' documents FROM…TO-1 (200 per server), plus the small server once
//   load DIR,DIR…      median first-load time of the small server in each store, interleaved
//   rss DIR SERVERS    resident memory after touching that many servers under the default budget
// Vectors are deterministic unit vectors (bench/kb-data.ts): no model is loaded.
import { docKey, encodeVectors } from '../src/kb/document.ts';
import { DEFAULT_MEMORY_BYTES } from '../src/kb/index-cache.ts';
import { KnowledgeBase } from '../src/kb/knowledge-base.ts';
import { NAMESPACE, openStore } from '../src/kb/store.ts';
import { createLogger } from '../src/log.ts';
import { clusteredRow, document } from './kb-data.ts';

export const SMALL_GUILD = '1';
export const SMALL_DOCUMENTS = 10;
export const PER_SERVER = 200;
/** Interleaved rounds of first loads (a fresh KnowledgeBase each, the store already open). */
const ROUNDS = 41;
const MODEL = { id: 'Xenova/all-MiniLM-L6-v2', dtype: 'fp32', window: 256 };
const guildOf = (i: number) => String(1000 + Math.floor(i / PER_SERVER));

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
async function settledRss(): Promise<number> {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 250));
  gc();
  return process.memoryUsage().rss;
}

const row = (i: number) => {
  const doc = document(i);
  return JSON.stringify({ ...doc, vectors: encodeVectors(clusteredRow(i)) });
};

const [mode, dir, from, to] = process.argv.slice(2);
if (!dir) throw new Error('usage: kb-servers-child.ts fill DIR FROM TO | load DIR,DIR… | rss DIR SERVERS');
const file = `${dir}/kb.sqlite`;
const embedder = {
  ready: async () => ({ modelId: MODEL.id, dtype: 'fp32' as const, dimensions: 384, window: 256 }),
  embed: () => Promise.reject(new Error('no model in this bench')),
  embedMany: () => Promise.reject(new Error('no model in this bench')),
  pieces: () => Promise.reject(new Error('no model in this bench')),
};

if (mode === 'fill') {
  // The store creates its table and index; rows then go in one transaction straight through SQLite
  // (a quarter of a million single-row transactions would take minutes and measure nothing).
  const store = await openStore(`sqlite://${file}`);
  await store.close();
  const sqlite = 'node:sqlite';
  const { DatabaseSync } = (await import(sqlite)) as {
    DatabaseSync: new (
      file: string,
    ) => { exec(sql: string): void; prepare(sql: string): { run(...p: unknown[]): void }; close(): void };
  };
  const db = new DatabaseSync(file);
  const insert = db.prepare('INSERT OR REPLACE INTO "keyv" (key, value, namespace) VALUES (?, ?, ?)');
  db.exec('BEGIN');
  if (Number(from) === 0) {
    for (let i = 0; i < SMALL_DOCUMENTS; i++) {
      const doc = document(10_000_000 + i);
      insert.run(docKey(SMALL_GUILD, doc.id), row(10_000_000 + i), NAMESPACE);
    }
  }
  for (let i = Number(from); i < Number(to); i++)
    insert.run(docKey(guildOf(i), document(i).id), row(i), NAMESPACE);
  db.exec('COMMIT');
  db.close();
} else if (mode === 'load') {
  // DIR is a comma-separated list of stores: rounds visit each once, in turn, so that this shared
  // machine's drifting speed falls on every store alike; the median of each is reported.
  const dirs = dir.split(',');
  const stores = await Promise.all(dirs.map((d) => openStore(`sqlite://${d}/kb.sqlite`)));
  const times: number[][] = dirs.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, store] of stores.entries()) {
      const kb = new KnowledgeBase({ store, embedder, logger: createLogger('silent'), model: MODEL });
      const t = performance.now();
      const listed = await kb.list(SMALL_GUILD);
      times[i]!.push(performance.now() - t);
      if (listed.total !== SMALL_DOCUMENTS) throw new Error(`small server has ${listed.total} documents`);
    }
  }
  await Promise.all(stores.map((s) => s.close()));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(JSON.stringify({ firstLoadMs: times.map(median) }));
} else if (mode === 'rss') {
  const servers = Number(from);
  const store = await openStore(`sqlite://${file}`);
  const kb = new KnowledgeBase({ store, embedder, logger: createLogger('silent'), model: MODEL });
  const start = await settledRss();
  let peak = 0;
  const t = performance.now();
  for (let s = 0; s < servers; s++) {
    const listed = await kb.list(String(1000 + s));
    if (listed.total !== PER_SERVER) throw new Error(`server ${1000 + s} has ${listed.total} documents`);
    if (s % 50 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  const seconds = (performance.now() - t) / 1000;
  const end = await settledRss();
  peak = Math.max(peak, end);
  await store.close();
  console.log(
    JSON.stringify({
      servers,
      documentsPerServer: PER_SERVER,
      budgetBytes: DEFAULT_MEMORY_BYTES,
      heldServers: kb.memory.servers,
      heldBytes: kb.memory.bytes,
      startRss: start,
      endRss: end,
      peakRss: peak,
      seconds,
    }),
  );
} else throw new Error(`unknown mode ${mode}`);
