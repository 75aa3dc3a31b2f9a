// Run in a fresh process by bench/kb.ts: resident memory after indexing 100k documents (vectors,
// texts, metadata and the HNSW graph), then after also loading the model. Documents come first so
// that memory freed while loading the model cannot hide part of the index. Prints one JSON line.
import { Embedder } from '../src/embedding/embedder.ts';
import { GuildIndex } from '../src/kb/guild-index.ts';
import { clusteredRow, document } from './kb-data.ts';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const DIM = 384;
const COUNT = 100_000;

gc();
const start = process.memoryUsage().rss;
const index = new GuildIndex(DIM, Number.POSITIVE_INFINITY);
const row = new Float32Array(DIM);
index.reserve(COUNT); // as KnowledgeBase does when it loads a server's documents
for (let i = 0; i < COUNT; i++) index.add(document(i), clusteredRow(i, row));
index.buildAnnNow();
gc();
const afterDocuments = process.memoryUsage().rss;
const embedder = new Embedder({
  modelId: 'Xenova/all-MiniLM-L6-v2',
  dtype: (process.env.MODEL_DTYPE as 'fp32' | 'int8' | undefined) ?? 'fp32',
  modelDir: process.env.MODEL_DIR,
  cacheDir: 'data/models',
  threads: 1,
  cacheSize: 0,
});
await embedder.ready();
gc();
const afterModel = process.memoryUsage().rss;

await embedder.close();
console.log(
  JSON.stringify({
    startRss: start,
    afterModelRss: afterModel,
    afterDocumentsRss: afterDocuments,
    documents: COUNT,
    vectorBytes: COUNT * DIM * 4,
    ratio: (afterDocuments - start) / (COUNT * DIM * 4),
    gc: 'gc' in globalThis,
  }),
);
