import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@xenova/transformers';

export type Dtype = 'int8' | 'fp32';

export interface ModelSource {
  /** The hub id the weights are (or are a copy of), recorded with every stored vector. */
  modelId: string;
  dtype: Dtype;
  /** A local transformers.js model folder; when set the hub is never contacted. */
  modelDir?: string | undefined;
  /** Where hub downloads are kept. */
  cacheDir: string;
  /** The hub's base URL; the Hugging Face hub when unset. */
  hubUrl?: string | undefined;
}

const hubBase = (hubUrl: string | undefined): string =>
  hubUrl ? hubUrl.replace(/\/+$/, '') : 'https://huggingface.co';

/** Points transformers.js at the hub (or a mirror); the trailing slash matters to its URL joining. */
export function useHub(hubUrl: string | undefined): void {
  env.remoteHost = `${hubBase(hubUrl)}/`;
}

/** Downloads one file of a hub model (the hub's /{model}/resolve/main/{file} layout). */
export async function downloadHubFile(
  modelId: string,
  file: string,
  hubUrl: string | undefined,
): Promise<Uint8Array> {
  const url = `${hubBase(hubUrl)}/${modelId}/resolve/main/${file}`;
  const response = await fetch(url).catch(
    (error: Error & { cause?: { code?: string; message?: string } }) => {
      // fetch() only says "fetch failed"; the cause says why (ENOTFOUND, ECONNREFUSED, …).
      throw new Error(`${error.message} (${error.cause?.code ?? error.cause?.message ?? 'no cause'})`);
    },
  );
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * One raw file of the model: read from the local folder, or from the hub through a file cache laid
 * out like transformers.js's own (cacheDir/{model}/{file}), which has no public API for raw files.
 */
async function modelFile(source: ModelSource, file: string): Promise<Uint8Array> {
  if (source.modelDir) return readFile(path.join(path.resolve(source.modelDir), file));
  const cached = path.join(path.resolve(source.cacheDir), source.modelId, file);
  try {
    return await readFile(cached);
  } catch {}
  const bytes = await downloadHubFile(source.modelId, file, source.hubUrl);
  await mkdir(path.dirname(cached), { recursive: true });
  // Written whole, then renamed: a crash mid-download cannot leave a truncated file in the cache.
  const partial = `${cached}.${process.pid}.part`;
  await writeFile(partial, bytes);
  await rename(partial, cached);
  return bytes;
}

export interface ModelFiles {
  onnx: Uint8Array;
  tokenizer: PreTrainedTokenizer;
  dimensions: number;
}

export const onnxFileName = (dtype: Dtype): string =>
  dtype === 'int8' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';

/** Reads the ONNX weights, tokenizer and config from the local folder, or from the hub (cached). */
export async function loadModelFiles(source: ModelSource): Promise<ModelFiles> {
  let repo = source.modelId;
  if (source.modelDir) {
    const dir = path.resolve(source.modelDir);
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    env.localModelPath = `${path.dirname(dir)}/`;
    repo = path.basename(dir);
  } else {
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
    env.cacheDir = path.resolve(source.cacheDir);
    useHub(source.hubUrl);
  }
  const where = source.modelDir ? `the folder ${source.modelDir}` : `the hub model ${source.modelId}`;
  try {
    const config = JSON.parse(Buffer.from(await modelFile(source, 'config.json')).toString('utf8')) as {
      hidden_size?: unknown;
    };
    if (typeof config.hidden_size !== 'number') throw new Error('config.json has no hidden_size');
    const [onnx, tokenizer] = await Promise.all([
      modelFile(source, onnxFileName(source.dtype)),
      AutoTokenizer.from_pretrained(repo),
    ]);
    return { onnx, tokenizer, dimensions: config.hidden_size };
  } catch (error) {
    const hint = source.modelDir
      ? ''
      : ' (no connection to the hub? For offline installs set MODEL_DIR to a local model folder)';
    throw new Error(
      `Could not load ${source.dtype} weights from ${where}: ${(error as Error).message}${hint}`,
    );
  }
}
