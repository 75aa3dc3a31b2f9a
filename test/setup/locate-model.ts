import { existsSync } from 'node:fs';
import path from 'node:path';

/** The files the model-backed tests read (both dtypes). */
export const MODEL_FILES = [
  'config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'onnx/model.onnx',
  'onnx/model_quantized.onnx',
];

export const hasModelFiles = (dir: string): boolean =>
  MODEL_FILES.every((f) => existsSync(path.join(dir, f)));

/** The command that fetches the model by hand (what the skip summary tells you to run). */
export const FIX_COMMAND = 'npx embedbot model fetch --dir ~/.cache/embedbot/all-MiniLM-L6-v2';

/** Ends the name of every model-backed suite that is skipped, so the summary can count them. */
export const NEEDS_MODEL = '[needs the real model]';

/** One way to obtain the model: the hub via `embedbot model fetch`, or the Maven Central script. */
export interface ModelFetcher {
  name: string;
  /** Why it cannot be tried here (e.g. no mvn), or undefined when it can. */
  unavailable(): string | undefined;
  /** Puts the model into `dir`; rejects with the reason when it cannot. */
  fetch(dir: string): Promise<void>;
}

export type ModelLocation =
  | { dir: string; fetchedBy?: string }
  | { dir: undefined; target: string; reason: string };

export interface LocateOptions {
  env: Record<string, string | undefined>;
  fetchers: ModelFetcher[];
  /** Where a model lives; the real file system by default (tests pass a fake). */
  present?: (dir: string) => boolean;
  log?: (line: string) => void;
}

/**
 * Finds the real model for the test run: MODEL_DIR when it holds it, else the user cache
 * (~/.cache/embedbot/all-MiniLM-L6-v2), fetching it there (or into the named MODEL_DIR) with the
 * first fetcher that succeeds. Without a model, says why every source failed.
 */
export async function locateModel({
  env,
  fetchers,
  present = hasModelFiles,
  log = () => {},
}: LocateOptions): Promise<ModelLocation> {
  const cache = path.join(env.HOME ?? '', '.cache', 'embedbot', 'all-MiniLM-L6-v2');
  const target = env.MODEL_DIR ? path.resolve(env.MODEL_DIR) : cache;
  if (present(target)) return { dir: target };
  const failures: string[] = [];
  for (const fetcher of fetchers) {
    const why = fetcher.unavailable();
    if (why) {
      failures.push(`${fetcher.name}: ${why}`);
      continue;
    }
    log(`model: not in ${target}; fetching it from ${fetcher.name}…`);
    try {
      await fetcher.fetch(target);
    } catch (error) {
      failures.push(`${fetcher.name}: ${(error as Error).message.trim().split('\n').at(-1)}`);
      continue;
    }
    if (present(target)) return { dir: target, fetchedBy: fetcher.name };
    failures.push(`${fetcher.name}: finished without leaving the model in ${target}`);
  }
  const where = env.MODEL_DIR ? `MODEL_DIR=${env.MODEL_DIR} has no model` : 'MODEL_DIR is unset';
  return {
    dir: undefined,
    target,
    reason: `${where}; ${failures.join('; ') || 'fetching is off (EMBEDBOT_MODEL_FETCH=0)'}`,
  };
}
