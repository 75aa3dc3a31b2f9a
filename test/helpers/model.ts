import path from 'node:path';
import { describe } from 'vitest';
import { Embedder } from '../../src/embedding/embedder.ts';
import type { Dtype } from '../../src/embedding/model-files.ts';
import { FIX_COMMAND, hasModelFiles, NEEDS_MODEL } from '../setup/locate-model.ts';

/** The real all-MiniLM-L6-v2 folder laid out by scripts/fetch-test-model.sh. */
export const modelDir = process.env.MODEL_DIR ? path.resolve(process.env.MODEL_DIR) : undefined;

export const hasModel = modelDir !== undefined && hasModelFiles(modelDir);

// test/setup/model.ts has fetched the model when it could; without it, model-backed suites are skipped
// and counted in one summary line at the end (test/setup/model-summary.ts). In CI that is a failure.
if (!hasModel && process.env.CI) {
  throw new Error(
    `CI: the real model is missing (MODEL_DIR=${process.env.MODEL_DIR ?? 'unset'}). Fix: ${FIX_COMMAND}`,
  );
}

/** `describe` for suites that need the real model; skipped (and counted) only outside CI. */
export const describeWithModel: Pick<typeof describe, 'each'> & ((name: string, body: () => void) => void) =
  hasModel
    ? describe
    : Object.assign((name: string, body: () => void) => describe.skip(`${name} ${NEEDS_MODEL}`, body), {
        each: ((cases: readonly unknown[]) => (name: string, body: (...args: unknown[]) => void) =>
          describe.skip.each(cases)(`${name} ${NEEDS_MODEL}`, body)) as unknown as typeof describe.each,
      });

export function realEmbedder(dtype: Dtype = 'fp32', cacheSize = 1000): Embedder {
  return new Embedder({
    modelId: 'Xenova/all-MiniLM-L6-v2',
    dtype,
    modelDir,
    cacheDir: 'data/models',
    threads: 1,
    cacheSize,
  });
}
