import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Inference } from './embedding/inference.ts';
import { type Dtype, downloadHubFile, onnxFileName } from './embedding/model-files.ts';

const FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];

/**
 * Downloads a model from the hub into a local folder (for offline use or a container image), then
 * checks that it loads and gives unit-length 384-number vectors.
 */
export async function fetchModel(
  modelId: string,
  dir: string,
  dtypes: Dtype[],
  log: (line: string) => void,
  hubUrl?: string,
): Promise<void> {
  const cache = await mkdtemp(path.join(os.tmpdir(), 'embedbot-model-'));
  try {
    await mkdir(path.join(dir, 'onnx'), { recursive: true });
    for (const file of [...FILES, ...dtypes.map(onnxFileName)]) {
      let bytes: Uint8Array;
      try {
        bytes = await downloadHubFile(modelId, file, hubUrl);
      } catch (error) {
        throw new Error(
          `Could not download ${file} of ${modelId} from ${hubUrl ?? 'the Hugging Face hub'}: ${(error as Error).message}`,
        );
      }
      await writeFile(path.join(dir, file), bytes);
      log(`wrote ${path.join(dir, file)} (${(bytes.length / 1e6).toFixed(1)} MB)`);
    }
    for (const dtype of dtypes) {
      const inference = await Inference.load(
        { modelId, dtype, modelDir: dir, cacheDir: cache },
        { window: 256, threads: 1, subBatch: 1 },
      );
      const { vectors } = await inference.embed(['The model works.']);
      const norm = Math.hypot(...vectors);
      if (vectors.length !== 384 || Math.abs(norm - 1) > 1e-3)
        throw new Error(`${dtype} weights give a wrong vector`);
      log(`verified ${dtype}: 384 dimensions, unit length`);
    }
  } finally {
    await rm(cache, { recursive: true, force: true });
  }
}
