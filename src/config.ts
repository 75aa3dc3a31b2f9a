import os from 'node:os';
import path from 'node:path';
import type { Dtype } from './embedding/model-files.ts';

export interface Config {
  discord: {
    token: string | undefined;
    applicationId: string | undefined;
    /** The application's Ed25519 public key, for HTTP interactions (`embedbot serve`). */
    publicKey: string | undefined;
    /** Discord's REST base URL (only changed for tests). */
    api: string | undefined;
    /** How long `start` keeps retrying an unreachable Discord before it exits 1; unset means 120. */
    loginRetrySeconds?: number | undefined;
  };
  model: {
    modelId: string;
    dtype: Dtype;
    modelDir: string | undefined;
    cacheDir: string;
    /** The model hub's base URL (a mirror, or a local stand-in in tests). */
    hubUrl: string | undefined;
    threads: number;
    cacheSize: number;
  };
  cooldown: { uses: number; seconds: number };
  kb: { store: string; quota: number; memoryMb: number };
  /**
   * AUTOANSWER: whether the gateway bot asks for the privileged Message Content intent: `on` always,
   * `off` never; unset (or `auto`) when some server has an auto-answer channel.
   */
  autoAnswer: 'on' | 'off' | undefined;
  /** Gateway shards: 1 runs in this process; 'auto' or N > 1 starts discord.js's ShardingManager. */
  shards: number | 'auto';
  /** Written every 15 s by a running bot; `embedbot health` reads it. Relative to the working directory. */
  healthFile: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

/** Every problem found in the settings, so they can all be fixed in one go. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`The settings have ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export const DEFAULT_MODEL_ID = 'Xenova/all-MiniLM-L6-v2';
export const DEFAULT_DTYPE: Dtype = 'fp32';
/** Beside the default store (data/kb.sqlite), so two bots in two folders never share a heartbeat. */
export const DEFAULT_HEALTH_FILE = path.join('data', 'embedbot.health');
export const DEFAULT_LOGIN_RETRY_SECONDS = 120;

type Env = Record<string, string | undefined>;

/** Reads the settings once from the environment; `requireDiscord` makes the bot token mandatory. */
export function parseConfig(env: Env = process.env, options: { requireDiscord?: boolean } = {}): Config {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
      return fallback;
    }
    return n;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}").`);
      return fallback;
    }
    return raw as T;
  };

  const token = value('DISCORD_TOKEN');
  if (token === undefined && options.requireDiscord) {
    problems.push('DISCORD_TOKEN is not set: copy .env.example to .env and paste your bot token there.');
  } else if (token !== undefined && !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) {
    problems.push('DISCORD_TOKEN does not look like a bot token (three parts separated by dots).');
  }
  const applicationId = value('DISCORD_APPLICATION_ID');
  if (applicationId !== undefined && !/^\d{17,20}$/.test(applicationId)) {
    problems.push(`DISCORD_APPLICATION_ID must be a numeric id (got "${applicationId}").`);
  }

  const publicKey = value('DISCORD_PUBLIC_KEY');
  if (publicKey !== undefined && !/^[0-9a-fA-F]{64}$/.test(publicKey)) {
    problems.push('DISCORD_PUBLIC_KEY must be 64 hex characters (General Information → Public Key).');
  }
  const api = value('DISCORD_API_URL');
  if (api !== undefined && !/^https?:\/\/\S+$/.test(api))
    problems.push(`DISCORD_API_URL must be an http(s) URL (got "${api}").`);

  const config: Config = {
    discord: {
      token,
      applicationId,
      publicKey,
      api,
      loginRetrySeconds:
        value('LOGIN_RETRY_SECONDS') === undefined ? undefined : integer('LOGIN_RETRY_SECONDS', 0, 0, 3600),
    },
    model: {
      modelId: value('MODEL_ID') ?? DEFAULT_MODEL_ID,
      dtype: oneOf('MODEL_DTYPE', ['int8', 'fp32'] as const, DEFAULT_DTYPE),
      modelDir: value('MODEL_DIR'),
      cacheDir: value('MODEL_CACHE_DIR') ?? 'data/models',
      hubUrl: value('MODEL_HUB_URL'),
      threads: integer('MODEL_THREADS', os.availableParallelism(), 1, 64),
      cacheSize: integer('EMBED_CACHE_SIZE', 1000, 0, 1_000_000),
    },
    cooldown: {
      uses: integer('COOLDOWN_USES', 5, 1, 1000),
      seconds: integer('COOLDOWN_SECONDS', 10, 0, 3600),
    },
    kb: {
      store: value('KB_STORE') ?? 'sqlite://data/kb.sqlite',
      quota: integer('KB_QUOTA', 10_000, 1, 1_000_000),
      memoryMb: integer('KB_MEMORY_MB', 256, 1, 1_000_000),
    },
    autoAnswer: ((mode) => (mode === 'auto' ? undefined : mode))(
      oneOf('AUTOANSWER', ['auto', 'on', 'off'] as const, 'auto'),
    ),
    shards: value('SHARDS') === 'auto' ? 'auto' : integer('SHARDS', 1, 1, 1000),
    healthFile: value('HEALTH_FILE') ?? DEFAULT_HEALTH_FILE,
    logLevel: oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, 'info'),
  };
  if (!/^(sqlite|redis|rediss|postgres|postgresql):\/\/.+/.test(config.kb.store)) {
    problems.push(`KB_STORE must be a keyv URI such as sqlite://data/kb.sqlite (got "${config.kb.store}").`);
  }
  if (config.model.hubUrl !== undefined && !/^https?:\/\/\S+$/.test(config.model.hubUrl)) {
    problems.push(`MODEL_HUB_URL must be an http(s) URL (got "${config.model.hubUrl}").`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
