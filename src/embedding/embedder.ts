import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { LRUCache } from 'lru-cache';
// Held open on the main thread on purpose: when the last thread using onnxruntime's native binding
// exits, a reload in a new worker fails ("Module did not self-register"), which would make a
// restarted or second embedder unusable.
import 'onnxruntime-node';
import { once } from '../once.ts';
import { requireText } from '../text.ts';
import type { BatchResult, InferenceOptions } from './inference.ts';
import type { Dtype, ModelSource } from './model-files.ts';
import { ModelWorker } from './model-worker.ts';
import type { WorkerReply, WorkerRequest } from './protocol.ts';

export interface Embedding {
  /** Unit length. Shared with the cache: treat as read-only. */
  vector: Float32Array;
  /** Tokens the text became, special tokens included, before the window cut. */
  tokens: number;
  /** True when the text was longer than the window and only its start was embedded. */
  truncated: boolean;
  /** Word pieces the tokenizer could not read ([UNK]); see `unreadable`. Absent from test fakes. */
  unknown?: number;
}

export interface ModelInfo {
  modelId: string;
  dtype: Dtype;
  dimensions: number;
  /** Tokens per input the model sees, special tokens included. */
  window: number;
}

/** What commands need from an embedder; the worker-backed `Embedder` is the real one. */
export interface TextEmbedder {
  ready(): Promise<ModelInfo>;
  embed(text: string): Promise<Embedding>;
  embedMany(texts: readonly string[]): Promise<Embedding[]>;
  /** The word pieces the model sees for a text (after the window cut). */
  pieces(text: string): Promise<string[]>;
}

/**
 * Texts per session run. int8 weights quantise activations with one scale per run, so a text's
 * vector would depend on what it is batched with; running int8 texts one at a time keeps results stable.
 */
export const defaultSubBatch = (dtype: Dtype): number => (dtype === 'int8' ? 1 : 32);

export interface EmbedderOptions extends ModelSource, Partial<InferenceOptions> {
  /** Most texts sent to the worker in one message. */
  maxBatch?: number;
  /** Texts whose embeddings are remembered; 0 turns the cache off. */
  cacheSize?: number;
}

/** sentence-transformers' max_seq_length for all-MiniLM-L6-v2: the window it was trained on. */
export const MODEL_WINDOW = 256;

interface Job {
  text: string;
  resolve: (e: Embedding) => void;
  reject: (e: Error) => void;
}

/**
 * The one shared embedder: loads the model once in a worker thread, micro-batches concurrent
 * requests (texts arriving while a batch runs go out together in the next one) and remembers
 * recent results.
 */
export class Embedder implements TextEmbedder {
  private readonly loading = once(() => this.load());
  private model: ModelWorker | undefined;
  private queue: Job[] = [];
  private busy = false;
  /** The batch on the model thread now, if any. */
  private running: Promise<void> | undefined;
  private readonly cache: LRUCache<string, Embedding> | undefined;
  private readonly shared = new Map<string, Promise<Embedding>>();
  private readonly inference: InferenceOptions;
  private readonly maxBatch: number;

  constructor(private readonly options: EmbedderOptions) {
    this.inference = {
      window: options.window ?? MODEL_WINDOW,
      threads: options.threads ?? os.availableParallelism(),
      subBatch: options.subBatch ?? defaultSubBatch(options.dtype),
    };
    this.maxBatch = options.maxBatch ?? 64;
    const size = options.cacheSize ?? 1000;
    this.cache = size > 0 ? new LRUCache({ max: size }) : undefined;
  }

  /** Loads and warms the model; every caller shares the one load. */
  ready(): Promise<ModelInfo> {
    return this.loading();
  }

  async embed(text: string): Promise<Embedding> {
    const input = requireText(text);
    const hit = this.cache?.get(input);
    if (hit) return hit;
    let pending = this.shared.get(input);
    if (!pending) {
      pending = this.enqueue(input).finally(() => this.shared.delete(input));
      this.shared.set(input, pending);
    }
    return pending;
  }

  embedMany(texts: readonly string[]): Promise<Embedding[]> {
    return Promise.all(texts.map((t) => this.embed(t)));
  }

  async pieces(text: string): Promise<string[]> {
    await this.ready();
    const reply = await this.request({ type: 'pieces', id: 0, texts: [requireText(text)] });
    if (reply.type !== 'pieces') throw new Error(`Unexpected reply ${reply.type}`);
    return reply.pieces[0]!;
  }

  /**
   * Lets go of the model thread (kept loaded for the process; see ModelWorker). Texts still queued are
   * refused; a batch already running is waited for (at most `waitMs`), because a process that exits
   * while onnxruntime is inside `run()` on the thread aborts instead of exiting.
   */
  async close(waitMs = 30_000): Promise<void> {
    const queued = this.queue.splice(0);
    for (const job of queued) job.reject(new Error('The embedder is shutting down.'));
    if (this.running) await Promise.race([this.running, sleep(waitMs, undefined, { ref: false })]);
    this.model?.release();
    this.model = undefined;
    this.loading.forget();
  }

  private async load(): Promise<ModelInfo> {
    const model = ModelWorker.acquire(this.sourceData(), this.inference);
    this.model = model;
    try {
      const dimensions = await model.ready;
      return {
        modelId: this.options.modelId,
        dtype: this.options.dtype,
        dimensions,
        window: this.inference.window,
      };
    } catch (error) {
      model.release();
      this.model = undefined;
      throw error;
    }
  }

  private sourceData(): ModelSource {
    const { modelId, dtype, modelDir, cacheDir, hubUrl } = this.options;
    return { modelId, dtype, modelDir, cacheDir, hubUrl };
  }

  private enqueue(text: string): Promise<Embedding> {
    return new Promise((resolve, reject) => {
      this.queue.push({ text, resolve, reject });
      // Let callers in the same turn of the event loop join this batch.
      if (!this.busy) setImmediate(() => this.drain());
    });
  }

  private drain(): void {
    if (this.busy || this.queue.length === 0) return;
    this.busy = true;
    this.running = this.runBatch(this.queue.splice(0, this.maxBatch));
  }

  private async runBatch(jobs: Job[]): Promise<void> {
    try {
      const info = await this.ready();
      const reply = await this.request({ type: 'embed', id: 0, texts: jobs.map((j) => j.text) });
      if (reply.type !== 'embedded') throw new Error(`Unexpected reply ${reply.type}`);
      jobs.forEach((job, i) => {
        const embedding = pick(reply, i, info.dimensions);
        this.cache?.set(job.text, embedding);
        job.resolve(embedding);
      });
    } catch (error) {
      for (const job of jobs) job.reject(error as Error);
    } finally {
      this.busy = false;
      this.running = undefined;
      this.drain();
    }
  }

  private request(request: WorkerRequest): Promise<WorkerReply> {
    const model = this.model;
    if (!model) return Promise.reject(new Error('The embedding model is not loaded.'));
    // A thread that died is replaced on the next call.
    if (!model.alive) this.loading.forget();
    return model.request(request);
  }
}

function pick(result: BatchResult, i: number, dimensions: number): Embedding {
  return {
    vector: result.vectors.slice(i * dimensions, (i + 1) * dimensions),
    tokens: result.tokens[i]!,
    truncated: result.truncated[i]!,
    unknown: result.unknown[i]!,
  };
}
