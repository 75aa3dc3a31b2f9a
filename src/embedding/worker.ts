// Runs in a worker thread: onnxruntime's run() blocks its thread, so it must not be the main one.
import { parentPort, workerData } from 'node:worker_threads';
import { Inference, type InferenceOptions } from './inference.ts';
import type { ModelSource } from './model-files.ts';
import type { WorkerReply, WorkerRequest } from './protocol.ts';

const port = parentPort!;
const { source, options } = workerData as { source: ModelSource; options: InferenceOptions };

const send = (reply: WorkerReply, transfer: ArrayBuffer[] = []): void => port.postMessage(reply, transfer);

try {
  const inference = await Inference.load(source, options);
  port.on('message', async (request: WorkerRequest) => {
    try {
      if (request.type === 'pieces') {
        send({ type: 'pieces', id: request.id, pieces: request.texts.map((t) => inference.pieces(t)) });
        return;
      }
      const result = await inference.embed(request.texts);
      send({ type: 'embedded', id: request.id, ...result }, [result.vectors.buffer as ArrayBuffer]);
    } catch (error) {
      send({ type: 'failed', id: request.id, message: (error as Error).message });
    }
  });
  send({ type: 'ready', dimensions: inference.dimensions });
} catch (error) {
  const message = (error as Error).message;
  send({ type: 'load-failed', message });
  // onnxruntime is loaded in this thread now, even without a session: a thread that ends after that can
  // corrupt the heap once another thread creates a session (see model-worker.ts). So it stays, answering
  // every request with the reason, until the process exits.
  port.on('message', (request: WorkerRequest) => send({ type: 'failed', id: request.id, message }));
}
