// Run in a fresh process by bench/run.ts: time from `new Embedder` to `ready()` (worker spawn,
// module load in the worker, model files, session, warm-up embed). The model thread lives for the
// process, so a cold start can only be measured in a new one. Prints the milliseconds.
import { Embedder } from '../src/embedding/embedder.ts';
import type { Dtype } from '../src/embedding/model-files.ts';

const [dtype, modelDir, threads] = process.argv.slice(2) as [Dtype, string, string];
const t0 = performance.now();
const embedder = new Embedder({
  modelId: 'Xenova/all-MiniLM-L6-v2',
  dtype,
  modelDir,
  cacheDir: 'data/models',
  threads: Number(threads),
  cacheSize: 0,
});
await embedder.ready();
console.log(performance.now() - t0);
await embedder.close();
