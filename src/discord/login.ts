import { setTimeout as sleep } from 'node:timers/promises';
import { type Client, Events, GatewayCloseCodes } from 'discord.js';
import type { Logger } from '../log.ts';

export const DISCORD_API = 'https://discord.com/api';

/**
 * Why `start` gave up logging in; `exitCode` 2 for a token Discord refused, 1 for an unreachable
 * Discord. `closeCode` is the gateway's close code when it closed the connection.
 */
export class LoginError extends Error {
  override name = 'LoginError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
    readonly closeCode?: number,
  ) {
    super(message);
  }
}

export const rejectedToken = (detail: string): LoginError =>
  new LoginError(
    `Discord rejected DISCORD_TOKEN (${detail}): reset it in the Developer Portal (Bot → Reset Token) and put the new one in .env.`,
    2,
  );

/** A short reason for a failed request: the system error code (ENOTFOUND, ECONNREFUSED) when there is one. */
export function reasonOf(error: unknown): string {
  const e = error as { code?: unknown; cause?: { code?: unknown; message?: unknown }; message?: unknown };
  const code = typeof e.cause?.code === 'string' ? e.cause.code : typeof e.code === 'string' ? e.code : '';
  return code || String(e.cause?.message ?? e.message ?? error);
}

/** Asks Discord for the gateway with the token: a 401 means the token is wrong, anything else may pass. */
export async function checkToken(api: string | undefined, token: string): Promise<void> {
  const res = await fetch(`${api ?? DISCORD_API}/v10/gateway/bot`, {
    headers: { authorization: `Bot ${token}` },
    signal: AbortSignal.timeout(15_000),
  });
  await res.body?.cancel();
  if (res.status === 401) throw rejectedToken('401 Unauthorized');
  if (!res.ok) throw new Error(`Discord answered ${res.status}`);
}

/**
 * Runs `attempt` until it succeeds, retrying failures other than a rejected token with backoff
 * (1, 2, 4 … 30 s) for at most `seconds`; then throws a LoginError with exit code 1.
 */
export async function withRetry(
  attempt: () => Promise<void>,
  { seconds, logger, what }: { seconds: number; logger: Logger; what: string },
): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  for (let delay = 1000; ; delay = Math.min(delay * 2, 30_000)) {
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof LoginError) throw error;
      const reason = reasonOf(error);
      const wait = Math.min(delay, deadline - Date.now());
      if (wait <= 0) {
        throw new LoginError(
          `could not reach ${what} for ${seconds} s (${reason}); giving up so a supervisor can restart the bot.`,
          1,
        );
      }
      logger.warn({ reason, retryInMs: wait }, `could not reach ${what}, retrying`);
      await sleep(wait);
    }
  }
}

/** Gateway close codes after which discord.js stops reconnecting. */
export const FATAL_CLOSE: Record<number, string> = {
  [GatewayCloseCodes.AuthenticationFailed]: 'authentication failed',
  [GatewayCloseCodes.InvalidShard]: 'invalid shard',
  [GatewayCloseCodes.ShardingRequired]: 'sharding required: set SHARDS=auto',
  [GatewayCloseCodes.InvalidAPIVersion]: 'invalid API version',
  [GatewayCloseCodes.InvalidIntents]: 'invalid intents',
  [GatewayCloseCodes.DisallowedIntents]: 'disallowed intents',
};

/** Only 4004 means the token: a refused intent (4014) and the rest exit 1, with their close code. */
export const closeError = (code: number): LoginError =>
  code === GatewayCloseCodes.AuthenticationFailed
    ? rejectedToken(`gateway close ${code}`)
    : new LoginError(`the Discord gateway closed the connection: ${code} ${FATAL_CLOSE[code]}`, 1, code);

/** Logs in, failing on a fatal gateway close and when not connected within `ms`. */
export function gatewayLogin(client: Client, token: string, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return new Promise<void>((resolve, reject) => {
    timer = setTimeout(
      () => reject(new LoginError(`could not connect to the Discord gateway within ${ms / 1000} s`, 1)),
      ms,
    );
    const onClose = ({ code }: { code: number }) => {
      if (FATAL_CLOSE[code]) reject(closeError(code));
    };
    client.on(Events.ShardDisconnect, onClose);
    client.once(Events.ClientReady, () => resolve());
    client
      .login(token)
      .catch((error: unknown) =>
        reject(
          (error as { code?: unknown }).code === 'TokenInvalid'
            ? rejectedToken('401 Unauthorized')
            : new LoginError(`could not log in to Discord (${reasonOf(error)})`, 1),
        ),
      );
  }).finally(() => {
    clearTimeout(timer);
    client.removeAllListeners(Events.ShardDisconnect);
  });
}
