import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const script = path.join(root, 'scripts/build-native.mjs');
const work = mkdtempSync(path.join(os.tmpdir(), 'embedbot-native-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** npm's own node-gyp, the one `npm ci` hands to the install script. */
const npmGyp = (): string | undefined => {
  if (process.env.npm_config_node_gyp) return process.env.npm_config_node_gyp;
  const which = spawnSync('sh', ['-c', 'readlink -f "$(command -v npm)"'], {
    encoding: 'utf8',
  }).stdout.trim();
  const gyp = path.join(path.dirname(which), '../node_modules/node-gyp/bin/node-gyp.js');
  return existsSync(gyp) ? gyp : undefined;
};

describe('scripts/build-native.mjs (the install step)', () => {
  it('is what `npm ci` runs, so a failed native build cannot fail the install', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.install).toBe('node scripts/build-native.mjs');
    expect(pkg.scripts.native).toBe('node-gyp rebuild --directory native');
  });

  it('without a compiler or python exits 0 with one line naming `npm run native`', () => {
    const folder = path.join(work, 'native');
    mkdirSync(folder);
    for (const file of ['binding.gyp', 'hnsw.cpp'])
      copyFileSync(path.join(root, 'native', file), path.join(folder, file));
    const gyp = npmGyp();
    // PATH holds only node: no python3, make or g++ (and no node-gyp when npm's cannot be found).
    const env: NodeJS.ProcessEnv = { HOME: process.env.HOME, PATH: path.dirname(process.execPath) };
    if (gyp) env.npm_config_node_gyp = gyp;
    if (process.env.npm_config_nodedir) env.npm_config_nodedir = process.env.npm_config_nodedir;
    const run = spawnSync(process.execPath, [script, folder], { env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/search stays exact.*npm run native/);
    expect(existsSync(path.join(folder, 'build-error.log'))).toBe(true);
  });
});
