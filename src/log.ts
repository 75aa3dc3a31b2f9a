import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

const secrets = new Set<string>();

/** Registers a secret (the bot token) so that no log line can ever contain it. */
export function addSecret(secret: string | undefined): void {
  if (secret) secrets.add(secret);
}

// Interaction and webhook tokens travel in REST URLs: /interactions/ID/TOKEN/…, /webhooks/APP/TOKEN/…
const URL_TOKEN = /(\/(?:interactions|webhooks)\/\d+\/)[\w.-]{20,}/g;
const BOT_TOKEN = /\b[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,}\b/g;

export function redact(text: string): string {
  let out = text.replace(URL_TOKEN, '$1[redacted]').replace(BOT_TOKEN, '[redacted token]');
  for (const secret of secrets) out = out.split(secret).join('[redacted token]');
  return out;
}

function redactDeep(value: unknown, stacks: boolean, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return value;
  // Deeper than this is not walked, so it is not written either: a secret could hide there.
  if (depth > 4) return Array.isArray(value) ? '[Array]' : '[Object]';
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return {
      type: value.name,
      message: redact(value.message),
      ...(typeof code === 'string' ? { code } : {}),
      ...(stacks && value.stack ? { stack: redact(value.stack) } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, stacks, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, stacks, depth + 1)]));
}

/**
 * A pino logger that runs every message and field through `redact`, one JSON line per call, to
 * `destination` (stdout by default; the CLI passes stderr so stdout carries only results).
 * `stacks: false` leaves error stacks out (the CLI keeps them only at LOG_LEVEL=debug).
 */
export function createLogger(
  level = 'info',
  destination?: pino.DestinationStream,
  { stacks = true }: { stacks?: boolean } = {},
): Logger {
  return pino(
    {
      level,
      base: undefined,
      // Errors reach pino already serialised (and redacted) by redactDeep; pino's own `err`
      // serializer would otherwise relabel every one as type "Object".
      serializers: { err: (err: unknown) => err },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => redactDeep(a, stacks)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

/** Where the CLI's logs go: standard error, written synchronously so no line is lost at exit. */
let stderr: pino.DestinationStream | undefined;
export const stderrDestination = (): pino.DestinationStream => {
  stderr ??= pino.destination({ fd: 2, sync: true });
  return stderr;
};

/** A short reference users can quote and operators can grep for. */
export const newRef = (): string => randomBytes(3).toString('hex').toUpperCase();
