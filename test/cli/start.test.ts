import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeWithModel, modelDir } from '../helpers/model.ts';
import { FakeGateway } from './fake-gateway.ts';
import { BIN, runBin } from './run-bin.ts';

// Shaped like a bot token; not a real one.
const TOKEN = 'MTExMTExMTExMTExMTExMTEx.abcdef.abcdefghijklmnopqrstuvwxyz0';

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

function env(api: string): Record<string, string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'embedbot-start-'));
  return {
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: api,
    LOGIN_RETRY_SECONDS: '2',
    KB_STORE: `sqlite://${path.join(dir, 'kb.sqlite')}`,
    HEALTH_FILE: path.join(dir, 'embedbot.health'),
    MODEL_DIR: path.join(dir, 'no-model'),
    MODEL_THREADS: '1',
  };
}

describe('embedbot start that cannot log in exits', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
  });

  it('an unreachable Discord is retried for LOGIN_RETRY_SECONDS, then exits 1', async () => {
    // A port nothing listens on any more.
    const closed = createServer();
    const port = await listen(closed);
    closed.close();
    const started = Date.now();
    const r = await runBin(['start'], { env: env(`http://127.0.0.1:${port}/api`), timeoutMs: 30_000 });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('embedbot start: could not reach Discord at http://127.0.0.1:');
    expect(r.stderr).toContain('for 2 s (ECONNREFUSED); giving up so a supervisor can restart the bot.');
    // The retries were logged, one line each.
    expect(r.stderr).toMatch(/"reason":"ECONNREFUSED".*"msg":"could not reach Discord at .*, retrying"/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
  });

  it('a token Discord rejects (401 on /gateway/bot) exits 2 with a clear message, without retrying', async () => {
    const seen: string[] = [];
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"message":"401: Unauthorized","code":0}');
    });
    const port = await listen(server);
    const r = await runBin(['start'], { env: env(`http://127.0.0.1:${port}/api`), timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'embedbot start: Discord rejected DISCORD_TOKEN (401 Unauthorized): reset it in the Developer Portal (Bot → Reset Token) and put the new one in .env.\n',
    );
    expect(seen).toEqual(['GET /api/v10/gateway/bot']);
  });
});

describeWithModel('embedbot start against a local gateway', () => {
  let gateway: FakeGateway | undefined;
  let child: ChildProcess | undefined;
  afterEach(async () => {
    child?.kill('SIGKILL');
    await gateway?.close();
  });

  it('a gateway close 4004 (authentication failed) exits 2 with the same advice', async () => {
    gateway = await FakeGateway.start(4004);
    const r = await runBin(['start'], {
      env: { ...env(gateway.api), MODEL_DIR: modelDir },
      timeoutMs: 60_000,
    });
    expect(gateway.identified).toHaveLength(1);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      'embedbot start: Discord rejected DISCORD_TOKEN (gateway close 4004): reset it in the Developer Portal',
    );
  });

  it('once connected it writes a heartbeat `embedbot health` accepts, and SIGTERM exits 0', async () => {
    gateway = await FakeGateway.start('ready');
    const settings: Record<string, string | undefined> = {
      ...env(gateway.api),
      MODEL_DIR: modelDir,
      LOG_LEVEL: 'info',
    };
    child = spawn(process.execPath, [BIN, 'start'], {
      env: { ...process.env, ...settings },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let logs = '';
    child.stdout!.on('data', (d) => (stdout += String(d)));
    child.stderr!.on('data', (d) => (logs += String(d)));
    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    const health = () => runBin(['health'], { env: { HEALTH_FILE: settings.HEALTH_FILE } });
    let last = await health();
    for (let i = 0; i < 300 && last.code !== 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      last = await health();
    }
    expect(last, logs).toMatchObject({ code: 0, stdout: 'healthy\n' });
    expect(logs).toContain('"msg":"connected"');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toBe('');
  });
});
