import dotenv from 'dotenv';
import { ConfigError, parseConfig } from '../config.ts';
import { LoginError } from '../discord/login.ts';
import { UserError } from '../errors.ts';
import { createLogger, stderrDestination } from '../log.ts';
import { createServices, type RunningServices } from '../services.ts';
import { wordUserError } from '../user-messages.ts';
import { mainHelp } from './help.ts';
import { slashCommands } from './registry.ts';
import { type Env, runSlash } from './slash.ts';
import { writeErr, writeOut } from './stdio.ts';
import { runSystem, systemCommands } from './system.ts';

const OFFLINE_HINT = `Try the commands without Discord:
  npx embedbot similar "The cat sits on the mat" "A feline rests on the carpet"
  npx embedbot analogy king man woman
  npx embedbot --help`;

const START_HELP = `To connect the bot to Discord:
  1. Create an application at https://discord.com/developers/applications and add a Bot to it.
  2. Copy the bot token into a file named .env beside package.json:  DISCORD_TOKEN=your-token
     (start from .env.example, which lists every setting).
  3. Register the slash commands once:  npx embedbot deploy --guild YOUR_SERVER_ID
  4. Run npm start again.`;

/** Runs the CLI; returns the exit code. Output goes through `out`/`err` so tests can capture it. */
export async function main(
  argv: string[],
  out: (text: string) => void = writeOut,
  err: (text: string) => void = writeErr,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(mainHelp());
    return name === undefined ? 1 : 0;
  }
  const command = slashCommands().find(([n]) => n === name)?.[1];
  const system = systemCommands[name];
  if (!command && !system) {
    err(`embedbot: unknown command "${name}". Run embedbot --help for the list.`);
    return 1;
  }
  let services: RunningServices | undefined;
  try {
    // Parsed once per process; start and deploy need the token. Help never depends on the settings.
    const help = rest.includes('--help') || rest.includes('-h');
    const config = help
      ? parseConfig({})
      : parseConfig(process.env, { requireDiscord: system?.discord === true });
    // One line per log on stderr; stacks only at LOG_LEVEL=debug.
    const logger = createLogger(config.logLevel, stderrDestination(), {
      stacks: config.logLevel === 'debug',
    });
    const env: Env = {
      config,
      logger,
      services: () => {
        services ??= createServices(config, logger);
        return services;
      },
      print: out,
      warn: err,
    };
    if (command) await runSlash(name, command, rest, env);
    else await runSystem(name, rest, env);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      err(error.message);
      if (name === 'start' || name === 'deploy') err(`\n${START_HELP}\n\n${OFFLINE_HINT}`);
      return 2;
    }
    if (error instanceof LoginError) {
      err(`embedbot ${name}: ${error.message}`);
      return error.exitCode;
    }
    err(
      `embedbot ${name}: ${error instanceof UserError ? wordUserError(error, 'cli') : (error as Error).message}`,
    );
    return 1;
  } finally {
    await services?.close();
  }
}

/** The CLI as a process: bin/embedbot.js calls this, however it was reached (symlink, npm link, npm exec). */
export async function run(argv: string[] = process.argv.slice(2)): Promise<void> {
  dotenv.config({ quiet: true });
  process.exitCode = await main(argv);
}
