import path from 'node:path';
import { answerText, runAnswer } from '../../commands/answer.ts';
import { deploy, startGateway, startServe } from '../app.ts';
import type { Config } from '../config.ts';
import { doctor } from '../doctor.ts';
import type { Dtype } from '../embedding/model-files.ts';
import { UserError } from '../errors.ts';
import { heartbeatProblem } from '../health.ts';
import type { Logger } from '../log.ts';
import type { RunningServices } from '../services.ts';
import { type FlagSpec, type FlagValues, parseFlags } from './options.ts';

export interface SystemEnv {
  config: Config;
  logger: Logger;
  /** The process's services, made on first use. */
  services(): RunningServices;
  print(text: string): void;
  /** Progress and notes: stderr. */
  warn(text: string): void;
}

/** The subcommands that are not Discord commands: running, deploying and checking the bot, and its decisions. */
export interface SystemCommand {
  usage: string;
  summary: string;
  help: string;
  options?: FlagSpec;
  positionals: number;
  /** Needs DISCORD_TOKEN (the settings are checked for it). */
  discord?: boolean;
  run(values: FlagValues, positionals: string[], env: SystemEnv): Promise<void>;
}

function portNumber(raw: string | boolean | undefined): number {
  if (raw === undefined) return 8080;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UserError('--port must be a port number (0 picks a free one).');
  return n;
}

export const systemCommands: Record<string, SystemCommand> = {
  answer: {
    usage: 'embedbot answer --guild ID QUESTION [--json]',
    summary: 'what the auto-answer would reply to a question in a server, or why it stays quiet',
    help: "Runs the auto-answer decision on QUESTION with that server's knowledge base and its auto-answer\nsettings (threshold; the channel cooldown and repeat window do not apply here). Prints the\ndocument and its best passage, or why there is no answer.\n  --guild ID  the server whose knowledge base to ask\n  --json      print {answer: {id, title, snippet, score} | null, reason}",
    options: { guild: { type: 'string' }, json: { type: 'boolean' } },
    positionals: 1,
    async run(values, positionals, env) {
      const guild = values.guild;
      if (typeof guild !== 'string' || guild === '')
        throw new UserError('--guild ID is required (the server whose knowledge base to ask).');
      const result = await runAnswer(env.services(), guild, positionals[0]!);
      env.print(values.json ? JSON.stringify(result) : answerText(result));
    },
  },
  model: {
    usage: 'embedbot model fetch [--dtype int8|fp32|both] [--dir DIR]',
    summary: 'download the model for offline use',
    help: 'Downloads MODEL_ID from the Hugging Face hub into DIR (default data/model) and checks that it\nloads. Then set MODEL_DIR=DIR and the bot never contacts the hub.\n  --dtype   int8, fp32 or both (default both)',
    options: { dtype: { type: 'string' }, dir: { type: 'string' } },
    positionals: 1,
    async run(values, positionals, env) {
      if (positionals[0] !== 'fetch') throw new UserError(`usage: ${this.usage}`);
      const choice = (values.dtype as string | undefined) ?? 'both';
      if (!['int8', 'fp32', 'both'].includes(choice))
        throw new UserError('--dtype must be int8, fp32 or both.');
      const dtypes: Dtype[] = choice === 'both' ? ['int8', 'fp32'] : [choice as Dtype];
      const dir = (values.dir as string | undefined) ?? 'data/model';
      // Progress is not the result: it goes to stderr with the logs.
      // Imported here: it loads onnxruntime, which no other command without the model needs.
      const { fetchModel } = await import('../model-fetch.ts');
      await fetchModel(env.config.model.modelId, dir, dtypes, env.warn, env.config.model.hubUrl);
      env.print(`ready: export MODEL_DIR=${path.resolve(dir)}`);
    },
  },
  doctor: {
    usage: 'embedbot doctor [--quiet]',
    summary: 'check settings, model, store and token, in plain words',
    help: 'Checks every setting, loads the model, writes and reads a probe entry in KB_STORE and checks the\nshape of DISCORD_TOKEN. Exit code 0 when everything is fine.\n  --quiet  print only problems',
    options: { quiet: { type: 'boolean' } },
    positionals: 0,
    async run(values, _positionals, env) {
      const problems = await doctor(env.config, (line) => {
        if (!values.quiet || line.startsWith('PROBLEM')) env.print(line);
      });
      if (problems > 0) throw new UserError(`${problems} problem(s) found.`);
    },
  },
  health: {
    usage: 'embedbot health',
    summary: 'exit 0 when a running bot wrote its heartbeat in the last minute',
    help: 'For container health checks: reads HEALTH_FILE (default data/embedbot.health, relative to the\nworking directory), which a running bot rewrites every 15 s, and checks that the process that\nwrote it is still alive and connected.',
    positionals: 0,
    async run(_values, _positionals, env) {
      const problem = await heartbeatProblem(env.config.healthFile);
      if (problem) throw new UserError(problem);
      env.print('healthy');
    },
  },
  serve: {
    usage: 'embedbot serve [--port P] [--host H]',
    summary: 'answer Discord interactions over HTTP (no gateway; for replicas)',
    help: "Starts an HTTP server for Discord's Interactions Endpoint URL: POST /interactions (signature\nchecked with DISCORD_PUBLIC_KEY) and GET /healthz. With a Redis or PostgreSQL KB_STORE, several\nreplicas can serve one application behind a load balancer.\n  --port P   default 8080\n  --host H   default 0.0.0.0",
    options: { port: { type: 'string' }, host: { type: 'string' } },
    positionals: 0,
    async run(values, _positionals, env) {
      await startServe(env.config, env.logger, {
        port: portNumber(values.port),
        host: values.host as string | undefined,
      });
    },
  },
  start: {
    usage: 'embedbot start',
    summary: 'run the Discord bot (needs DISCORD_TOKEN)',
    help: 'Reads .env, checks every setting, checks the token with Discord, loads and warms the model and\nconnects (Guilds intent only; also Message Content when a server has an auto-answer channel or\nAUTOANSWER=on, and without it if Discord refuses it). A token Discord rejects exits 2; an\nunreachable Discord is retried for LOGIN_RETRY_SECONDS (default 120), then exits 1. Slash commands\nare registered separately with `embedbot deploy`.',
    positionals: 0,
    discord: true,
    async run(_values, _positionals, env) {
      await startGateway(env.config, env.logger);
    },
  },
  deploy: {
    usage: 'embedbot deploy [--guild ID]',
    summary: 'register the slash commands with Discord',
    help: 'Registers every slash command for the application. Global registration can take up to an hour\nto show; --guild ID registers in one server at once (for development). Needs DISCORD_TOKEN.',
    options: { guild: { type: 'string' } },
    positionals: 0,
    discord: true,
    async run(values, _positionals, env) {
      const { count, scope } = await deploy(env.config, values.guild as string | undefined);
      env.print(`Registered ${count} commands for ${scope}.`);
    },
  },
};

/** Runs one of them: its own flags, its positionals counted, --help from its text. */
export async function runSystem(name: string, argv: string[], env: SystemEnv): Promise<void> {
  const sub = systemCommands[name]!;
  const parsed = parseFlags(argv, { ...sub.options, help: { type: 'boolean', short: 'h' } }, sub.usage);
  if (parsed.values.help) return env.print(`Usage: ${sub.usage}\n\n${sub.help}`);
  if (parsed.positionals.length !== sub.positionals) throw new UserError(`usage: ${sub.usage}`);
  await sub.run(parsed.values, parsed.positionals, env);
}
