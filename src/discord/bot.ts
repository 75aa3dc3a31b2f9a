import { type Client, Events, ShardingManager } from 'discord.js';
import { commands } from '../../commands/index.ts';
import type { Config } from '../config.ts';
import { startHeartbeat } from '../health.ts';
import { addSecret, createLogger, type Logger } from '../log.ts';
import { projectFile } from '../project.ts';
import { createServices, type RunningServices } from '../services.ts';
import { createClient } from './client.ts';
import { Dispatcher } from './dispatcher.ts';

export interface RunningBot {
  client: Client;
  dispatcher: Dispatcher;
  services: RunningServices;
  /** Drains in-flight interactions (bounded), then disconnects everything. */
  stop(): Promise<void>;
}

/** Loads and warms the model, then connects to Discord. Resolves once logged in. */
export async function startBot(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
): Promise<RunningBot> {
  const token = config.discord.token!;
  addSecret(token);
  const services = createServices(config, logger);
  const started = performance.now();
  const info = await services.embedder.ready();
  logger.info({ ...info, ms: Math.round(performance.now() - started) }, 'model loaded and warmed');

  const client = createClient();
  const dispatcher = new Dispatcher({ commands, services, logger, cooldown: config.cooldown });
  client.on(Events.InteractionCreate, dispatcher.handle);
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn(message));
  client.once(Events.ClientReady, (c) =>
    logger.info({ user: c.user.tag, guilds: c.guilds.cache.size }, 'connected'),
  );
  await client.login(token);

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
export async function runBot(config: Config): Promise<never> {
  const logger = createLogger(config.logLevel);
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
  const bot = await startBot(config, logger);
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
