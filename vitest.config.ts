import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: model-backed files run side by side at most two at a time.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
