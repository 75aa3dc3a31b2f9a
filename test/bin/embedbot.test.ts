import { execFile } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/embedbot.js');
const work = mkdtempSync(path.join(os.tmpdir(), 'embedbot-bin-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Without the token or a .env: --help needs neither. EMBEDBOT_DIST is the only switch to dist/.
const env = { ...process.env, EMBEDBOT_DIST: '', DISCORD_TOKEN: '' };
const USAGE = /^Usage: embedbot <command>/m;

describe('bin/embedbot.js starts the CLI however it is reached', () => {
  it('through a symlink named embedbot (npm .bin, npm link, global installs)', async () => {
    const link = path.join(work, 'embedbot');
    symlinkSync(bin, link);
    const { stdout } = await run(link, ['--help'], { env, cwd: work });
    expect(stdout).toMatch(USAGE);
  });

  it('through `npm exec embedbot -- --help` in the project folder', async () => {
    const { stdout } = await run('npm', ['exec', '--offline', 'embedbot', '--', '--help'], {
      env,
      cwd: root,
    });
    expect(stdout).toMatch(USAGE);
  });
});

describe('bin/embedbot.js never runs a stale dist/', () => {
  // A project with the real bin, sources and a build that each say which one ran.
  const project = path.join(work, 'project');
  mkdirSync(path.join(project, 'bin'), { recursive: true });
  mkdirSync(path.join(project, 'src/cli'), { recursive: true });
  mkdirSync(path.join(project, 'dist/src/cli'), { recursive: true });
  copyFileSync(bin, path.join(project, 'bin/embedbot.js'));
  symlinkSync(path.join(root, 'node_modules'), path.join(project, 'node_modules'));
  writeFileSync(path.join(project, 'package.json'), '{"type":"module"}');
  const sources = path.join(project, 'src/cli/main.ts');
  const built = path.join(project, 'dist/src/cli/main.js');
  writeFileSync(
    sources,
    'export async function run(argv: string[]): Promise<void> { console.log("sources", ...argv); }',
  );
  writeFileSync(built, 'export async function run(argv) { console.log("dist", ...argv); }');
  // The build is newer than the sources, and still must not win unless asked for.
  const later = new Date(Date.now() + 60_000);
  utimesSync(built, later, later);
  const start = (extra: NodeJS.ProcessEnv = {}) =>
    run(process.execPath, [path.join(project, 'bin/embedbot.js'), 'x'], { env: { ...env, ...extra } });

  it('runs the sources when they are there, even beside a (newer) build', async () => {
    expect((await start()).stdout).toBe('sources x\n');
  });

  it('runs dist/ when EMBEDBOT_DIST=1 (the Docker image)', async () => {
    expect((await start({ EMBEDBOT_DIST: '1' })).stdout).toBe('dist x\n');
  });

  it('says to build when EMBEDBOT_DIST=1 and there is no dist/', async () => {
    rmSync(path.join(project, 'dist'), { recursive: true });
    const failed = await start({ EMBEDBOT_DIST: '1' }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringMatching(/npm run build/) });
  });
});
