import { type Client, Events, GatewayCloseCodes, ShardingManager } from 'discord.js';
import { commands } from '../../commands/index.ts';
import { type Config, DEFAULT_LOGIN_RETRY_SECONDS } from '../config.ts';
import { startHeartbeat } from '../health.ts';
import { addSecret, createLogger, type Logger } from '../log.ts';
import { projectFile } from '../project.ts';
import { createServices, type RunningServices } from '../services.ts';
import { createClient } from './client.ts';
import { Dispatcher } from './dispatcher.ts';
import { checkToken, DISCORD_API, LoginError, reasonOf, rejectedToken, withRetry } from './login.ts';

export interface RunningBot {
  client: Client;
  dispatcher: Dispatcher;
  services: RunningServices;
  /** Drains in-flight interactions (bounded), then disconnects everything. */
  stop(): Promise<void>;
}

/** Gateway close codes after which discord.js stops reconnecting. */
const FATAL_CLOSE: Record<number, string> = {
  [GatewayCloseCodes.AuthenticationFailed]: 'authentication failed',
  [GatewayCloseCodes.InvalidShard]: 'invalid shard',
  [GatewayCloseCodes.ShardingRequired]: 'sharding required: set SHARDS=auto',
  [GatewayCloseCodes.InvalidAPIVersion]: 'invalid API version',
  [GatewayCloseCodes.InvalidIntents]: 'invalid intents',
  [GatewayCloseCodes.DisallowedIntents]: 'disallowed intents',
};

const closeError = (code: number): LoginError =>
  code === GatewayCloseCodes.AuthenticationFailed
    ? rejectedToken(`gateway close ${code}`)
    : new LoginError(`the Discord gateway closed the connection: ${code} ${FATAL_CLOSE[code]}`, 1);

/** Logs in, failing on a fatal gateway close and when not connected within `ms`. */
function login(client: Client, token: string, ms: number): Promise<void> {
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

/**
 * Checks the token with Discord (retrying an unreachable Discord with backoff for LOGIN_RETRY_SECONDS),
 * loads and warms the model, then connects. Resolves once connected; throws a LoginError when it
 * cannot. `onFatal` hears a fatal gateway close later on (the token was reset while running).
 */
export async function startBot(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
  onFatal: (error: LoginError) => void = () => {},
): Promise<RunningBot> {
  const token = config.discord.token!;
  addSecret(token);
  const api = config.discord.api;
  const seconds = config.discord.loginRetrySeconds ?? DEFAULT_LOGIN_RETRY_SECONDS;
  await withRetry(() => checkToken(api, token), {
    seconds,
    logger,
    what: `Discord at ${api ?? DISCORD_API}`,
  });

  const services = createServices(config, logger);
  const client = createClient(api ? { api } : {});
  try {
    const started = performance.now();
    const info = await services.embedder.ready();
    logger.info({ ...info, ms: Math.round(performance.now() - started) }, 'model loaded and warmed');
    client.once(Events.ClientReady, (c) =>
      logger.info({ user: c.user.tag, guilds: c.guilds.cache.size }, 'connected'),
    );
    await login(client, token, Math.max(seconds, 30) * 1000);
  } catch (error) {
    await client.destroy();
    await services.close();
    throw error;
  }

  const dispatcher = new Dispatcher({ commands, services, logger, cooldown: config.cooldown });
  client.on(Events.InteractionCreate, dispatcher.handle);
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn(message));
  client.on(Events.ShardDisconnect, ({ code }) => {
    if (FATAL_CLOSE[code]) onFatal(closeError(code));
  });

  // A heartbeat file for the container HEALTHCHECK (`embedbot health`).
  const stopHeartbeat = startHeartbeat(
    config.healthFile,
    async () => ({ ready: client.isReady(), ping: client.ws.ping }),
    logger,
  );

  return {
    client,
    dispatcher,
    services,
    async stop() {
      stopHeartbeat();
      const left = await dispatcher.drain(10_000);
      if (left > 0) logger.warn({ left }, 'stopping with interactions still running');
      await client.destroy();
      await services.close();
    },
  };
}

/**
 * Runs until SIGTERM/SIGINT, then shuts down gracefully and exits 0. With SHARDS set, this process
 * becomes the ShardingManager and each shard runs `embedbot start` in its own process.
 */
export async function runBot(config: Config, logger: Logger = createLogger(config.logLevel)): Promise<never> {
  const isShard = process.env.SHARDING_MANAGER === 'true';
  if (config.shards !== 1 && !isShard) {
    const manager = new ShardingManager(projectFile('bin', 'embedbot.js'), {
      token: config.discord.token!,
      totalShards: config.shards,
      shardArgs: ['start'],
      respawn: true,
    });
    manager.on('shardCreate', (shard) => logger.info({ shard: shard.id }, 'shard started'));
    await manager.spawn();
    return untilSignal(logger, async () => {
      for (const shard of manager.shards.values()) shard.kill();
    });
  }
  let bot: RunningBot | undefined;
  bot = await startBot(config, logger, (error) => {
    logger.error({ exitCode: error.exitCode }, error.message);
    void (bot?.stop() ?? Promise.resolve()).finally(() => process.exit(error.exitCode));
  });
  return untilSignal(logger, () => bot.stop());
}

/** Waits for SIGTERM or SIGINT, runs `stop` once, and exits 0 (1 if stopping failed). */
export function untilSignal(logger: Logger, stop: () => Promise<void>): Promise<never> {
  process.on('unhandledRejection', (error) => logger.error({ err: error }, 'unhandled rejection'));
  return new Promise<never>(() => {
    let stopping = false;
    const onSignal = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', () => onSignal('SIGTERM'));
    process.once('SIGINT', () => onSignal('SIGINT'));
  });
}
