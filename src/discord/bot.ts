import { Events } from 'discord.js';
import { commands } from '../../commands/index.ts';
import type { Config } from '../config.ts';
import { addSecret, createLogger, type Logger } from '../log.ts';
import { createServices } from '../services.ts';
import { createClient } from './client.ts';
import { Dispatcher } from './dispatcher.ts';

/** Loads and warms the model, then connects to Discord. Resolves once logged in. */
export async function startBot(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
): Promise<void> {
  const token = config.discord.token!;
  addSecret(token);
  const services = createServices(config);
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
  process.on('unhandledRejection', (error) => logger.error({ err: error }, 'unhandled rejection'));
  await client.login(token);
}
