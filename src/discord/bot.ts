import { type Client, Events, ShardingManager } from 'discord.js';
import { commands } from '../../commands/index.ts';
import { connectWithIntents } from '../autoanswer/intents.ts';
import { type Config, DEFAULT_LOGIN_RETRY_SECONDS } from '../config.ts';
import { startHeartbeat } from '../health.ts';
import { addSecret, createLogger, type Logger } from '../log.ts';
import { projectFile } from '../project.ts';
import { createServices, type RunningServices } from '../services.ts';
import { createClient } from './client.ts';
import { Dispatcher } from './dispatcher.ts';
import {
  checkToken,
  closeError,
  DISCORD_API,
  FATAL_CLOSE,
  gatewayLogin,
  type LoginError,
  withRetry,
} from './login.ts';

export interface RunningBot {
  client: Client;
  dispatcher: Dispatcher;
  services: RunningServices;
  /** Drains in-flight interactions (bounded), then disconnects everything. */
  stop(): Promise<void>;
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
  // The client being connected, destroyed if start-up fails.
  let pending: Client | undefined;
  let connected: { client: Client; messages: boolean };
  try {
    const started = performance.now();
    const info = await services.embedder.ready();
    logger.info({ ...info, ms: Math.round(performance.now() - started) }, 'model loaded and warmed');
    // Message Content only for auto-answers; refused (close 4014), the bot connects again without it.
    connected = await connectWithIntents({
      store: services.kb.store,
      mode: config.autoAnswer ?? 'auto',
      logger,
      connect: async (intents) => {
        const client = createClient(api ? { api } : {}, intents);
        pending = client;
        client.once(Events.ClientReady, (c) =>
          logger.info({ user: c.user.tag, guilds: c.guilds.cache.size }, 'connected'),
        );
        try {
          await gatewayLogin(client, token, Math.max(seconds, 30) * 1000);
        } catch (error) {
          await client.destroy();
          pending = undefined;
          throw error;
        }
        return client;
      },
    });
  } catch (error) {
    await pending?.destroy();
    await services.close();
    throw error;
  }

  const { client, messages } = connected;
  const dispatcher = new Dispatcher({ commands, services, logger, cooldown: config.cooldown });
  client.on(Events.InteractionCreate, dispatcher.handle);
  if (messages) {
    client.on(Events.MessageCreate, dispatcher.handleMessage);
    client.on(Events.ThreadCreate, dispatcher.handleThread);
  }
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
