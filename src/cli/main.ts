import fs from 'node:fs/promises';
import path from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { analogy } from '../../commands/analogy.ts';
import { embed } from '../../commands/embed.ts';
import { explain, TOPICS } from '../../commands/explain.ts';
import { type KbInput, kb } from '../../commands/kb.ts';
import { search } from '../../commands/search.ts';
import { EXTRA_SENTENCES, MAX_SENTENCES, similar } from '../../commands/similar.ts';
import type { Invocation } from '../command.ts';
import { type Config, ConfigError, parseConfig } from '../config.ts';
import { runBot, untilSignal } from '../discord/bot.ts';
import { deployCommands } from '../discord/deploy.ts';
import { doctor } from '../doctor.ts';
import type { Dtype } from '../embedding/model-files.ts';
import { UserError } from '../errors.ts';
import { startHeartbeat } from '../health.ts';
import { openReplayGuard } from '../http/replay-guard.ts';
import { startHttpInteractions } from '../http/server.ts';
import type { SearchMode } from '../kb/knowledge-base.ts';
import { addSecret, createLogger } from '../log.ts';
import { createServices, type RunningServices } from '../services.ts';
import { wordUserError } from '../user-messages.ts';
import { round } from '../verdict.ts';
import {
  renderAnalogy,
  renderEmbed,
  renderExplain,
  renderKbText,
  renderSearchText,
  renderSimilar,
  writePicture,
} from './render.ts';

interface Subcommand {
  usage: string;
  summary: string;
  help: string;
  options?: ParseArgsConfig['options'];
  /** Positional arguments: exact count, or [min, max]. */
  positionals: number | [number, number];
  run(args: Args, env: Env): Promise<void>;
}

type Args = { values: Record<string, string | boolean | undefined>; positionals: string[] };

interface Env {
  config: Config;
  services(): RunningServices;
  invocation: Invocation;
  print(text: string): void;
}

const json = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

function wholeNumber(name: string, raw: string | boolean | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`--${name} must be a whole number of 1 or more.`);
  return n;
}

function portNumber(raw: string | boolean | undefined): number {
  if (raw === undefined) return 8080;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UserError('--port must be a port number (0 picks a free one).');
  return n;
}

const OFFLINE_HINT = `Try the commands without Discord:
  npx embedbot similar "The cat sits on the mat" "A feline rests on the carpet"
  npx embedbot analogy king man woman
  npx embedbot --help`;

const subcommands: Record<string, Subcommand> = {
  embed: {
    usage: 'embedbot embed TEXT [--values N] [--full] [--compare TEXT] [--image FILE] [--json]',
    summary: 'show the 384 numbers a text becomes',
    help: 'Prints the dimensions, token count, length and the first values of the embedding.\n  --values N      how many leading values to show (default 10)\n  --full          print every value\n  --compare TEXT  a second text: its cosine, and its strip under the first in the picture\n  --image FILE    write the picture (the 384 values as a coloured strip) to FILE as PNG\n  --json          {model,dtype,dimensions,tokens,truncated,norm,vector}',
    options: {
      ...json,
      values: { type: 'string' },
      full: { type: 'boolean' },
      compare: { type: 'string' },
      image: { type: 'string' },
    },
    positionals: 1,
    async run({ values, positionals }, env) {
      const image = values.image as string | undefined;
      const r = await embed.run(
        {
          text: positionals[0]!,
          values: wholeNumber('values', values.values),
          compare: values.compare as string | undefined,
          picture: image !== undefined,
        },
        env.services(),
        env.invocation,
      );
      const { model, dtype, dimensions, tokens, truncated, norm, vector } = r;
      env.print(
        values.json
          ? JSON.stringify({ model, dtype, dimensions, tokens, truncated, norm, vector })
          : renderEmbed(r, values.full === true),
      );
      if (image !== undefined) {
        const note = await writePicture(image, r.picture);
        if (!values.json) env.print(note);
      }
    },
  },
  similar: {
    usage: 'embedbot similar A B [--json]',
    summary: 'how close in meaning two sentences (or up to ten) are',
    help: [
      'Prints cosine similarity, euclidean distance and dot product, with a verdict in words.',
      "With 3 to 10 sentences (embedbot similar A B C …, or --lines FILE) it prints every pair's cosine.",
      '  --lines FILE  read the sentences from FILE, one per line (- reads standard input)',
      '  --image FILE  write the picture (a score bar, or a heatmap of every pair) to FILE as PNG',
      '  --json        {cosine,euclidean,dot}; with 3 or more sentences {sentences,cosines}',
    ].join('\n'),
    options: { ...json, lines: { type: 'string' }, image: { type: 'string' } },
    positionals: [0, MAX_SENTENCES],
    async run({ values, positionals }, env) {
      const image = values.image as string | undefined;
      const file = values.lines as string | undefined;
      if (file === undefined && positionals.length < 2) {
        throw new UserError(`usage: ${subcommands.similar!.usage}`);
      }
      if (file !== undefined && positionals.length > 0) {
        throw new UserError('Give the sentences either as arguments or with --lines FILE, not both.');
      }
      const lines =
        file === undefined
          ? undefined
          : await fs
              .readFile(file === '-' ? '/dev/stdin' : file, 'utf8')
              .catch((error: NodeJS.ErrnoException) => {
                throw new UserError(`Could not read ${file}: ${error.code ?? error.message}`);
              });
      const [a, b, ...rest] = positionals;
      const extra = Object.fromEntries(EXTRA_SENTENCES.map((k, i) => [k, rest[i]]));
      const r = await similar.run(
        lines === undefined
          ? { a: a!, b, ...extra, picture: image !== undefined }
          : { a: '', lines, picture: image !== undefined },
        env.services(),
        env.invocation,
      );
      env.print(
        values.json
          ? JSON.stringify(
              r.kind === 'pair'
                ? { cosine: r.cosine, euclidean: r.euclidean, dot: r.dot }
                : { sentences: r.sentences, cosines: r.cosines },
            )
          : renderSimilar(r),
      );
      if (image !== undefined) {
        const note = await writePicture(image, r.picture);
        if (!values.json) env.print(note);
      }
    },
  },
  analogy: {
    usage:
      'embedbot analogy A B C [--candidates w1,w2,…] [--include-inputs] [--top N] [--image FILE] [--json]',
    summary: 'vector arithmetic: A − B + C ≈ ?',
    help: 'Ranks words by cosine to normalise(A − B + C), leaving A, B and C out unless asked.\n  --candidates w1,w2  words to rank (default: a built-in vocabulary of common words)\n  --include-inputs    rank A, B and C too (they usually come first: that is why they are left out)\n  --top N             how many results (default 5)\n  --image FILE        write the picture (a 2-D map of the words with the arithmetic as arrows) as PNG\n  --json              {results:[{word,score}]}',
    options: {
      ...json,
      candidates: { type: 'string' },
      'include-inputs': { type: 'boolean' },
      top: { type: 'string' },
      image: { type: 'string' },
    },
    positionals: 3,
    async run({ values, positionals }, env) {
      const [a, b, c] = positionals as [string, string, string];
      const image = values.image as string | undefined;
      const r = await analogy.run(
        {
          a,
          b,
          c,
          candidates: values.candidates as string | undefined,
          include_inputs: values['include-inputs'] === true,
          top: wholeNumber('top', values.top),
          picture: image !== undefined,
        },
        env.services(),
        env.invocation,
      );
      env.print(
        values.json
          ? JSON.stringify({ results: r.results.map(({ word, score }) => ({ word, score })) })
          : renderAnalogy(r),
      );
      if (image !== undefined) {
        const note = await writePicture(image, r.picture);
        if (!values.json) env.print(note);
      }
    },
  },
  explain: {
    usage: `embedbot explain [TOPIC] [--a A --b B] [--json]`,
    summary: 'how embeddings work, step by step',
    help: `Prints the walkthrough, or one page of it; with --a and --b, works the numbers out on two sentences.\n  TOPIC      one of: ${TOPICS.join(', ')}\n  --a, --b   two sentences: their pieces, dot product, norms, cosine, distance and top dimensions\n  --json     {start,pages:[{topic,title,body}]}, and live:{…} with --a and --b`,
    options: { ...json, a: { type: 'string' }, b: { type: 'string' } },
    positionals: [0, 1],
    async run({ values, positionals }, env) {
      const r = await explain.run(
        { topic: positionals[0], a: values.a as string | undefined, b: values.b as string | undefined },
        env.services(),
        env.invocation,
      );
      env.print(
        values.json
          ? JSON.stringify(r.live ? { live: r.live } : r)
          : renderExplain(r, positionals[0] !== undefined),
      );
    },
  },
  kb: {
    usage: 'embedbot kb <add|list|remove|clear|import|export|stats|reembed|demo> --guild ID [options]',
    summary: "manage a server's knowledge base",
    help: [
      '  add --guild ID (TEXT | --file PATH) [--title T]   add one document      --json {id}',
      '  list --guild ID [--page N | --all]                  10 per page           --json {total,documents:[{id,title,text}]}',
      '  remove --guild ID DOC_ID                            remove one document',
      '  clear --guild ID --yes                              remove every document of that server',
      '  import --guild ID FILE                              JSONL ({"text","title"} per line) or text (blank-line separated)',
      '  export --guild ID                                   JSONL on stdout',
      '  stats --guild ID                                    size, quota, settings',
      '  reembed --guild ID                                  re-embed every document with the current model',
      '  demo --guild ID                                     add the built-in demo documents',
      '  map --guild ID --image FILE                         draw the documents as a PNG (close together = similar)',
      '',
      'The store is KB_STORE (default sqlite://data/kb.sqlite).',
    ].join('\n'),
    options: {
      ...json,
      guild: { type: 'string' },
      title: { type: 'string' },
      file: { type: 'string' },
      page: { type: 'string' },
      all: { type: 'boolean' },
      yes: { type: 'boolean' },
      image: { type: 'string' },
    },
    positionals: [1, 2],
    async run({ values, positionals }, env) {
      const [action, arg] = positionals as [string, string | undefined];
      const guild = values.guild as string | undefined;
      if (!guild) throw new UserError('--guild ID is required (the server whose knowledge base to use).');
      const services = env.services();
      const at: Invocation = { ...env.invocation, guildId: guild };
      const out = (text: string, data: unknown) => env.print(values.json ? JSON.stringify(data) : text);
      if (action === 'reembed') {
        const r = await services.kb.reembed(guild);
        return out(`Re-embedded ${r.documents} documents with the current model.`, r);
      }
      const readFile = async (file: string) => ({
        name: path.basename(file),
        text: await fs.readFile(file, 'utf8'),
      });
      let input: KbInput;
      switch (action) {
        case 'add': {
          const file = values.file as string | undefined;
          if (!file && !arg) throw new UserError('Give the TEXT to add, or --file PATH.');
          input = {
            subcommand: 'add',
            text: arg,
            title: values.title as string | undefined,
            ...(file ? { file: await readFile(file) } : {}),
          };
          break;
        }
        case 'list':
          input = { subcommand: 'list', page: wholeNumber('page', values.page) };
          break;
        case 'remove':
          if (!arg) throw new UserError('Give the DOC_ID to remove (see embedbot kb list).');
          input = { subcommand: 'remove', id: arg };
          break;
        case 'clear':
          if (values.yes !== true)
            throw new UserError('This removes every document of that server: add --yes to confirm.');
          input = { subcommand: 'clear', confirm: true };
          break;
        case 'import':
          if (!arg) throw new UserError('Give the FILE to import.');
          input = { subcommand: 'import', file: await readFile(arg) };
          break;
        case 'export':
        case 'stats':
        case 'demo':
        case 'map':
          input = { subcommand: action };
          break;
        default:
          throw new UserError(`Unknown kb action "${action}". Run embedbot kb --help.`);
      }
      if (action === 'list' && values.all) {
        const all = await services.kb.list(guild, 1, Number.MAX_SAFE_INTEGER);
        return out(renderKbText({ kind: 'list', ...all }), {
          total: all.total,
          documents: all.documents.map(({ id, title, text }) => ({ id, title, text })),
        });
      }
      const r = await kb.run(input, services, at);
      switch (r.kind) {
        case 'added':
          return out(renderKbText(r), {
            id: r.id,
            ...(r.nearDuplicate ? { nearDuplicate: r.nearDuplicate } : {}),
          });
        case 'list':
          return out(renderKbText(r), {
            total: r.total,
            page: r.page,
            pages: r.pages,
            documents: r.documents.map(({ id, title, text }) => ({ id, title, text })),
          });
        case 'export':
          return env.print(r.jsonl);
        case 'map': {
          const file = values.image as string | undefined;
          if (file) await fs.writeFile(file, r.picture.png);
          return out(`${renderKbText(r)}${file ? `\nwrote ${file}` : ''}`, {
            documents: r.documents,
            shown: r.shown,
            image: file ?? null,
          });
        }
        default:
          return out(renderKbText(r), r);
      }
    },
  },
  search: {
    usage:
      'embedbot search --guild ID QUERY [--k N] [--mode semantic|keyword|hybrid] [--image FILE] [--json]',
    summary: "search a server's knowledge base by meaning",
    help: 'Ranks the documents of that server by their best-matching chunk.\n  --k N      how many results (default 5, at most 10)\n  --mode M   semantic (default), keyword (BM25) or hybrid (both, fused by rank)\n  --image F  also draw the knowledge base with the query marked, as a PNG\n  --json     {results:[{id,title,snippet,score}]}',
    options: {
      ...json,
      guild: { type: 'string' },
      k: { type: 'string' },
      mode: { type: 'string' },
      image: { type: 'string' },
    },
    positionals: 1,
    async run({ values, positionals }, env) {
      const guild = values.guild as string | undefined;
      if (!guild) throw new UserError('--guild ID is required (the server whose knowledge base to search).');
      const r = await search.run(
        {
          query: positionals[0]!,
          k: wholeNumber('k', values.k),
          mode: values.mode as SearchMode | undefined,
          map: typeof values.image === 'string',
        },
        env.services(),
        { ...env.invocation, guildId: guild },
      );
      if (r.picture && typeof values.image === 'string') await fs.writeFile(values.image, r.picture.png);
      env.print(
        values.json
          ? JSON.stringify({
              results: r.results.map(({ id, title, snippet, score }) => ({
                id,
                title,
                snippet,
                score: round(score),
              })),
            })
          : renderSearchText(r),
      );
    },
  },
  model: {
    usage: 'embedbot model fetch [--dtype int8|fp32|both] [--dir DIR]',
    summary: 'download the model for offline use',
    help: 'Downloads MODEL_ID from the Hugging Face hub into DIR (default data/model) and checks that it\nloads. Then set MODEL_DIR=DIR and the bot never contacts the hub.\n  --dtype   int8, fp32 or both (default both)',
    options: { dtype: { type: 'string' }, dir: { type: 'string' }, help: json.help },
    positionals: 1,
    async run({ values, positionals }, env) {
      if (positionals[0] !== 'fetch')
        throw new UserError('usage: embedbot model fetch [--dtype int8|fp32|both] [--dir DIR]');
      const choice = (values.dtype as string | undefined) ?? 'both';
      if (!['int8', 'fp32', 'both'].includes(choice))
        throw new UserError('--dtype must be int8, fp32 or both.');
      const dtypes: Dtype[] = choice === 'both' ? ['int8', 'fp32'] : [choice as Dtype];
      const dir = (values.dir as string | undefined) ?? 'data/model';
      // Imported here: transformers.js loads onnxruntime, which commands without the model never need.
      const { fetchModel } = await import('../model-fetch.ts');
      await fetchModel(env.config.model.modelId, dir, dtypes, env.print, env.config.model.hubUrl);
      env.print(`ready: export MODEL_DIR=${path.resolve(dir)}`);
    },
  },
  doctor: {
    usage: 'embedbot doctor [--quiet]',
    summary: 'check settings, model, store and token, in plain words',
    help: 'Checks every setting, loads the model, writes and reads a probe entry in KB_STORE and checks the\nshape of DISCORD_TOKEN. Exit code 0 when everything is fine.\n  --quiet  print only problems',
    options: { quiet: { type: 'boolean' }, help: json.help },
    positionals: 0,
    async run({ values }, env) {
      const problems = await doctor(env.config, (line) => {
        if (!values.quiet || line.startsWith('PROBLEM')) env.print(line);
      });
      if (problems > 0) throw new UserError(`${problems} problem(s) found.`);
    },
  },
  health: {
    usage: 'embedbot health',
    summary: 'exit 0 when a running bot wrote its heartbeat in the last minute',
    help: 'For container health checks: reads HEALTH_FILE, which a running bot rewrites every 15 s.',
    positionals: 0,
    async run(_args, env) {
      const beat = JSON.parse(await fs.readFile(env.config.healthFile, 'utf8').catch(() => '{}')) as {
        at?: number;
        ready?: boolean;
      };
      if (!beat.at || Date.now() - beat.at > 60_000 || !beat.ready)
        throw new UserError('no recent heartbeat from a connected bot');
      env.print('healthy');
    },
  },
  serve: {
    usage: 'embedbot serve [--port P] [--host H]',
    summary: 'answer Discord interactions over HTTP (no gateway; for replicas)',
    help: "Starts an HTTP server for Discord's Interactions Endpoint URL: POST /interactions (signature\nchecked with DISCORD_PUBLIC_KEY) and GET /healthz. With a Redis or PostgreSQL KB_STORE, several\nreplicas can serve one application behind a load balancer.\n  --port P   default 8080\n  --host H   default 0.0.0.0",
    options: { port: { type: 'string' }, host: { type: 'string' }, help: json.help },
    positionals: 0,
    async run({ values }, env) {
      const config = env.config;
      if (!config.discord.publicKey)
        throw new UserError(
          'DISCORD_PUBLIC_KEY is not set (Developer Portal → General Information → Public Key).',
        );
      const logger = createLogger(config.logLevel);
      addSecret(config.discord.token);
      const services = createServices(config, logger);
      await services.embedder.ready();
      const http = await startHttpInteractions({
        publicKey: config.discord.publicKey,
        services,
        logger,
        cooldown: config.cooldown,
        replays: await openReplayGuard(config.kb.store),
        port: portNumber(values.port),
        host: values.host as string | undefined,
        restApi: config.discord.api,
        token: config.discord.token,
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
      await untilSignal(logger, async () => {
        stopHeartbeat();
        await http.close();
        await services.close();
      });
    },
  },
  start: {
    usage: 'embedbot start',
    summary: 'run the Discord bot (needs DISCORD_TOKEN)',
    help: 'Reads .env, checks every setting, loads and warms the model and connects to Discord\n(Guilds intent only). Slash commands are registered separately with `embedbot deploy`.',
    positionals: 0,
    async run() {
      await runBot(parseConfig(process.env, { requireDiscord: true }));
    },
  },
  deploy: {
    usage: 'embedbot deploy [--guild ID]',
    summary: 'register the slash commands with Discord',
    help: 'Registers every slash command for the application. Global registration can take up to an hour\nto show; --guild ID registers in one server at once (for development). Needs DISCORD_TOKEN.',
    options: { guild: { type: 'string' }, help: json.help },
    positionals: 0,
    async run({ values }, env) {
      const config = parseConfig(process.env, { requireDiscord: true });
      const guild = values.guild as string | undefined;
      if (guild !== undefined && !/^\d{17,20}$/.test(guild))
        throw new UserError('--guild must be a server id (a long number).');
      const { count, scope } = await deployCommands({
        token: config.discord.token!,
        applicationId: config.discord.applicationId,
        guildId: guild,
      });
      env.print(`Registered ${count} commands for ${scope}.`);
    },
  },
};

function mainHelp(): string {
  const width = Math.max(...Object.values(subcommands).map((s) => s.usage.split(' ')[1]!.length));
  return [
    'embedbot: text embeddings you can see and use (all-MiniLM-L6-v2, running locally)',
    '',
    'Usage: embedbot <command> [options]   (embedbot <command> --help for details)',
    '',
    ...Object.entries(subcommands).map(([name, s]) => `  ${name.padEnd(width)}  ${s.summary}`),
    '',
    'Settings come from the environment or a .env file (see .env.example): MODEL_DIR, MODEL_DTYPE, …',
  ].join('\n');
}

/** Runs the CLI; returns the exit code. Output goes through `out`/`err` so tests can capture it. */
export async function main(
  argv: string[],
  out: (text: string) => void = (t) => process.stdout.write(`${t}\n`),
  err: (text: string) => void = (t) => process.stderr.write(`${t}\n`),
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(mainHelp());
    return name === undefined ? 1 : 0;
  }
  const sub = subcommands[name];
  if (!sub) {
    err(`embedbot: unknown command "${name}". Run embedbot --help for the list.`);
    return 1;
  }
  let services: RunningServices | undefined;
  try {
    const args = parseArgs({
      args: rest,
      options: sub.options ?? { help: json.help },
      allowPositionals: true,
    });
    if (args.values.help) {
      out(`Usage: ${sub.usage}\n\n${sub.help}`);
      return 0;
    }
    const [min, max] =
      typeof sub.positionals === 'number' ? [sub.positionals, sub.positionals] : sub.positionals;
    if (args.positionals.length < min || args.positionals.length > max) {
      throw new UserError(`usage: ${sub.usage}`);
    }
    const config = parseConfig(process.env);
    await sub.run(args as Args, {
      config,
      services: () => {
        services ??= createServices(config);
        return services;
      },
      print: out,
      invocation: { userId: 'cli', guildId: null },
    });
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      err(error.message);
      if (name === 'start' || name === 'deploy') err(`\n${START_HELP}\n\n${OFFLINE_HINT}`);
      return 2;
    }
    if (error instanceof UserError) {
      err(`embedbot ${name}: ${wordUserError(error, 'cli')}`);
      return 1;
    }
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`embedbot ${name}: ${(error as Error).message} (usage: ${sub.usage})`);
      return 1;
    }
    err(`embedbot ${name}: ${(error as Error).message}`);
    return 1;
  } finally {
    await services?.close();
  }
}

const START_HELP = `To connect the bot to Discord:
  1. Create an application at https://discord.com/developers/applications and add a Bot to it.
  2. Copy the bot token into a file named .env beside package.json:  DISCORD_TOKEN=your-token
     (start from .env.example, which lists every setting).
  3. Register the slash commands once:  npx embedbot deploy --guild YOUR_SERVER_ID
  4. Run npm start again.`;

/** The CLI as a process: bin/embedbot.js calls this, however it was reached (symlink, npm link, npm exec). */
export async function run(argv: string[] = process.argv.slice(2)): Promise<void> {
  dotenv.config({ quiet: true });
  process.exitCode = await main(argv);
}
