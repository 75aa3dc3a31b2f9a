import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBin } from './run-bin.ts';

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
