import type KeyvRedis from '@keyv/redis';

/** The URI without its password, for messages. */
export const redactUri = (uri: string): string => uri.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');

/**
 * A connected @keyv/redis adapter. A wrong address fails within seconds (three tries); once
 * connected, it keeps reconnecting. The error message names the URI without its password.
 */
export async function connectRedis(uri: string): Promise<KeyvRedis<unknown>> {
  const { default: Adapter } = await import('@keyv/redis');
  let connected = false;
  const adapter = new Adapter(
    {
      url: uri,
      socket: {
        connectTimeout: 5000,
        reconnectStrategy: (retries: number) =>
          !connected && retries >= 3
            ? new Error(`cannot reach ${redactUri(uri)}`)
            : Math.min(200 * (retries + 1), 5000),
      },
    },
    { throwOnErrors: true, throwOnConnectError: true },
  );
  try {
    await adapter.getClient();
  } catch (error) {
    throw new Error(`Could not connect to Redis at ${redactUri(uri)}: ${(error as Error).message}`);
  }
  connected = true;
  return adapter;
}
