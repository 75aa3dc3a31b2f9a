import { describe, expect, it } from 'vitest';
import { addSecret, createLogger, newRef, redact } from '../src/log.ts';

// Shaped like real credentials (made up): a bot token is base64(user id).timestamp.hmac.
const BOT_TOKEN = `${Buffer.from('111111111111111111').toString('base64')}.GhJkLm.aB3_dE5-fG7hI9jK1lM3nO5pQ7rS9tU`;
const OLD_BOT_TOKEN = 'NzkyNzE1NDU0MTk2MDg4ODQy.X-hvzA.Ovy4MCQywSkoMRRclStW4xAYK7I';
const INTERACTION_TOKEN =
  'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OmFCY0RlRmdISWpLbE1uT3BRclN0VXZXeFl6MDEyMzQ1Njc4OQ';
const WEBHOOK_TOKEN = 'Xy9_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789-aBcDeFgHiJkLmNoPqRsTuVwXyZ01';
const API = 'https://discord.com/api/v10';

describe('redact', () => {
  it('removes bot tokens, old and new shapes, wherever they are', () => {
    expect(redact(`Authorization: Bot ${BOT_TOKEN}`)).toBe('Authorization: Bot [redacted token]');
    expect(redact(`token=${OLD_BOT_TOKEN};`)).toBe('token=[redacted token];');
    expect(redact(`"${BOT_TOKEN}"`)).toBe('"[redacted token]"');
  });

  it('removes the token from interaction callback URLs', () => {
    const url = `${API}/interactions/123456789012345678/${INTERACTION_TOKEN}/callback?with_response=false`;
    expect(redact(`POST ${url} failed`)).toBe(
      `POST ${API}/interactions/123456789012345678/[redacted]/callback?with_response=false failed`,
    );
  });

  it('removes the token from webhook URLs: follow-ups, @original edits and deletes', () => {
    expect(redact(`${API}/webhooks/111111111111111111/${INTERACTION_TOKEN}`)).toBe(
      `${API}/webhooks/111111111111111111/[redacted]`,
    );
    expect(redact(`/webhooks/111111111111111111/${WEBHOOK_TOKEN}?wait=true`)).toBe(
      '/webhooks/111111111111111111/[redacted]?wait=true',
    );
    expect(redact(`PATCH /webhooks/1/${INTERACTION_TOKEN}/messages/@original`)).toBe(
      'PATCH /webhooks/1/[redacted]/messages/@original',
    );
    expect(redact(`DELETE /webhooks/1/${INTERACTION_TOKEN}/messages/%40original`)).toBe(
      'DELETE /webhooks/1/[redacted]/messages/%40original',
    );
  });

  it('removes registered secrets of any shape, everywhere they occur', () => {
    const secret = 'correct horse battery staple';
    expect(redact(`pw: ${secret}`)).toBe(`pw: ${secret}`);
    addSecret(secret);
    addSecret(undefined);
    addSecret('');
    expect(redact(`pw: ${secret}, again: ${secret}!`)).toBe('pw: [redacted token], again: [redacted token]!');
  });

  it('leaves ordinary text alone', () => {
    const text = 'command similar ok in 12 ms (ref 1A2B3C) /interactions/123/short /webhooks docs';
    expect(redact(text)).toBe(text);
    expect(redact('')).toBe('');
  });
});

describe('createLogger', () => {
  const capture = () => {
    const lines: string[] = [];
    const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
    return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
  };
  const SECRET = 'sk-registered-0123456789-secret';
  addSecret(SECRET);
  const SECRETS = [BOT_TOKEN, OLD_BOT_TOKEN, INTERACTION_TOKEN, WEBHOOK_TOKEN, SECRET];
  const expectClean = (lines: string[]) => {
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) for (const secret of SECRETS) expect(line).not.toContain(secret);
  };
  const callback = `${API}/interactions/1/${INTERACTION_TOKEN}/callback`;

  it('writes one JSON line per call, with the fields and message', () => {
    const { logger, parsed } = capture();
    logger.info({ command: 'similar', ms: 12 }, 'command');
    logger.debug('details');
    expect(parsed()).toEqual([
      { level: 30, time: expect.any(Number), command: 'similar', ms: 12, msg: 'command' },
      { level: 20, time: expect.any(Number), msg: 'details' },
    ]);
  });

  it('redacts messages, format arguments and fields at any depth', () => {
    const { logger, lines } = capture();
    logger.info(`calling ${callback}`);
    logger.info('calling %s with %s', callback, BOT_TOKEN);
    logger.warn(
      { url: `${API}/webhooks/1/${WEBHOOK_TOKEN}`, headers: { authorization: `Bot ${BOT_TOKEN}` } },
      'x',
    );
    logger.info({ list: [SECRET, { nested: [OLD_BOT_TOKEN] }] }, 'list');
    logger.info({ a: { b: { c: { d: { e: { f: { g: BOT_TOKEN } } } } } } }, 'deep');
    logger.info({ a: { b: { c: { d: { e: [INTERACTION_TOKEN, SECRET] } } } } }, 'deep array');
    expect(lines).toHaveLength(6);
    expectClean(lines);
    expect(lines[0]).toContain('/interactions/1/[redacted]/callback');
    expect(lines[1]).toContain('[redacted token]');
  });

  it('redacts an Error’s message and stack, and keeps its type', () => {
    const { logger, lines, parsed } = capture();
    const error = new TypeError(`request to ${callback} with ${BOT_TOKEN} (${SECRET}) failed`);
    logger.error({ err: error, ref: newRef() }, 'command failed');
    logger.error(new RangeError(`edit ${API}/webhooks/1/${WEBHOOK_TOKEN}/messages/@original failed`));
    logger.error({ context: { cause: new Error(`nested ${OLD_BOT_TOKEN}`) } }, 'nested error');
    expectClean(lines);
    const [first, second, third] = parsed() as {
      err?: { type: string; message: string; stack: string };
      type?: string;
      message?: string;
      stack?: string;
      context?: { cause: { message: string } };
    }[];
    expect(first!.err).toEqual({
      type: 'TypeError',
      message: `request to ${API}/interactions/1/[redacted]/callback with [redacted token] ([redacted token]) failed`,
      stack: expect.stringMatching(/^TypeError: request to .*\[redacted\].*\n\s+at /),
    });
    expect(first!.err!.stack).toContain('[redacted token]');
    expect(second).toMatchObject({
      type: 'RangeError',
      message: expect.stringContaining('/webhooks/1/[redacted]/'),
    });
    expect(second!.stack).toContain('[redacted]');
    expect(third!.context!.cause.message).toBe('nested [redacted token]');
  });

  it('a ref is six upper-case hex digits', () => {
    const refs = new Set(Array.from({ length: 50 }, newRef));
    for (const ref of refs) expect(ref).toMatch(/^[0-9A-F]{6}$/);
    expect(refs.size).toBeGreaterThan(45);
  });
});

describe('createLogger destination and stacks', () => {
  const lines = (level: string, options: { stacks?: boolean } = {}) => {
    const out: string[] = [];
    const logger = createLogger(level, { write: (line: string) => void out.push(line) }, options);
    logger.error({ err: Object.assign(new Error('store down'), { code: 'ECONNREFUSED' }) }, 'failed');
    return out;
  };

  it('writes one line per call to the destination it is given; stacks: false leaves the stack out', () => {
    const [line, ...more] = lines('info', { stacks: false });
    expect(more).toEqual([]);
    expect(line!.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(line!).err).toEqual({ type: 'Error', message: 'store down', code: 'ECONNREFUSED' });
  });

  it('keeps the stack by default', () => {
    const [line] = lines('info');
    expect(JSON.parse(line!).err.stack).toMatch(/^Error: store down\n\s+at /);
  });
});
