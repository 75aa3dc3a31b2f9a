import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ModelWorker } from '../../src/embedding/model-worker.ts';

describe('ModelWorker', () => {
  it('keeps the thread of a failed load (onnxruntime is loaded in it), answering with the reason', async () => {
    const modelDir = path.join(os.tmpdir(), 'embedbot-no-model-here');
    const worker = ModelWorker.acquire(
      { modelId: 'Xenova/all-MiniLM-L6-v2', dtype: 'fp32', modelDir, cacheDir: os.tmpdir() },
      { window: 256, threads: 1, subBatch: 32 },
    );
    const failure = await worker.ready.then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toContain(modelDir);
    // Ending that thread could corrupt the heap once another thread creates a session: it stays.
    await sleep(300);
    expect(worker.alive).toBe(true);
    await expect(worker.request({ type: 'embed', id: 0, texts: ['hello'] })).rejects.toThrow(failure!);
    worker.release();
  });

  it('lets the next caller load afresh after a failed load', async () => {
    const source = {
      modelId: 'Xenova/all-MiniLM-L6-v2',
      dtype: 'fp32' as const,
      modelDir: '/nonexistent/x',
      cacheDir: os.tmpdir(),
    };
    const options = { window: 256, threads: 1, subBatch: 32 };
    const first = ModelWorker.acquire(source, options);
    await first.ready.catch(() => undefined);
    const second = ModelWorker.acquire(source, options);
    expect(second).not.toBe(first);
    await second.ready.catch(() => undefined);
    first.release();
    second.release();
  });
});
