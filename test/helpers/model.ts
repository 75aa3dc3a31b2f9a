import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe } from 'vitest';
import { Embedder } from '../../src/embedding/embedder.ts';
import type { Dtype } from '../../src/embedding/model-files.ts';

/** The real all-MiniLM-L6-v2 folder laid out by scripts/fetch-test-model.sh. */
export const modelDir = process.env.MODEL_DIR ? path.resolve(process.env.MODEL_DIR) : undefined;

const present = (file: string): boolean => modelDir !== undefined && existsSync(path.join(modelDir, file));
export const hasModel = present('onnx/model.onnx') && present('onnx/model_quantized.onnx');

if (!hasModel) {
  const why = `the real model is missing (MODEL_DIR=${process.env.MODEL_DIR ?? 'unset'}); run: bash scripts/fetch-test-model.sh and export MODEL_DIR`;
  // In CI a missing model is a failure, never a silent skip.
  if (process.env.CI) throw new Error(`CI: ${why}`);
  console.warn(`Skipping real-model tests: ${why}`);
}

/** `describe` for suites that need the real model; skipped (loudly) only outside CI. */
export const describeWithModel = hasModel ? describe : describe.skip;

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
