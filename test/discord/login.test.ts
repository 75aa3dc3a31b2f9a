import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkToken, LoginError, withRetry } from '../../src/discord/login.ts';
import { createLogger } from '../../src/log.ts';

const logger = createLogger('silent');

describe('withRetry', () => {
  it('retries a failure with backoff, then succeeds', async () => {
    let calls = 0;
    await withRetry(
      async () => {
        if (++calls < 2) throw Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
      },
      { seconds: 5, logger, what: 'Discord' },
    );
    expect(calls).toBe(2);
  });

  it('gives up after the time it was given with exit code 1, naming the cause', async () => {
    let calls = 0;
    const started = Date.now();
    const error = await withRetry(
      async () => {
        calls++;
        throw Object.assign(new Error('fetch failed'), { cause: { code: 'ENOTFOUND' } });
      },
      { seconds: 2, logger, what: 'Discord' },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginError);
    expect((error as LoginError).exitCode).toBe(1);
    expect((error as LoginError).message).toBe(
      'could not reach Discord for 2 s (ENOTFOUND); giving up so a supervisor can restart the bot.',
    );
    // At 0 s, 1 s and 2 s (waits of 1 s, then what is left).
    expect(calls).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
  });

  it('does not retry a rejected token', async () => {
    const server = createServer((_req, res) => {
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"message":"401: Unauthorized","code":0}');
    }).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    let calls = 0;
    const error = await withRetry(
      () => {
        calls++;
        return checkToken(api, 'a.b.c');
      },
      { seconds: 5, logger, what: 'Discord' },
    ).catch((e: unknown) => e);
    server.close();
    expect(calls).toBe(1);
    expect((error as LoginError).exitCode).toBe(2);
  });
});
