// Many servers in one store: first-load time of a small server as other servers' documents grow
// (0, 10k, 100k, 200k on SQLite), and resident memory after touching 1,000 servers of 200 documents
// under the default memory budget. Child processes (bench/kb-servers-child.ts), random unit vectors.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, type Report, verdict } from './table.ts';

const STAGES = [0, 10_000, 100_000, 200_000] as const;
const SERVERS = 1000;
const FLAT = 0.15;
const MiB = 1024 * 1024;

export interface ServersBench {
  firstLoad: { otherDocuments: number; firstLoadMs: number; ratio: number }[];
  memory: {
    servers: number;
    documentsPerServer: number;
    budgetBytes: number;
    heldServers: number;
    heldBytes: number;
    startRss: number;
    endRss: number;
    peakRss: number;
    seconds: number;
  };
}

function child(...args: string[]): string {
  const run = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      'tsx',
      fileURLToPath(new URL('./kb-servers-child.ts', import.meta.url)),
      ...args,
    ],
    { encoding: 'utf8', env: process.env, maxBuffer: 1 << 20 },
  );
  if (run.status !== 0) throw new Error(`kb-servers-child ${args[0]} failed: ${run.stderr}`);
  return run.stdout.trim().split('\n').at(-1) ?? '';
}

/** `modelRss`: what the model adds to a process (from the knowledge-base memory figure). */
export async function benchManyServers(
  report: Report,
  log: (message: string) => void,
  modelRss: number,
): Promise<ServersBench> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'embedbot-bench-servers-'));
  try {
    // One store per stage, each with the same small server beside that many others' documents.
    const dirs = STAGES.map((others) => {
      const dir = path.join(root, String(others));
      mkdirSync(dir);
      log(`kb servers: writing a store with ${others} other documents`);
      child('fill', dir, '0', String(others));
      return dir;
    });
    log('kb servers: first loads, interleaved');
    const { firstLoadMs } = JSON.parse(child('load', dirs.join(','))) as { firstLoadMs: number[] };
    const firstLoad = STAGES.map((otherDocuments, i) => ({
      otherDocuments,
      firstLoadMs: firstLoadMs[i]!,
      ratio: firstLoadMs[i]! / firstLoadMs[0]!,
    }));
    log(`kb servers: touching ${SERVERS} servers`);
    const memory = JSON.parse(child('rss', dirs.at(-1)!, String(SERVERS))) as ServersBench['memory'];

    const table = report.section('Knowledge base: many servers in one SQLite store', [
      'figure',
      'value',
      'target',
      '',
    ]);
    for (const f of firstLoad) {
      table.row(
        `first load of a ${10}-document server, ${f.otherDocuments.toLocaleString('en')} others' documents`,
        `${fmt(f.firstLoadMs, 2)} ms (${fmt(f.ratio, 2)}×)`,
        f.otherDocuments === 0 ? '' : `≤ ${fmt(1 + FLAT, 2)}×`,
        f.otherDocuments === 0 ? '' : verdict(f.ratio <= 1 + FLAT),
      );
    }
    const grown = memory.endRss - memory.startRss;
    table.row(
      `RSS after touching ${memory.servers} servers × ${memory.documentsPerServer} documents`,
      `${fmt(memory.endRss / MiB, 0)} MiB (+${fmt(grown / MiB, 0)}, peak ${fmt(memory.peakRss / MiB, 0)})`,
      `≤ ${fmt((memory.startRss + memory.budgetBytes + modelRss) / MiB, 0)} MiB (start + budget + model)`,
      verdict(memory.peakRss <= memory.startRss + memory.budgetBytes + modelRss),
    );
    table.row(
      'servers held / estimated bytes held',
      `${memory.heldServers} / ${fmt(memory.heldBytes / MiB, 0)} MiB`,
      `budget ${fmt(memory.budgetBytes / MiB, 0)} MiB`,
      verdict(memory.heldBytes <= memory.budgetBytes),
    );
    return { firstLoad, memory };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
