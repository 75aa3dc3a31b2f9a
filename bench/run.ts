// Embedding benchmark: the worker-backed Embedder against a raw onnxruntime session on the main
// thread, per dtype. Prints a table and writes bench/results/latest.json.
//
//   MODEL_DIR=~/.cache/embedbot/all-MiniLM-L6-v2 npm run bench

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { PreTrainedTokenizer } from '@xenova/transformers';
import ort from 'onnxruntime-node';
import { runRetrievalEval, summaryLine } from '../eval/retrieval.ts';
import { DEFAULT_MODEL_ID } from '../src/config.ts';
import { defaultSubBatch, Embedder, type EmbedderOptions, MODEL_WINDOW } from '../src/embedding/embedder.ts';
import { sessionOptions } from '../src/embedding/inference.ts';
import { type Dtype, loadModelFiles, onnxFileName } from '../src/embedding/model-files.ts';
import { meanPoolNormalized } from '../src/embedding/pooling.ts';
import { cutToWindow, orderByLength, padBatch } from '../src/embedding/window.ts';
import { benchEndToEnd } from './e2e.ts';
import { benchKnowledgeBase } from './kb.ts';
import { benchManyServers } from './kb-servers.ts';
import { benchPictures } from './pictures.ts';
import { fidelitySentences, shortSentences } from './sentences.ts';
import { fmt, Report, verdict } from './table.ts';

// ---- settings ---------------------------------------------------------------------------------

const DTYPES: readonly Dtype[] = ['fp32', 'int8'];
const BATCH_SIZES = [1, 8, 64] as const;
const THREADS = os.availableParallelism();
const WARMUP_ITERATIONS = 5;
/** Interleaved rounds per throughput cell, and seconds each variant runs per round. */
const ROUNDS = 12;
const SLICE_SECONDS = 0.2;
const LATENCY_SAMPLES = 100;
const COLD_START_RUNS = 3;
const LAG_TEXTS = 1000;
const LAG_RESOLUTION_MS = 2;
const IDLE_LAG_MS = 1000;
const POOL_SIZE = 4096;
const TARGET_RATIO = 0.9;
const TARGET_LAG_P99_MS = 50;
/** Above this CPU share taken by other processes, the report warns that its numbers are noisy. */
const NOISY_SHARE = 0.1;
const RESULTS_FILE = fileURLToPath(new URL('./results/latest.json', import.meta.url));

// ---- helpers ----------------------------------------------------------------------------------

const started = performance.now();
function progress(message: string): void {
  process.stderr.write(
    `[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(6)}s] ${message}\n`,
  );
}

function requireModelDir(): string {
  const fetchHint = 'Run `bash scripts/fetch-test-model.sh` (or `npm run model:test`), then set MODEL_DIR';
  const raw = process.env.MODEL_DIR?.trim();
  if (!raw) {
    throw new Error(`MODEL_DIR is not set. ${fetchHint} to the folder it prints.`);
  }
  const dir = path.resolve(raw.replace(/^~(?=$|\/)/, os.homedir()));
  const needed = ['config.json', 'tokenizer.json', 'tokenizer_config.json', ...DTYPES.map(onnxFileName)];
  const missing = needed.filter((file) => !existsSync(path.join(dir, file)));
  if (missing.length > 0) {
    throw new Error(`MODEL_DIR=${dir} lacks ${missing.join(', ')}. ${fetchHint}=${dir}.`);
  }
  return dir;
}

const ms = (from: number): number => performance.now() - from;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const at = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

const median = (values: readonly number[]): number => percentile(values, 50);
const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}

/** Indices into the sentence pool for the i-th batch of `size`: consecutive, wrapping. */
function batchIndices(i: number, size: number): number[] {
  return Array.from({ length: size }, (_, k) => (i * size + k) % POOL_SIZE);
}

function machineInfo() {
  const cpus = os.cpus();
  let onnxruntime = 'unknown';
  try {
    onnxruntime = (createRequire(import.meta.url)('onnxruntime-node/package.json') as { version: string })
      .version;
  } catch {}
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    availableParallelism: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    onnxruntime,
    date: new Date().toISOString(),
  };
}

interface CpuMark {
  at: number;
  machineBusyMs: number;
  ownUs: number;
}

function cpuMark(): CpuMark {
  const machineBusyMs = os.cpus().reduce((sum, { times: t }) => sum + t.user + t.nice + t.sys + t.irq, 0);
  const own = process.cpuUsage(); // the whole process: worker threads and onnxruntime's pools too
  return { at: performance.now(), machineBusyMs, ownUs: own.user + own.system };
}

/** Share (0–1) of the machine's CPU time that other processes took since `from`: a noise gauge. */
function otherLoad(from: CpuMark): number {
  const to = cpuMark();
  const capacity = (to.at - from.at) * os.cpus().length;
  const others = to.machineBusyMs - from.machineBusyMs - (to.ownUs - from.ownUs) / 1000;
  return Math.min(1, Math.max(0, others / capacity));
}

const percent = (share: number): string => `${Math.round(share * 100)}%`;

// ---- the raw pipeline: onnxruntime session on the main thread ----------------------------------

interface RawModel {
  session: ort.InferenceSession;
  tokenizer: PreTrainedTokenizer;
  dimensions: number;
}

interface RawLoad {
  raw: RawModel;
  filesMs: number;
  createMs: number;
  firstRunMs: number;
  totalMs: number;
}

/** Cold start of the raw pipeline: files (ONNX bytes, tokenizer, config), session, one run. */
async function loadRaw(dtype: Dtype, modelDir: string): Promise<RawLoad> {
  const t0 = performance.now();
  const files = await loadModelFiles({ modelId: DEFAULT_MODEL_ID, dtype, modelDir, cacheDir: 'data/models' });
  const filesMs = ms(t0);
  const t1 = performance.now();
  const session = await ort.InferenceSession.create(files.onnx, sessionOptions(THREADS));
  const createMs = ms(t1);
  const raw = { session, tokenizer: files.tokenizer, dimensions: files.dimensions };
  const t2 = performance.now();
  await runRaw(raw, [tokenise(raw, 'warm up')]);
  const firstRunMs = ms(t2);
  return { raw, filesMs, createMs, firstRunMs, totalMs: ms(t0) };
}

/** Token ids as the Embedder makes them: [CLS] … [SEP], cut to the model window. */
function tokenise(raw: RawModel, text: string): number[] {
  return cutToWindow(raw.tokenizer.encode(text), MODEL_WINDOW, raw.tokenizer.sep_token_id ?? 102);
}

/**
 * Pads, builds the int64 tensors, runs and mean-pools + normalises pre-tokenised texts. `split`
 * rows per session run (texts sorted by length first, as the Embedder does); default: one run.
 */
async function runRaw(
  raw: RawModel,
  batch: readonly number[][],
  split = batch.length,
): Promise<Float32Array> {
  const { session, dimensions } = raw;
  const out = new Float32Array(batch.length * dimensions);
  const order = orderByLength(batch.map((ids) => ids.length));
  for (let start = 0; start < order.length; start += split) {
    const rows = order.slice(start, start + split);
    const tensors = padBatch(
      rows.map((r) => batch[r]!),
      raw.tokenizer.pad_token_id ?? 0,
    );
    const dims = [tensors.rows, tensors.width];
    const output = await session.run({
      input_ids: new ort.Tensor('int64', tensors.inputIds, dims),
      attention_mask: new ort.Tensor('int64', tensors.attentionMask, dims),
      token_type_ids: new ort.Tensor('int64', tensors.tokenTypeIds, dims),
    });
    const hidden = output[session.outputNames[0]!]!.data as Float32Array;
    meanPoolNormalized(hidden, tensors.attentionMask, tensors.rows, tensors.width, dimensions, out, rows);
  }
  return out;
}

const rowOf = (vectors: Float32Array, i: number, dim: number): Float32Array =>
  vectors.subarray(i * dim, (i + 1) * dim);

// ---- measurements -----------------------------------------------------------------------------

function embedderOptions(dtype: Dtype, modelDir: string): EmbedderOptions {
  // Everything else (subBatch, maxBatch, window) stays at the Embedder's defaults.
  return {
    modelId: DEFAULT_MODEL_ID,
    dtype,
    modelDir,
    cacheDir: 'data/models',
    threads: THREADS,
    cacheSize: 0,
  };
}

/**
 * Every Embedder the bench starts, closed only once the results are out. onnxruntime-node 1.14
 * corrupts the heap (free(): invalid next size / double free) when a worker that held a session is
 * terminated and another worker then loads one, so no worker may end before the last has started.
 */
const openEmbedders: Embedder[] = [];

function openEmbedder(dtype: Dtype, modelDir: string): Embedder {
  const embedder = new Embedder(embedderOptions(dtype, modelDir));
  openEmbedders.push(embedder);
  return embedder;
}

async function closeEmbedders(): Promise<void> {
  for (const embedder of openEmbedders.splice(0)) await embedder.close();
}

interface Rate {
  /** Median over the rounds. */
  textsPerSecond: number;
  /** Texts/s in each round. */
  rounds: number[];
  iterations: number;
  seconds: number;
}

type Step = (i: number) => Promise<unknown>;

/**
 * Rates of several ways to do the same work, measured in interleaved slices: a handful of warm-up
 * iterations each, then ROUNDS rounds in which every variant runs for SLICE_SECONDS (order rotated
 * per round). This shared VM's speed drifts by 2–3× over seconds; interleaving makes each round's
 * ratio compare like with like.
 */
async function measureInterleaved<K extends string>(
  batch: number,
  steps: Record<K, Step>,
): Promise<Record<K, Rate>> {
  const keys = Object.keys(steps) as K[];
  const next = {} as Record<K, number>;
  const rates = {} as Record<K, Rate>;
  for (const key of keys) {
    for (let i = 0; i < WARMUP_ITERATIONS; i++) await steps[key](i);
    next[key] = WARMUP_ITERATIONS;
    rates[key] = { textsPerSecond: 0, rounds: [], iterations: 0, seconds: 0 };
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < keys.length; k++) {
      const key = keys[(round + k) % keys.length]!;
      const t0 = performance.now();
      let iterations = 0;
      do {
        await steps[key](next[key]++);
        iterations++;
      } while (ms(t0) < SLICE_SECONDS * 1000);
      const seconds = ms(t0) / 1000;
      const rate = rates[key];
      rate.rounds.push((iterations * batch) / seconds);
      rate.iterations += iterations;
      rate.seconds += seconds;
    }
  }
  for (const key of keys) rates[key].textsPerSecond = median(rates[key].rounds);
  return rates;
}

interface Ratio {
  /** Median of the per-round ratios. */
  median: number;
  min: number;
  max: number;
}

function ratioOf(a: Rate, b: Rate): Ratio {
  const perRound = a.rounds.map((r, i) => r / b.rounds[i]!);
  return { median: median(perRound), min: Math.min(...perRound), max: Math.max(...perRound) };
}

interface ThroughputCell {
  batch: number;
  /** Rows per session run in the Embedder. */
  subBatch: number;
  embedder: Rate;
  /** The whole batch in one session run. */
  rawBatched: Rate;
  /** Split as the Embedder splits it (sorted, subBatch rows per run); same as rawBatched when batch ≤ subBatch. */
  rawSameSplit: Rate;
  ratio: Ratio;
  ratioSameSplit: Ratio;
  /** CPU share other processes took while the cell ran. */
  otherLoad: number;
}

async function throughputCell(
  dtype: Dtype,
  batch: number,
  embedder: Embedder,
  raw: RawModel,
  pool: readonly string[],
  ids: readonly number[][],
): Promise<ThroughputCell> {
  const subBatch = defaultSubBatch(dtype);
  const texts = (i: number): string[] => batchIndices(i, batch).map((k) => pool[k]!);
  const tokens = (i: number): number[][] => batchIndices(i, batch).map((k) => ids[k]!);
  const embedderStep: Step = (i) => embedder.embedMany(texts(i));
  const rawStep: Step = (i) => runRaw(raw, tokens(i));
  const split = subBatch < batch;
  progress(
    `${dtype} throughput, batch ${batch}: embedder vs raw${split ? ` vs raw split by ${subBatch}` : ''}`,
  );
  const steps: Record<string, Step> = { embedder: embedderStep, rawBatched: rawStep };
  if (split) steps.rawSameSplit = (i) => runRaw(raw, tokens(i), subBatch);
  const mark = cpuMark();
  const rates = await measureInterleaved(batch, steps);
  const load = otherLoad(mark);
  const embedderRate = rates.embedder!;
  const rawBatched = rates.rawBatched!;
  const rawSameSplit = rates.rawSameSplit ?? rawBatched;
  return {
    batch,
    subBatch,
    embedder: embedderRate,
    rawBatched,
    rawSameSplit,
    ratio: ratioOf(embedderRate, rawBatched),
    ratioSameSplit: ratioOf(embedderRate, rawSameSplit),
    otherLoad: load,
  };
}

async function throughput(
  dtype: Dtype,
  embedder: Embedder,
  raw: RawModel,
  pool: readonly string[],
  ids: readonly number[][],
): Promise<ThroughputCell[]> {
  const cells: ThroughputCell[] = [];
  for (const batch of BATCH_SIZES) cells.push(await throughputCell(dtype, batch, embedder, raw, pool, ids));
  return cells;
}

interface Latency {
  p50: number;
  p95: number;
  mean: number;
}

function summarise(samples: readonly number[]): Latency {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), mean: mean(samples) };
}

/** Sequential single-text calls, embedder and raw alternating so drift hits both alike. */
async function latency(
  dtype: Dtype,
  embedder: Embedder,
  raw: RawModel,
  pool: readonly string[],
  ids: readonly number[][],
) {
  progress(`${dtype} single-query latency`);
  // The cache is off, so reusing pool texts from the throughput cells is fine; start elsewhere anyway.
  const offset = 2000;
  const steps = {
    embedder: (i: number) => embedder.embed(pool[(offset + i) % POOL_SIZE]!),
    raw: (i: number) => runRaw(raw, [ids[(offset + i) % POOL_SIZE]!]),
  };
  const samples = { embedder: [] as number[], raw: [] as number[] };
  for (let i = -WARMUP_ITERATIONS; i < LATENCY_SAMPLES; i++) {
    for (const key of ['embedder', 'raw'] as const) {
      const t0 = performance.now();
      await steps[key](i + WARMUP_ITERATIONS);
      if (i >= 0) samples[key].push(ms(t0));
    }
  }
  return { samples: LATENCY_SAMPLES, embedder: summarise(samples.embedder), raw: summarise(samples.raw) };
}

interface ColdStart {
  embedderMs: number[];
  raw: Omit<RawLoad, 'raw'>[];
  medianEmbedderMs: number;
  medianRawMs: number;
}

/**
 * Alternates Embedder and raw cold starts. The Embedders stay open (see `openEmbedders`); the
 * last of each kind is handed back for the other sections.
 */
async function coldStart(
  dtype: Dtype,
  modelDir: string,
): Promise<{ result: ColdStart; embedder: Embedder; raw: RawModel }> {
  const embedderMs: number[] = [];
  const rawLoads: RawLoad[] = [];
  for (let run = 0; run < COLD_START_RUNS; run++) {
    progress(`${dtype} cold start ${run + 1}/${COLD_START_RUNS}`);
    // The model thread lives as long as its process: a cold start needs a fresh one.
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('./cold-start.ts', import.meta.url)),
        dtype,
        modelDir,
        String(THREADS),
      ],
      { encoding: 'utf8' },
    );
    if (child.status !== 0) throw new Error(`cold-start child failed: ${child.stderr}`);
    embedderMs.push(Number(child.stdout.trim().split('\n').at(-1)));
    rawLoads.push(await loadRaw(dtype, modelDir));
  }
  const embedder = openEmbedder(dtype, modelDir);
  await embedder.ready();
  const timings = rawLoads.map(({ raw: _, ...t }) => t);
  return {
    embedder,
    raw: rawLoads.at(-1)!.raw,
    result: {
      embedderMs,
      raw: timings,
      medianEmbedderMs: median(embedderMs),
      medianRawMs: median(timings.map((t) => t.totalMs)),
    },
  };
}

interface Lag {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Event-loop delay beyond the sampling timer while `work` runs. */
async function eventLoopLag<T>(work: () => Promise<T>): Promise<{ lag: Lag; wallMs: number; value: T }> {
  const histogram = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  histogram.enable();
  const t0 = performance.now();
  const value = await work();
  const wallMs = ms(t0);
  histogram.disable();
  // The histogram records whole timer intervals (resolution included): keep only the excess.
  const excess = (ns: number): number => Math.max(0, ns / 1e6 - LAG_RESOLUTION_MS);
  const lag = {
    p50Ms: excess(histogram.percentile(50)),
    p99Ms: excess(histogram.percentile(99)),
    maxMs: excess(histogram.max),
  };
  return { lag, wallMs, value };
}

async function embedderLag(dtype: Dtype, embedder: Embedder) {
  progress(`${dtype} event-loop lag during embedMany(${LAG_TEXTS})`);
  // A fresh stretch of the sentence space: distinct from each other (and from the pool).
  const texts = shortSentences(LAG_TEXTS, 10_000);
  const { lag, wallMs, value } = await eventLoopLag(() => embedder.embedMany(texts));
  if (value.length !== LAG_TEXTS) throw new Error(`embedMany returned ${value.length} vectors`);
  return { texts: LAG_TEXTS, ...lag, wallMs, textsPerSecond: LAG_TEXTS / (wallMs / 1000) };
}

interface FidelityVectors {
  embedder: Float32Array[];
  /** All sentences in one raw session run. */
  rawBatched: Float32Array;
  dimensions: number;
}

async function fidelityVectors(
  embedder: Embedder,
  raw: RawModel,
  sentences: readonly string[],
): Promise<FidelityVectors> {
  const embedded = await embedder.embedMany(sentences);
  const rawBatched = await runRaw(
    raw,
    sentences.map((s) => tokenise(raw, s)),
  );
  return { embedder: embedded.map((e) => e.vector), rawBatched, dimensions: raw.dimensions };
}

interface Agreement {
  mean: number;
  min: number;
  lowest: string;
}

function agreement(
  sentences: readonly string[],
  a: (i: number) => Float32Array,
  b: (i: number) => Float32Array,
) {
  const cosines = sentences.map((_, i) => cosine(a(i), b(i)));
  const lowestAt = cosines.indexOf(Math.min(...cosines));
  return { mean: mean(cosines), min: cosines[lowestAt]!, lowest: sentences[lowestAt]! } satisfies Agreement;
}

const PAIRS: readonly (readonly [string, string])[] = [
  ['The cat sits on the mat', 'A feline rests on the carpet'],
  ['The cat sits on the mat', 'Dogs are playing in the park'],
  ['The cat sits on the mat', 'Python is a programming language'],
];

function fidelity(sentences: readonly string[], vectors: Record<Dtype, FidelityVectors>) {
  const { fp32, int8 } = vectors;
  const dim = fp32.dimensions;
  const vectorOf = (v: FidelityVectors, text: string): Float32Array => v.embedder[sentences.indexOf(text)]!;
  return {
    sentences: sentences.length,
    int8VsFp32: agreement(
      sentences,
      (i) => int8.embedder[i]!,
      (i) => fp32.embedder[i]!,
    ),
    fp32EmbedderVsRawBatched: agreement(
      sentences,
      (i) => fp32.embedder[i]!,
      (i) => rowOf(fp32.rawBatched, i, dim),
    ),
    int8EmbedderVsRawBatched: agreement(
      sentences,
      (i) => int8.embedder[i]!,
      (i) => rowOf(int8.rawBatched, i, dim),
    ),
    pairs: PAIRS.map(([a, b]) => ({
      a,
      b,
      fp32: cosine(vectorOf(fp32, a), vectorOf(fp32, b)),
      int8: cosine(vectorOf(int8, a), vectorOf(int8, b)),
    })),
  };
}

// ---- report -----------------------------------------------------------------------------------

type Results = Awaited<ReturnType<typeof runAll>>;

function renderHeader(report: Report, { machine, settings }: Results): void {
  const noisy = machine.otherProcessesCpuShare > NOISY_SHARE;
  report
    .line(`${machine.cpu} · ${machine.cores} cores · ${machine.memoryGiB} GiB · ${machine.platform}`)
    .line(`node ${machine.node} · onnxruntime-node ${machine.onnxruntime} · ${machine.date}`)
    .line(`model ${settings.modelDir} · ${settings.threads} onnxruntime threads · cache off`)
    .line(
      `other processes took ${percent(machine.otherProcessesCpuShare)} of the CPU during the run ` +
        `(1-min load at start ${fmt(machine.loadAverageAtStart, 2)})` +
        (noisy ? ' — NOISY: rerun on a quiet machine before trusting the numbers' : ''),
    );
}

function renderThroughput(report: Report, results: Results): void {
  const table = report.section('Throughput (texts/s, distinct short sentences)', [
    'dtype',
    'batch',
    'embedder',
    'raw batched',
    'emb÷raw (min–max)',
    'raw same-split',
    'emb÷same',
    `target emb÷raw ≥ ${TARGET_RATIO} @64`,
    'other CPU',
  ]);
  for (const dtype of DTYPES) {
    for (const cell of results.throughput[dtype]) {
      const { ratio } = cell;
      table.row(
        dtype,
        String(cell.batch),
        cell.embedder.textsPerSecond,
        cell.rawBatched.textsPerSecond,
        `${fmt(ratio.median, 2)} (${fmt(ratio.min, 2)}–${fmt(ratio.max, 2)})`,
        cell.subBatch < cell.batch ? fmt(cell.rawSameSplit.textsPerSecond) : '(= batched)',
        fmt(cell.ratioSameSplit.median, 2),
        cell.batch === 64 ? verdict(ratio.median >= TARGET_RATIO) : '',
        percent(cell.otherLoad),
      );
    }
  }
  table
    .note(
      'int8 Embedder uses subBatch 1: one session run per text, because int8 dynamic quantisation makes a vector depend on its batch mates; "raw batched" runs the whole batch in one session run.',
    )
    .note(
      'raw same-split: the raw session run the way the Embedder splits a batch (sorted by length; fp32 sub-batches of 32, int8 one text per run), so emb÷same is the worker/tokenising/messaging overhead alone.',
    )
    .note(
      `raw = main-thread session on pre-tokenised texts (timed: pad, int64 tensors, run, mean-pool + normalise); tokenising, which raw leaves out, took ${DTYPES.map((d) => `${fmt(results.throughput.tokeniseMsPerText[d], 3)} ms`).join(' / ')} per text (${DTYPES.join(' / ')} run).`,
    )
    .note(
      `each cell: ${WARMUP_ITERATIONS} warm-up iterations per variant, then ${ROUNDS} interleaved rounds of ${SLICE_SECONDS} s per variant; texts/s and ratios are medians over rounds (the ratio is the median of per-round ratios, so under load it need not equal the quotient of the two medians), (min–max) of the per-round ratio; other CPU = share other processes took meanwhile.`,
    );
}

function renderLatency(report: Report, results: Results): void {
  const table = report.section(`Single-query latency (ms, ${LATENCY_SAMPLES} sequential texts)`, [
    'dtype',
    'embedder p50',
    'embedder p95',
    'raw p50',
    'raw p95',
    'overhead p50',
  ]);
  for (const dtype of DTYPES) {
    const { embedder, raw } = results.latency[dtype];
    table.row(
      dtype,
      fmt(embedder.p50, 2),
      fmt(embedder.p95, 2),
      fmt(raw.p50, 2),
      fmt(raw.p95, 2),
      fmt(embedder.p50 - raw.p50, 2),
    );
  }
  table.note('embedder and raw calls alternate, one text at a time.');
}

function renderColdStart(report: Report, results: Results): void {
  const table = report.section(`Cold start (ms, median of ${COLD_START_RUNS})`, [
    'dtype',
    'embedder new→ready',
    'raw total',
    'raw: files',
    'raw: create',
    'raw: 1st run',
    'emb − raw',
  ]);
  for (const dtype of DTYPES) {
    const c = results.coldStart[dtype];
    const rawMedian = (pick: (r: ColdStart['raw'][number]) => number): string =>
      fmt(median(c.raw.map(pick)), 0);
    table.row(
      dtype,
      fmt(c.medianEmbedderMs, 0),
      fmt(c.medianRawMs, 0),
      rawMedian((r) => r.filesMs),
      rawMedian((r) => r.createMs),
      rawMedian((r) => r.firstRunMs),
      fmt(c.medianEmbedderMs - c.medianRawMs, 0),
    );
  }
  const runs = DTYPES.map((d) => `${d} ${results.coldStart[d].embedderMs.map((v) => fmt(v, 0)).join('/')}`);
  table
    .note(
      'embedder (a fresh process each run): worker spawn + tsx/module load in the worker + model files + session + warm-up embed. raw: loadModelFiles (ONNX bytes, tokenizer, config) + InferenceSession.create + one run, on the main thread.',
    )
    .note(`embedder runs (ms): ${runs.join(', ')}`);
}

function renderEventLoop(report: Report, results: Results): void {
  const table = report.section(`Event-loop lag on the main thread (ms) during embedMany(${LAG_TEXTS})`, [
    'run',
    'lag p50',
    'lag p99',
    'lag max',
    'wall ms',
    'texts/s',
    `target p99 < ${TARGET_LAG_P99_MS} ms`,
  ]);
  const idle = results.eventLoop.idle;
  table.row(`idle ${IDLE_LAG_MS} ms (baseline)`, fmt(idle.p50Ms, 2), fmt(idle.p99Ms, 2), fmt(idle.maxMs, 2));
  for (const dtype of DTYPES) {
    const l = results.eventLoop[dtype];
    table.row(
      `${dtype} embedder`,
      fmt(l.p50Ms, 2),
      fmt(l.p99Ms, 2),
      fmt(l.maxMs, 2),
      fmt(l.wallMs, 0),
      l.textsPerSecond,
      verdict(l.p99Ms < TARGET_LAG_P99_MS),
    );
  }
  table.note(
    `perf_hooks.monitorEventLoopDelay, resolution ${LAG_RESOLUTION_MS} ms; lag = delay beyond the ${LAG_RESOLUTION_MS} ms timer.`,
  );
}

function renderFidelity(report: Report, results: Results): void {
  const f = results.fidelity;
  const table = report.section(`Fidelity (cosine per sentence, ${f.sentences} sentences)`, [
    'comparison',
    'mean',
    'min',
    { header: 'lowest sentence', align: 'left' },
  ]);
  const row = (label: string, a: Agreement): void => {
    const lowest = a.lowest.length > 40 ? `${a.lowest.slice(0, 39)}…` : a.lowest;
    table.row(label, fmt(a.mean, 4), fmt(a.min, 4), lowest);
  };
  row('int8 Embedder vs fp32 Embedder', f.int8VsFp32);
  row('fp32 Embedder vs fp32 raw (1 run of all)', f.fp32EmbedderVsRawBatched);
  row('int8 Embedder vs int8 raw (1 run of all)', f.int8EmbedderVsRawBatched);
  table.note(
    'the last two rows: same weights, batching only (fp32: padding only, ~1; int8: batch-dependent scales).',
  );

  const pairs = report.section('Sanity: pair similarities (Embedder vectors)', ['pair', 'fp32', 'int8']);
  for (const p of f.pairs) pairs.row(`"${p.a}" ~ "${p.b}"`, fmt(p.fp32, 3), fmt(p.int8, 3));
}

/** The whole report; later benches can add their sections before it is printed. */
function buildReport(results: Results): Report {
  const report = new Report('embedbot embedding bench');
  renderHeader(report, results);
  renderThroughput(report, results);
  renderLatency(report, results);
  renderColdStart(report, results);
  renderEventLoop(report, results);
  renderFidelity(report, results);
  return report;
}

// ---- main -------------------------------------------------------------------------------------

async function idleLag(): Promise<Lag> {
  progress('idle event-loop baseline');
  const { lag } = await eventLoopLag(() => new Promise((resolve) => setTimeout(resolve, IDLE_LAG_MS)));
  return lag;
}

async function runDtype(
  dtype: Dtype,
  modelDir: string,
  pool: readonly string[],
  sentences: readonly string[],
) {
  const { result: cold, embedder, raw } = await coldStart(dtype, modelDir);
  const t0 = performance.now();
  const ids = pool.map((text) => tokenise(raw, text));
  // What the raw cells leave out and the Embedder's worker does for every text.
  const tokeniseMsPerText = ms(t0) / pool.length;
  return {
    coldStart: cold,
    tokeniseMsPerText,
    throughput: await throughput(dtype, embedder, raw, pool, ids),
    latency: await latency(dtype, embedder, raw, pool, ids),
    eventLoop: await embedderLag(dtype, embedder),
    vectors: await fidelityVectors(embedder, raw, sentences),
  };
}

async function runAll(modelDir: string) {
  const pool = shortSentences(POOL_SIZE);
  const sentences = fidelitySentences(50);
  const loadAverage = os.loadavg()[0]!;
  const mark = cpuMark();
  const idle = await idleLag();
  const perDtype = {} as Record<Dtype, Awaited<ReturnType<typeof runDtype>>>;
  for (const dtype of DTYPES) perDtype[dtype] = await runDtype(dtype, modelDir, pool, sentences);
  const byDtype = <K extends keyof (typeof perDtype)[Dtype]>(key: K) =>
    Object.fromEntries(DTYPES.map((d) => [d, perDtype[d][key]])) as Record<
      Dtype,
      (typeof perDtype)[Dtype][K]
    >;

  const throughputs = byDtype('throughput');
  const load = { loadAverageAtStart: loadAverage, otherProcessesCpuShare: otherLoad(mark) };
  const eventLoop = { idle, ...byDtype('eventLoop') };
  return {
    machine: { ...machineInfo(), ...load },
    settings: {
      modelDir,
      threads: THREADS,
      batchSizes: BATCH_SIZES,
      embedderSubBatch: Object.fromEntries(DTYPES.map((d) => [d, defaultSubBatch(d)])),
      warmupIterations: WARMUP_ITERATIONS,
      rounds: ROUNDS,
      sliceSeconds: SLICE_SECONDS,
      latencySamples: LATENCY_SAMPLES,
      coldStartRuns: COLD_START_RUNS,
      lagTexts: LAG_TEXTS,
      lagResolutionMs: LAG_RESOLUTION_MS,
    },
    coldStart: byDtype('coldStart'),
    throughput: { ...throughputs, tokeniseMsPerText: byDtype('tokeniseMsPerText') },
    latency: byDtype('latency'),
    eventLoop,
    fidelity: fidelity(sentences, byDtype('vectors')),
    targets: {
      ratioAtBatch64: Object.fromEntries(
        DTYPES.map((d) => {
          const ratio = throughputs[d].find((c) => c.batch === 64)!.ratio.median;
          return [d, { value: ratio, target: TARGET_RATIO, pass: ratio >= TARGET_RATIO }];
        }),
      ),
      lagP99Ms: Object.fromEntries(
        DTYPES.map((d) => {
          const p99 = eventLoop[d].p99Ms;
          return [d, { value: p99, target: TARGET_LAG_P99_MS, pass: p99 < TARGET_LAG_P99_MS }];
        }),
      ),
    },
  };
}

async function main(): Promise<void> {
  const modelDir = requireModelDir();
  progress(`model ${modelDir}, ${THREADS} threads`);
  try {
    const results = await runAll(modelDir);
    const report = buildReport(results);
    // The bot's own paths on the default dtype: knowledge base, end to end, pictures.
    const embedder = openEmbedder('fp32', modelDir);
    await embedder.ready();
    const kb = await benchKnowledgeBase(embedder, report, progress);
    const servers = await benchManyServers(
      report,
      progress,
      kb.memory.afterModelRss - kb.memory.afterDocumentsRss,
    );
    const e2e = await benchEndToEnd(embedder, results.latency.fp32.raw.p50, report, progress);
    const retrieval = await runRetrievalEval(embedder, progress);
    report.section('Retrieval (npm run eval)', ['summary']).row(summaryLine(retrieval));
    const cold = results.coldStart.fp32;
    report
      .section('Cold start (fp32)', ['figure', 'value'])
      .row(
        'embedder new → ready ÷ raw session create + run',
        `${fmt(cold.medianEmbedderMs / cold.medianRawMs, 2)}×`,
      );
    progress('pictures');
    const pictures = await benchPictures({ runs: 10, warmup: 2 });
    const table = report.section('Pictures (rendered in a worker thread)', ['picture', 'ms per picture']);
    for (const p of pictures) table.row(p.name, fmt(p.msPerPicture, 1));
    const all = { ...results, knowledgeBase: kb, manyServers: servers, endToEnd: e2e, retrieval, pictures };
    await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
    await writeFile(RESULTS_FILE, `${JSON.stringify(all, null, 2)}\n`);
    const text = report.render();
    process.stdout.write(`${text}\n\nJSON: ${path.relative(process.cwd(), RESULTS_FILE)}\n`);
    if (process.argv.includes('--readme')) await writePerformanceSection(text);
  } finally {
    await closeEmbedders();
  }
  progress('done');
}

/** Replaces the README's Performance section with this run's report. */
async function writePerformanceSection(text: string): Promise<void> {
  const file = fileURLToPath(new URL('../README.md', import.meta.url));
  const readme = await readFile(file, 'utf8');
  const start = '<!-- performance:start -->';
  const end = '<!-- performance:end -->';
  if (!readme.includes(start) || !readme.includes(end))
    throw new Error('README.md has no performance markers');
  const section = [
    start,
    `Generated by \`npm run bench -- --readme\` on ${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.availableParallelism()} cores), Node ${process.version}.`,
    '',
    '```text',
    text,
    '```',
    end,
  ].join('\n');
  await writeFile(
    file,
    readme.slice(0, readme.indexOf(start)) + section + readme.slice(readme.indexOf(end) + end.length),
  );
  progress('README.md performance section updated');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  if (error instanceof Error && !error.message.startsWith('MODEL_DIR'))
    process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
