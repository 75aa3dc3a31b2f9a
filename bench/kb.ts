// Knowledge-base figures: search time at 1k/10k/100k documents ÷ one query embedding, HNSW recall,
// resident memory per 100k documents ÷ raw vector bytes, and import throughput.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Embedder } from '../src/embedding/embedder.ts';
import { GuildIndex } from '../src/kb/guild-index.ts';
import { KnowledgeBase } from '../src/kb/knowledge-base.ts';
import { lazyStore } from '../src/kb/store.ts';
import { createLogger } from '../src/log.ts';
import { clustered, document } from './kb-data.ts';
import { fmt, type Report, verdict } from './table.ts';

const DIM = 384;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timeSearches(index: GuildIndex, queries: Float32Array, k: number): number {
  const times: number[] = [];
  for (let q = 0; q < queries.length / DIM; q++) {
    const t = performance.now();
    index.search(queries.subarray(q * DIM, (q + 1) * DIM), k);
    times.push(performance.now() - t);
  }
  return median(times);
}

export interface KbBench {
  queryEmbeddingMs: number;
  sizes: {
    documents: number;
    exactMs: number;
    hnswMs: number | null;
    recallAt10: number | null;
    ratio: number;
    buildMs: number | null;
  }[];
  memory: {
    startRss: number;
    afterModelRss: number;
    afterDocumentsRss: number;
    documents: number;
    vectorBytes: number;
    /** Reading the server from the store, then until the HNSW graph was complete. */
    loadMs: number;
    readyMs: number;
    /** Event-loop delay meanwhile (includes the 2 ms timer resolution). */
    lagP99Ms: number;
    lagMaxMs: number;
    ratio: number;
    gc: boolean;
  };
  import: { documents: number; seconds: number; perSecond: number };
}

export async function benchKnowledgeBase(
  embedder: Embedder,
  report: Report,
  log: (m: string) => void,
): Promise<KbBench> {
  // One query embedding (warm, no cache): the unit the search times are divided by.
  const times: number[] = [];
  for (let i = 0; i < 40; i++) {
    const t = performance.now();
    await embedder.embed(`How do computers learn from data? (query ${i})`);
    times.push(performance.now() - t);
  }
  const queryEmbeddingMs = median(times);
  const queries = clustered(50, 10_000_000);

  const sizes: KbBench['sizes'] = [];
  for (const documents of [1_000, 10_000, 100_000]) {
    log(`kb: ${documents} documents`);
    const index = new GuildIndex(DIM, Number.POSITIVE_INFINITY);
    const vectors = clustered(documents, 0);
    for (let i = 0; i < documents; i++) index.add(document(i), vectors.subarray(i * DIM, (i + 1) * DIM));
    const exactMs = timeSearches(index, queries, 5);
    let hnswMs: number | null = null;
    let recall: number | null = null;
    let buildMs: number | null = null;
    if (documents >= 20_000) {
      const exact = Array.from({ length: 50 }, (_, q) =>
        index.search(queries.subarray(q * DIM, (q + 1) * DIM), 10),
      );
      const t = performance.now();
      index.buildAnnNow();
      buildMs = performance.now() - t;
      hnswMs = timeSearches(index, queries, 5);
      let found = 0;
      exact.forEach((hits, q) => {
        const approx = new Set(index.search(queries.subarray(q * DIM, (q + 1) * DIM), 10).map((h) => h.id));
        found += hits.filter((h) => approx.has(h.id)).length;
      });
      recall = found / 500;
    }
    sizes.push({
      documents,
      exactMs,
      hnswMs,
      recallAt10: recall,
      ratio: (hnswMs ?? exactMs) / queryEmbeddingMs,
      buildMs,
    });
  }

  // Resident memory in a fresh process that loads a 100k-document server from SQLite (written by another).
  log('kb: memory (child processes)');
  const memoryDir = mkdtempSync(path.join(os.tmpdir(), 'embedbot-bench-memory-'));
  const child = (mode: 'fill' | 'measure') => {
    const run = spawnSync(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        fileURLToPath(new URL('./kb-memory.ts', import.meta.url)),
        mode,
        memoryDir,
      ],
      { encoding: 'utf8', env: process.env, maxBuffer: 1 << 20 },
    );
    if (run.status !== 0) throw new Error(`kb-memory ${mode} failed: ${run.stderr}`);
    return run.stdout;
  };
  child('fill');
  const memory = JSON.parse(child('measure').trim().split('\n').at(-1)!) as KbBench['memory'];
  rmSync(memoryDir, { recursive: true, force: true });

  // Import throughput through the real path: JSONL → chunk → embed → dedupe → SQLite.
  log('kb: import');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'embedbot-bench-'));
  const store = lazyStore(`sqlite://${path.join(dir, 'kb.sqlite')}`);
  const kb = new KnowledgeBase({ store, embedder, logger: createLogger('silent'), quota: 1_000_000 });
  const lines = Array.from({ length: 1000 }, (_, i) =>
    JSON.stringify({
      title: `Note ${i}`,
      text: `Note ${i}: the team met on day ${i % 31} to discuss item ${(i * 7919) % 1000} and agreed next steps.`,
    }),
  ).join('\n');
  const t = performance.now();
  const imported = await kb.import('1', lines, 'bench');
  const seconds = (performance.now() - t) / 1000;
  await store.close();
  const result: KbBench = {
    queryEmbeddingMs,
    sizes,
    memory,
    import: { documents: imported.added, seconds, perSecond: imported.added / seconds },
  };

  const table = report.section('Knowledge base: search, memory, import', ['figure', 'value', 'target', '']);
  table.row('one query embedding (ms, median)', fmt(queryEmbeddingMs, 2));
  for (const s of sizes) {
    table.row(`search ${s.documents.toLocaleString('en')} docs, exact (ms)`, fmt(s.exactMs, 2));
    if (s.hnswMs !== null) {
      table.row(`search ${s.documents.toLocaleString('en')} docs, HNSW (ms)`, fmt(s.hnswMs, 2));
      table.row(
        `HNSW recall@10 at ${s.documents.toLocaleString('en')}`,
        fmt(s.recallAt10, 3),
        '≥ 0.95',
        verdict((s.recallAt10 ?? 0) >= 0.95),
      );
      table.row(`HNSW build, ${s.documents.toLocaleString('en')} docs (s)`, fmt((s.buildMs ?? 0) / 1000, 1));
    }
    table.row(
      `search ÷ query embedding at ${s.documents.toLocaleString('en')}`,
      fmt(s.ratio, 3),
      s.documents === 100_000 ? '≤ 0.5' : '',
      s.documents === 100_000 ? verdict(s.ratio <= 0.5) : '',
    );
  }
  const mb = (b: number) => fmt(b / 2 ** 20, 0);
  table.row('RSS of a fresh process with the store open (MiB)', mb(memory.startRss));
  table.row('RSS after loading a 100k-document server (MiB)', mb(memory.afterDocumentsRss));
  table.row('load 100k documents from SQLite (s)', fmt(memory.loadMs / 1000, 1));
  table.row('… until the HNSW graph is complete (s)', fmt(memory.readyMs / 1000, 1));
  table.row(
    '… event-loop delay p99 / max meanwhile (ms)',
    `${fmt(memory.lagP99Ms, 1)} / ${fmt(memory.lagMaxMs, 1)}`,
  );
  table.row('RSS after also loading the model (MiB)', mb(memory.afterModelRss));
  table.row(
    'RSS per 100k docs ÷ raw vector bytes',
    fmt(memory.ratio, 2),
    '≤ 1.5',
    verdict(memory.ratio <= 1.5),
  );
  table.row('import (documents/s, SQLite)', fmt(result.import.perSecond, 1));
  table.note(
    'Search figures use 384-d unit vectors clustered around 500 topic centres (embedding 100k real texts would take the bench past its time budget); the query embedding and the import use the real model.',
  );
  table.note(
    'Memory: one process writes 100k short documents to a SQLite store; a fresh process loads that server through KnowledgeBase (as the bot does), waits for the HNSW graph, and reports its resident memory growth ÷ the raw float32 bytes of the vectors.',
  );
  return result;
}
