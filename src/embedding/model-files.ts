import path from 'node:path';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@xenova/transformers';
import { getModelFile } from '@xenova/transformers/src/utils/hub.js';

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

/** Points transformers.js at the hub (or a mirror); the trailing slash matters to its URL joining. */
export function useHub(hubUrl: string | undefined): void {
  env.remoteHost = hubUrl ? `${hubUrl.replace(/\/+$/, '')}/` : 'https://huggingface.co/';
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
    const config = JSON.parse(Buffer.from(await getModelFile(repo, 'config.json')).toString('utf8')) as {
      hidden_size?: unknown;
    };
    if (typeof config.hidden_size !== 'number') throw new Error('config.json has no hidden_size');
    const [onnx, tokenizer] = await Promise.all([
      getModelFile(repo, onnxFileName(source.dtype)),
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
