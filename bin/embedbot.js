#!/usr/bin/env node
// Starts the CLI by calling its exported run(), so it works however this file is reached (npm's
// node_modules/.bin symlink, `npm link`, a global install, `npm exec`). The TypeScript sources run
// through tsx; the compiled dist/ runs only when asked for (EMBEDBOT_DIST=1, as the Docker image
// does) or when there are no sources, so an older build can never shadow the code beside it.
import { existsSync } from 'node:fs';

const sources = new URL('../src/cli/main.ts', import.meta.url);
const built = new URL('../dist/src/cli/main.js', import.meta.url);
const useDist = process.env.EMBEDBOT_DIST === '1' || !existsSync(sources);
let cli;
try {
  if (useDist) {
    if (!existsSync(built)) throw new Error(`${built.pathname} is missing: run \`npm run build\` first.`);
    cli = await import(built.href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    cli = await import(sources.href);
  }
} catch (error) {
  // Only failures while loading land here (a broken install); the CLI reports its own errors.
  // LOG_LEVEL=debug shows the stack.
  console.error(`embedbot: ${process.env.LOG_LEVEL === 'debug' ? error.stack : error.message}`);
  process.exit(1);
}
await cli.run(process.argv.slice(2));
