#!/usr/bin/env node
// `npm ci` step: builds the optional native HNSW graph (native/). It is an accelerator, so a missing
// compiler or python never fails the install: one line says so and how to build it later.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The folder to build (tests build a copy elsewhere, never the project's own native/build).
const folder = process.argv[2] ?? join(root, 'native');
const args = ['rebuild', '--directory', folder];
// npm hands its bundled node-gyp to lifecycle scripts; outside npm, node-gyp must be on PATH.
const gyp = process.env.npm_config_node_gyp;
const result = gyp
  ? spawnSync(process.execPath, [gyp, ...args], { cwd: root, encoding: 'utf8' })
  : spawnSync('node-gyp', args, { cwd: root, encoding: 'utf8', shell: process.platform === 'win32' });

if (result.status !== 0) {
  const log = join(folder, 'build-error.log');
  try {
    writeFileSync(log, `${result.error?.message ?? ''}${result.stdout ?? ''}${result.stderr ?? ''}`);
  } catch {}
  console.error(
    `embedbot: the optional native HNSW graph was not built (no C++ toolchain or python3? details in ${log}); search stays exact. Build it later with: npm run native`,
  );
}
process.exit(0);
