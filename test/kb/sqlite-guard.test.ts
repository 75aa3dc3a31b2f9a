import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/kb.ts';

const run = promisify(execFile);
const root = path.resolve('.');

/**
 * A child process opens a SQLite store, writes, then has its files made read-only underneath it:
 * `chattr +i` as root (the kernel then answers writes to the mapped -shm file with SIGBUS), else
 * chmod 0444. It then uses and closes the store, and reports what each step did.
 */
const CHILD = `
  import { execFileSync } from 'node:child_process';
  import { chmodSync, existsSync } from 'node:fs';
  const { openStore } = await import(${JSON.stringify(path.join(root, 'src/kb/store.ts'))});
  const file = process.env.DB_FILE;
  const files = [file, file + '-wal', file + '-shm'].filter((f) => existsSync(f));
  const store = await openStore('sqlite://' + file);
  await store.set('kb:1:doc:a', 'first');
  for await (const _ of store.scan('kb:1:doc:')) {}
  if (process.getuid() === 0) execFileSync('chattr', ['+i', ...[file, file + '-wal', file + '-shm'].filter((f) => existsSync(f))]);
  else for (const f of files) chmodSync(f, 0o444);
  const out = {};
  for (const [name, step] of [
    ['set', () => store.set('kb:1:doc:b', 'second')],
    ['get', () => store.get('kb:1:doc:a')],
    ['close', () => store.close()],
  ]) {
    try { await step(); out[name] = 'ok'; } catch (error) { out[name] = error.message; }
  }
  process.stdout.write(JSON.stringify(out));
  process.exitCode = out.close === 'ok' ? 0 : 1;
`;

describe('a SQLite store whose files become read-only', () => {
  let temp: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    temp = await tempDir();
  });
  afterAll(async () => {
    if (process.getuid?.() === 0) {
      await run('chattr', ['-i', ...['', '-wal', '-shm'].map((s) => temp.file() + s)]).catch(() => undefined);
    }
    await temp.cleanup();
  });

  it('refuses each operation with a clear error and exits 1, never with a Bus error', async () => {
    const child = run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
      cwd: root,
      env: { ...process.env, DB_FILE: temp.file() },
      timeout: 60_000,
    });
    const failure = await child.then(
      () => undefined,
      (error: { code?: number; signal?: string; stdout?: string }) => error,
    );
    expect(failure?.signal ?? null).toBeNull();
    expect(failure?.code).toBe(1);
    const out = JSON.parse(failure!.stdout!) as Record<string, string>;
    for (const step of ['set', 'get', 'close']) expect(out[step]).toMatch(/is not writable/);
    expect(out.set).toMatch(/kb\.sqlite/);
  }, 60_000);
});
