import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { heartbeatProblem, startHeartbeat } from '../src/health.ts';
import { createLogger } from '../src/log.ts';
import { cli } from './helpers/cli.ts';

const temp = () => mkdtempSync(path.join(os.tmpdir(), 'embedbot-health-'));

/** The id of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(String(child.stdout));
}

const beat = (file: string, fields: Record<string, unknown>) =>
  writeFileSync(file, JSON.stringify({ at: Date.now(), pid: process.pid, ready: true, ...fields }));

describe('the heartbeat', () => {
  it('lives in the data folder by default, relative to the working directory', () => {
    expect(parseConfig({}).healthFile).toBe(path.join('data', 'embedbot.health'));
    expect(parseConfig({ HEALTH_FILE: '/run/embedbot.health' }).healthFile).toBe('/run/embedbot.health');
  });

  it('records the pid of the process that writes it, and creates its folder', async () => {
    const file = path.join(temp(), 'data', 'embedbot.health');
    const stop = startHeartbeat(file, async () => ({ ready: true }), createLogger('silent'));
    try {
      for (let i = 0; i < 100; i++) {
        if (await heartbeatProblem(file).then((p) => p === null)) break;
        await sleep(20);
      }
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
        at: expect.any(Number),
        pid: process.pid,
        ready: true,
      });
    } finally {
      stop();
    }
  });

  it('is healthy only when recent, ready and written by a process that is still alive', async () => {
    const file = path.join(temp(), 'embedbot.health');
    expect(await heartbeatProblem(file)).toMatch(/^no heartbeat file at /);
    beat(file, {});
    expect(await heartbeatProblem(file)).toBeNull();
    beat(file, { at: Date.now() - 61_000 });
    expect(await heartbeatProblem(file)).toMatch(/^no recent heartbeat in .* \(the last is 61 s old\)$/);
    beat(file, { ready: false });
    expect(await heartbeatProblem(file)).toBe('the bot is running but not connected');
    const pid = deadPid();
    beat(file, { pid });
    expect(await heartbeatProblem(file)).toBe(`the bot that wrote ${file} (pid ${pid}) is no longer running`);
    beat(file, { pid: undefined });
    expect(await heartbeatProblem(file)).toBe(`the heartbeat in ${file} names no process id`);
  });
});

describe('embedbot health', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  async function health(file: string) {
    process.env.HEALTH_FILE = file;
    return cli('health');
  }

  it('says healthy for a live writer, and fails when the writer has gone', async () => {
    const file = path.join(temp(), 'embedbot.health');
    beat(file, {});
    expect(await health(file)).toEqual({ code: 0, out: 'healthy\n', err: '' });
    const pid = deadPid();
    beat(file, { pid });
    expect(await health(file)).toEqual({
      code: 1,
      out: '',
      err: `embedbot health: the bot that wrote ${file} (pid ${pid}) is no longer running\n`,
    });
  });
});
