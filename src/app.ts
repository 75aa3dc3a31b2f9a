import type { Config } from './config.ts';
import { runBot, untilSignal } from './discord/bot.ts';
import { deployCommands } from './discord/deploy.ts';
import { UserError } from './errors.ts';
import { startHeartbeat } from './health.ts';
import { openReplayGuard } from './http/replay-guard.ts';
import { startHttpInteractions } from './http/server.ts';
import { graphFileProblem } from './kb/ann.ts';
import { addSecret, type Logger } from './log.ts';
import { createServices } from './services.ts';

/**
 * Start-up of the long-running modes and of deploy, from one parsed config. The CLI parses the
 * settings once and hands them here with its logger (which writes to stderr).
 */

/** What the long-running modes say once at start-up about what they will do without. */
export function warnAtStartup(logger: Logger): void {
  const graph = graphFileProblem();
  if (graph) logger.warn(graph);
}

/** `embedbot start`: the gateway bot (or the ShardingManager). Runs until a signal. */
export function startGateway(config: Config, logger: Logger): Promise<never> {
  warnAtStartup(logger);
  return runBot(config, logger);
}

/** `embedbot serve`: HTTP interactions, with the heartbeat. Runs until a signal. */
export async function startServe(
  config: Config,
  logger: Logger,
  listen: { port: number; host?: string | undefined },
): Promise<never> {
  if (!config.discord.publicKey)
    throw new UserError(
      'DISCORD_PUBLIC_KEY is not set (Developer Portal → General Information → Public Key).',
    );
  addSecret(config.discord.token);
  warnAtStartup(logger);
  const services = createServices(config, logger);
  await services.embedder.ready();
  const http = await startHttpInteractions({
    publicKey: config.discord.publicKey,
    services,
    logger,
    cooldown: config.cooldown,
    port: listen.port,
    host: listen.host,
    restApi: config.discord.api,
    token: config.discord.token,
    replays: await openReplayGuard(config.kb.store),
  });
  logger.info({ port: http.port }, 'serving interactions over HTTP');
  const stopHeartbeat = startHeartbeat(
    config.healthFile,
    async () => {
      const res = await fetch(`http://127.0.0.1:${http.port}/healthz`).catch(() => undefined);
      return { ready: res?.status === 200, port: http.port };
    },
    logger,
  );
  return untilSignal(logger, async () => {
    stopHeartbeat();
    await http.close();
    await services.close();
  });
}

/** `embedbot deploy`: registers the slash commands, at DISCORD_API_URL when set. */
export function deploy(
  config: Config,
  guildId: string | undefined,
): Promise<{ count: number; scope: string }> {
  if (guildId !== undefined && !/^\d{17,20}$/.test(guildId))
    throw new UserError('--guild must be a server id (a long number).');
  addSecret(config.discord.token);
  return deployCommands({
    token: config.discord.token!,
    applicationId: config.discord.applicationId,
    guildId,
    ...(config.discord.api ? { rest: { api: config.discord.api } } : {}),
  });
}
