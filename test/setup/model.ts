import type { TestProject } from 'vitest/node';
import { hubFetcher, mavenFetcher } from './fetchers.ts';
import { FIX_COMMAND, locateModel } from './locate-model.ts';

/**
 * globalSetup: obtains the real model before any test file loads (the hub, else Maven Central, into
 * the user cache) and hands its folder to the workers as MODEL_DIR. Outside CI, a model that cannot
 * be had leaves MODEL_DIR empty and the reason in EMBEDBOT_MODEL_MISSING, for the one summary line
 * (test/setup/model-summary.ts); in CI it fails the run.
 */
export default async function setup(_project: TestProject): Promise<void> {
  const found = await locateModel({
    env: process.env,
    // EMBEDBOT_MODEL_FETCH=0: never download (a run that should not touch the network).
    fetchers: process.env.EMBEDBOT_MODEL_FETCH === '0' ? [] : [hubFetcher, mavenFetcher],
    log: (line) => process.stderr.write(`${line}\n`),
  });
  if (found.dir !== undefined) {
    process.env.MODEL_DIR = found.dir;
    if (found.fetchedBy) process.stderr.write(`model: fetched into ${found.dir} from ${found.fetchedBy}\n`);
    return;
  }
  if (process.env.CI) throw new Error(`CI needs the real model: ${found.reason}. Fix: ${FIX_COMMAND}`);
  process.env.MODEL_DIR = '';
  process.env.EMBEDBOT_MODEL_MISSING = found.reason;
}
