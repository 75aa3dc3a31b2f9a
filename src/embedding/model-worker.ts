import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { InferenceOptions } from './inference.ts';
import type { ModelSource } from './model-files.ts';
import type { WorkerReply, WorkerRequest } from './protocol.ts';

interface Waiter {
  resolve: (reply: WorkerReply) => void;
  reject: (e: Error) => void;
}

const here = import.meta.url;
const fromSource = here.endsWith('.ts');

/**
 * One inference thread per model configuration, kept for the life of the process. onnxruntime-node
 * 1.14 can corrupt the heap when a thread that held a session is terminated and another one then
 * creates a session, so threads are never terminated: an embedder that closes only lets go of
 * its thread (which stops holding the process open), and the next embedder with the same
 * configuration takes it up again.
 */
export class ModelWorker {
  private static readonly live = new Map<string, ModelWorker>();

  /** Resolves with the model's dimensions once it is loaded and warmed. */
  readonly ready: Promise<number>;
  private readonly worker: Worker;
  private readonly waiters = new Map<number, Waiter>();
  private nextId = 1;
  private users = 0;
  private dead: Error | undefined;

  static acquire(source: ModelSource, options: InferenceOptions): ModelWorker {
    const key = JSON.stringify({ source, options });
    let model = ModelWorker.live.get(key);
    if (!model) {
      model = new ModelWorker(source, options, () => ModelWorker.live.delete(key));
      ModelWorker.live.set(key, model);
    }
    model.users++;
    model.worker.ref();
    return model;
  }

  private constructor(source: ModelSource, options: InferenceOptions, forget: () => void) {
    this.worker = spawnWorker({ source, options });
    const loaded = new Promise<WorkerReply>((resolve, reject) => this.waiters.set(0, { resolve, reject }));
    this.worker.on('message', (reply: WorkerReply) => this.settle(reply));
    const die = (error: Error) => {
      this.dead = error;
      forget();
      for (const waiter of this.waiters.values()) waiter.reject(error);
      this.waiters.clear();
    };
    this.worker.on('error', die);
    this.worker.on('exit', (code) => die(new Error(`The embedding worker exited (code ${code}).`)));
    this.ready = loaded.then(async (reply) => {
      if (reply.type !== 'ready') throw new Error(`Unexpected reply ${reply.type}`);
      await this.request({ type: 'embed', id: 0, texts: ['warm up'] });
      return reply.dimensions;
    });
    // A failed load leaves nothing behind for the next caller to trip over; its thread stays parked
    // (never ended, see above) without holding the process open.
    this.ready.catch(() => {
      forget();
      this.worker.unref();
    });
  }

  get alive(): boolean {
    return this.dead === undefined;
  }

  request(request: WorkerRequest): Promise<WorkerReply> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiters.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  /** The embedder is done with it: the thread stays loaded but no longer keeps the process alive. */
  release(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users === 0) this.worker.unref();
  }

  /** Hands a reply to whoever waits for it; the load waits under id 0. */
  private settle(reply: WorkerReply): void {
    const id = 'id' in reply ? reply.id : 0;
    const waiter = this.waiters.get(id);
    if (!waiter) return;
    this.waiters.delete(id);
    if (reply.type === 'failed') waiter.reject(new Error(`Embedding failed: ${reply.message}`));
    else if (reply.type === 'load-failed') waiter.reject(new Error(reply.message));
    else waiter.resolve(reply);
  }
}

/** Starts worker.ts; when running from TypeScript sources, tsx is registered in the thread first. */
function spawnWorker(workerData: unknown): Worker {
  if (!fromSource) return new Worker(new URL('./worker.js', here), { workerData });
  // The thread starts without tsx's hooks: register them (ESM API) before importing the .ts entry.
  const tsxApi = pathToFileURL(createRequire(here).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const file = new URL('./worker.ts', here).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.register()).then(() => import(${JSON.stringify(file)}))`;
  return new Worker(boot, { eval: true, workerData });
}
