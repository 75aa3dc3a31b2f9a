// Run by bench/kb.ts in fresh processes: resident memory of a server with 100k documents, loaded the
// way the bot loads one (from a SQLite store, through KnowledgeBase, HNSW graph built), then after
// also loading the model. `fill DIR` writes the store; `measure DIR` prints one JSON line.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Embedder } from '../src/embedding/embedder.ts';
import { docKey, encodeVectors } from '../src/kb/document.ts';
import { KnowledgeBase } from '../src/kb/knowledge-base.ts';
import { openStore } from '../src/kb/store.ts';
import { createLogger } from '../src/log.ts';
import { clusteredRow, document, MEMORY_DOCUMENTS } from './kb-data.ts';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
/** Resident bytes once garbage is collected and V8 has handed freed pages back (it does so on a background thread). */
async function settledRss(): Promise<number> {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 250));
  gc();
  return process.memoryUsage().rss;
}
const DIM = 384;
const GUILD = '1';
const [mode, dir] = process.argv.slice(2);
if (!dir || (mode !== 'fill' && mode !== 'measure')) throw new Error('usage: kb-memory.ts fill|measure DIR');
const uri = `sqlite://${dir}/kb.sqlite`;
const model = {
  modelId: 'Xenova/all-MiniLM-L6-v2',
  dtype: (process.env.MODEL_DTYPE as 'fp32' | 'int8' | undefined) ?? 'fp32',
  modelDir: process.env.MODEL_DIR,
  cacheDir: 'data/models',
};

if (mode === 'fill') {
  const store = await openStore(uri);
  const row = new Float32Array(DIM);
  for (let i = 0; i < MEMORY_DOCUMENTS; i++) {
    const doc = { ...document(i), model: { id: model.modelId, dtype: model.dtype, window: 256 } };
    await store.set(
      docKey(GUILD, doc.id),
      JSON.stringify({ ...doc, vectors: encodeVectors(clusteredRow(i, row)) }),
    );
  }
  await store.close();
} else {
  // Loading a server reads only the model's description; the model itself is loaded afterwards, so
  // that memory it frees while loading cannot hide part of the index.
  const info = { modelId: model.modelId, dtype: model.dtype, dimensions: DIM, window: 256 };
  const describeOnly = {
    ready: async () => info,
    embed: () => Promise.reject(new Error('not loaded')),
    embedMany: () => Promise.reject(new Error('not loaded')),
    pieces: () => Promise.reject(new Error('not loaded')),
  };
  const store = await openStore(uri);
  const kb = new KnowledgeBase({ store, embedder: describeOnly, logger: createLogger('silent'), quota: 1e9 });
  const start = await settledRss();
  // The graph is built on the main thread in slices: how long does the event loop wait meanwhile?
  const lag = monitorEventLoopDelay({ resolution: 2 });
  lag.enable();
  const t = performance.now();
  let stats = await kb.stats(GUILD);
  const loadMs = performance.now() - t;
  while (!stats.approximate) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    stats = await kb.stats(GUILD);
  }
  const readyMs = performance.now() - t;
  lag.disable();
  const afterDocuments = await settledRss();
  const embedder = new Embedder({ ...model, threads: 1, cacheSize: 0 });
  await embedder.ready();
  const afterModel = await settledRss();
  // Asked again after both measurements: nothing else refers to `kb`, and an engine may collect a
  // variable it sees no further use of (Node 20 does), which would measure a process without the index.
  const held = await kb.stats(GUILD);
  if (held.documents !== stats.documents) throw new Error('the index changed while it was measured');
  await embedder.close();
  await store.close();
  console.log(
    JSON.stringify({
      startRss: start,
      afterDocumentsRss: afterDocuments,
      afterModelRss: afterModel,
      documents: stats.documents,
      vectorBytes: stats.vectorBytes,
      loadMs,
      readyMs,
      lagP99Ms: lag.percentile(99) / 1e6,
      lagMaxMs: lag.max / 1e6,
      ratio: (afterDocuments - start) / stats.vectorBytes,
      gc: 'gc' in globalThis,
    }),
  );
}
