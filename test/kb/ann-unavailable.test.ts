import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_LABEL, graphProblem, loadGraph } from '../../src/kb/ann.ts';
import { GuildIndex } from '../../src/kb/guild-index.ts';
import { topK } from '../../src/math/vector.ts';
import { cli } from '../helpers/cli.ts';
import { indexedDocument } from '../helpers/kb.ts';
import { describeWithModel } from '../helpers/model.ts';
import { mulberry32 } from '../helpers/random.ts';

const DIM = 384;
const dir = mkdtempSync(path.join(os.tmpdir(), 'embedbot-no-graph-'));
// Not an addon at all: what a half-finished build or a foreign platform's binary gives dlopen.
const garbage = path.join(dir, 'hnsw.node');
writeFileSync(garbage, 'this is not a shared object');

const saved = process.env.EMBEDBOT_NATIVE_GRAPH;
const warnings: string[] = [];
const onWarning = (w: Error & { code?: string }) => {
  if (w.code === 'EMBEDBOT_NATIVE_GRAPH') warnings.push(w.message);
};
beforeAll(() => {
  process.env.EMBEDBOT_NATIVE_GRAPH = garbage;
  process.on('warning', onWarning);
});
afterAll(() => {
  process.off('warning', onWarning);
  if (saved === undefined) delete process.env.EMBEDBOT_NATIVE_GRAPH;
  else process.env.EMBEDBOT_NATIVE_GRAPH = saved;
});

function unitVectors(count: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  const out = Float32Array.from({ length: count * DIM }, () => random() - 0.5);
  for (let i = 0; i < count; i++) {
    const row = out.subarray(i * DIM, (i + 1) * DIM);
    const n = Math.hypot(...row);
    for (let d = 0; d < DIM; d++) row[d]! /= n;
  }
  return out;
}

const doc = indexedDocument;

describe('without the native graph (the addon cannot be loaded)', () => {
  it('a missing or broken addon is reported, with how to build it', () => {
    expect(loadGraph()).toBeUndefined();
    expect(graphProblem()).toMatch(/native HNSW graph unavailable .*search stays exact.*npm run native/);
    process.env.EMBEDBOT_NATIVE_GRAPH = path.join(dir, 'missing.node');
    expect(graphProblem()).toMatch(/missing\.node is missing/);
    process.env.EMBEDBOT_NATIVE_GRAPH = garbage;
  });

  it('a server past the threshold searches exactly, and says so', async () => {
    const index = new GuildIndex(DIM, 300);
    const vectors = unitVectors(600, 1);
    for (let i = 0; i < 600; i++)
      index.add(doc(String(i).padStart(4, '0')), vectors.subarray(i * DIM, (i + 1) * DIM));
    // Give a background build every chance to start.
    for (let i = 0; i < 20; i++) await sleep(5);
    expect(index.approximate).toBe(false);
    expect(index.graph).toBe('unavailable');
    const queries = unitVectors(10, 2);
    for (let q = 0; q < 10; q++) {
      const query = queries.subarray(q * DIM, (q + 1) * DIM);
      const exact = topK(vectors, query, 10).map((s) => String(s.index).padStart(4, '0'));
      expect(index.search(query, 10).map((h) => h.id)).toEqual(exact);
    }
    // kb stats names it.
    expect(GRAPH_LABEL[index.graph]).toBe('exact (native graph unavailable: npm run native)');
    const small = new GuildIndex(DIM, 300);
    small.add(doc('a'), vectors.subarray(0, DIM));
    expect(small.graph).toBe('exact');
  });

  it('warns once per process, however many servers need the graph', async () => {
    for (let s = 0; s < 3; s++) {
      const index = new GuildIndex(DIM, 10);
      const vectors = unitVectors(20, s);
      for (let i = 0; i < 20; i++) index.add(doc(String(i)), vectors.subarray(i * DIM, (i + 1) * DIM));
    }
    await sleep(20);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/search stays exact/);
  });
});

describeWithModel('the CLI without the native graph', () => {
  const env = { ...process.env };
  beforeAll(() => {
    process.env.KB_STORE = `sqlite://${path.join(dir, 'kb.sqlite')}`;
  });
  afterEach(() => {
    process.env.EMBEDBOT_NATIVE_GRAPH = garbage;
  });
  afterAll(() => {
    process.env.KB_STORE = env.KB_STORE;
    if (env.KB_STORE === undefined) delete process.env.KB_STORE;
  });

  it('runs the learning commands, kb and search', async () => {
    const guild = '200000000000000002';
    const runs = [
      await cli('embed', 'A cat sits on the mat', '--json'),
      await cli('similar', 'The cat sits on the mat', 'A feline rests on the carpet'),
      await cli('analogy', 'king', 'man', 'woman', '--top', '3'),
      await cli('explain', 'cosine'),
      await cli('explain', '--a', 'a cat', '--b', 'a dog'),
      await cli('kb', 'add', '--guild', guild, 'How to repair a bicycle tyre puncture.'),
      await cli('kb', 'list', '--guild', guild),
      await cli('search', '--guild', guild, 'fixing a flat bike wheel'),
    ];
    for (const r of runs) expect(r, r.err).toMatchObject({ code: 0 });
    expect(runs[7]!.out).toContain('bicycle tyre');
    const stats = await cli('kb', 'stats', '--guild', guild);
    expect(stats.out).toMatch(/^search: exact$/m);
  });

  it('doctor shows the warning without counting it as a problem', async () => {
    process.env.DISCORD_TOKEN = 'MTExMTExMTExMTExMTExMTEx.abcdef.abcdefghijklmnopqrstuvwxyz0';
    const { code, out } = await cli('doctor');
    process.env.DISCORD_TOKEN = env.DISCORD_TOKEN;
    if (env.DISCORD_TOKEN === undefined) delete process.env.DISCORD_TOKEN;
    expect(out).toMatch(/^warning {2}native graph: native HNSW graph unavailable .*npm run native/m);
    expect(code).toBe(0);
  });

  it('the real bin starts and answers', async () => {
    const bin = path.resolve(import.meta.dirname, '../../bin/embedbot.js');
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'explain', 'cosine'], {
      env: { ...process.env, EMBEDBOT_NATIVE_GRAPH: garbage },
    });
    expect(stdout).toMatch(/cosine/i);
  });
});
