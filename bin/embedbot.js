#!/usr/bin/env node
// Runs the compiled CLI when `npm run build` has produced it, else the TypeScript sources via tsx.
import { existsSync } from 'node:fs';

const built = new URL('../dist/src/cli/main.js', import.meta.url);
try {
  if (existsSync(built)) {
    await import(built.href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import('../src/cli/main.ts');
  }
} catch (error) {
  // Only failures while loading land here (a missing native module, a broken install); the CLI
  // reports its own errors. LOG_LEVEL=debug shows the stack.
  console.error(`embedbot: ${process.env.LOG_LEVEL === 'debug' ? error.stack : error.message}`);
  process.exit(1);
}
