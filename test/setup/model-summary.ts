import type { Reporter, TestModule } from 'vitest/node';
import { FIX_COMMAND, NEEDS_MODEL } from './locate-model.ts';

/** One line at the end of a run without the model: how many tests it skipped, why, and the fix. */
export default class ModelSummary implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const reason = process.env.EMBEDBOT_MODEL_MISSING;
    if (!reason) return;
    let skipped = 0;
    for (const module of modules) {
      for (const test of module.children.allTests('skipped')) {
        for (let suite = test.parent; suite.type === 'suite'; suite = suite.parent) {
          if (suite.name.endsWith(NEEDS_MODEL)) {
            skipped++;
            break;
          }
        }
      }
    }
    process.stderr.write(
      `\nSkipped ${skipped} model-backed tests: the real model could not be had (${reason}). Fix: ${FIX_COMMAND}\n`,
    );
  }
}
