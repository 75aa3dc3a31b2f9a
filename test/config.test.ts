import os from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_DTYPE,
  DEFAULT_LOGIN_RETRY_SECONDS,
  DEFAULT_MODEL_ID,
  parseConfig,
} from '../src/config.ts';

// Shaped like a bot token (three dot-separated parts); not a real one.
const GOOD_TOKEN = 'MTAxNzQ0ODg0NTY3ODkwMTIzNA.GhIjKl.abcDEF_ghi-JKLmnoPQRstuVWXyz0123456';
const GOOD_APP_ID = '101744884567890123';

/** Runs `fn` and returns the ConfigError it throws; fails the test if it throws nothing or something else. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}

describe('parseConfig defaults', () => {
  it('gives every default for an empty env', () => {
    expect(parseConfig({})).toEqual({
      discord: { token: undefined, applicationId: undefined },
      model: {
        modelId: 'Xenova/all-MiniLM-L6-v2',
        dtype: 'fp32',
        modelDir: undefined,
        cacheDir: 'data/models',
        threads: os.availableParallelism(),
        cacheSize: 1000,
      },
      cooldown: { uses: 5, seconds: 10 },
      kb: { store: 'sqlite://data/kb.sqlite', quota: 10_000, memoryMb: 256 },
      healthFile: expect.any(String),
      shards: 1,
      logLevel: 'info',
    });
    expect(DEFAULT_MODEL_ID).toBe('Xenova/all-MiniLM-L6-v2');
    expect(DEFAULT_DTYPE).toBe('fp32');
  });

  it('treats empty and whitespace-only values as unset', () => {
    const c = parseConfig({
      DISCORD_TOKEN: '',
      DISCORD_APPLICATION_ID: '   ',
      MODEL_ID: ' ',
      MODEL_DTYPE: '',
      MODEL_DIR: '\t',
      MODEL_CACHE_DIR: '',
      MODEL_THREADS: ' ',
      EMBED_CACHE_SIZE: '',
      COOLDOWN_USES: '',
      COOLDOWN_SECONDS: '  ',
      LOG_LEVEL: '',
    });
    expect(c).toEqual(parseConfig({}));
  });

  it('ignores unrelated variables', () => {
    expect(parseConfig({ PATH: '/usr/bin', HOME: '/root', FOO: 'bar' })).toEqual(parseConfig({}));
  });
});

describe('parseConfig with valid values', () => {
  it('reads and trims every setting', () => {
    const c = parseConfig({
      DISCORD_TOKEN: `  ${GOOD_TOKEN}\n`,
      DISCORD_APPLICATION_ID: ` ${GOOD_APP_ID} `,
      MODEL_ID: ' Xenova/bge-small-en-v1.5 ',
      MODEL_DTYPE: 'int8',
      MODEL_DIR: ' ./models/minilm ',
      MODEL_CACHE_DIR: '/tmp/cache',
      MODEL_THREADS: ' 3 ',
      EMBED_CACHE_SIZE: '0',
      COOLDOWN_USES: '1000',
      COOLDOWN_SECONDS: '0',
      LOG_LEVEL: 'debug',
    });
    expect(c).toEqual({
      discord: { token: GOOD_TOKEN, applicationId: GOOD_APP_ID },
      model: {
        modelId: 'Xenova/bge-small-en-v1.5',
        dtype: 'int8',
        modelDir: './models/minilm',
        cacheDir: '/tmp/cache',
        threads: 3,
        cacheSize: 0,
      },
      cooldown: { uses: 1000, seconds: 0 },
      kb: { store: 'sqlite://data/kb.sqlite', quota: 10_000, memoryMb: 256 },
      healthFile: expect.any(String),
      shards: 1,
      logLevel: 'debug',
    });
  });

  it('accepts the inclusive bounds of every number', () => {
    const low = parseConfig({
      MODEL_THREADS: '1',
      EMBED_CACHE_SIZE: '0',
      COOLDOWN_USES: '1',
      COOLDOWN_SECONDS: '0',
    });
    expect(low.model.threads).toBe(1);
    expect(low.model.cacheSize).toBe(0);
    expect(low.cooldown).toEqual({ uses: 1, seconds: 0 });
    const high = parseConfig({
      MODEL_THREADS: '64',
      EMBED_CACHE_SIZE: '1000000',
      COOLDOWN_USES: '1000',
      COOLDOWN_SECONDS: '3600',
    });
    expect(high.model.threads).toBe(64);
    expect(high.model.cacheSize).toBe(1_000_000);
    expect(high.cooldown).toEqual({ uses: 1000, seconds: 3600 });
  });

  it('accepts each log level', () => {
    for (const level of ['debug', 'info', 'warn', 'error'] as const) {
      expect(parseConfig({ LOG_LEVEL: level }).logLevel).toBe(level);
    }
  });

  it('accepts application ids of 17 to 20 digits', () => {
    expect(parseConfig({ DISCORD_APPLICATION_ID: '1'.repeat(17) }).discord.applicationId).toBe(
      '1'.repeat(17),
    );
    expect(parseConfig({ DISCORD_APPLICATION_ID: '9'.repeat(20) }).discord.applicationId).toBe(
      '9'.repeat(20),
    );
  });
});

describe('parseConfig errors', () => {
  it('reports a single problem as a ConfigError', () => {
    const err = configError(() => parseConfig({ MODEL_THREADS: '0' }));
    expect(err.name).toBe('ConfigError');
    expect(err).toBeInstanceOf(Error);
    expect(err.problems).toEqual(['MODEL_THREADS must be a whole number from 1 to 64 (got "0").']);
    expect(err.message).toBe(
      'The settings have 1 problem(s):\n  - MODEL_THREADS must be a whole number from 1 to 64 (got "0").',
    );
  });

  it('reports every malformed value together in one error', () => {
    const err = configError(() =>
      parseConfig({
        DISCORD_APPLICATION_ID: 'my-app',
        MODEL_DTYPE: 'fp16',
        MODEL_THREADS: '2.5',
        EMBED_CACHE_SIZE: '-1',
        COOLDOWN_USES: 'five',
        COOLDOWN_SECONDS: '3601',
        LOG_LEVEL: 'verbose',
      }),
    );
    expect(err.problems).toHaveLength(7);
    expect(err.problems).toEqual([
      'DISCORD_APPLICATION_ID must be a numeric id (got "my-app").',
      'MODEL_DTYPE must be one of int8, fp32 (got "fp16").',
      'MODEL_THREADS must be a whole number from 1 to 64 (got "2.5").',
      'EMBED_CACHE_SIZE must be a whole number from 0 to 1000000 (got "-1").',
      'COOLDOWN_USES must be a whole number from 1 to 1000 (got "five").',
      'COOLDOWN_SECONDS must be a whole number from 0 to 3600 (got "3601").',
      'LOG_LEVEL must be one of debug, info, warn, error, silent (got "verbose").',
    ]);
    expect(err.message).toMatch(/^The settings have 7 problem\(s\):\n/);
    for (const p of err.problems) expect(err.message).toContain(`  - ${p}`);
  });

  it('reports only the bad variables when good ones are mixed in', () => {
    const err = configError(() =>
      parseConfig({
        MODEL_THREADS: '4',
        EMBED_CACHE_SIZE: '1000001',
        COOLDOWN_USES: '0',
        LOG_LEVEL: 'warn',
      }),
    );
    expect(err.problems).toHaveLength(2);
    expect(err.problems[0]).toContain('EMBED_CACHE_SIZE');
    expect(err.problems[0]).toContain('"1000001"');
    expect(err.problems[1]).toContain('COOLDOWN_USES');
    expect(err.problems[1]).toContain('"0"');
  });

  it.each([
    ['MODEL_THREADS', '65'],
    ['MODEL_THREADS', 'abc'],
    ['MODEL_THREADS', 'Infinity'],
    ['MODEL_THREADS', 'NaN'],
    ['EMBED_CACHE_SIZE', '1.1'],
    ['COOLDOWN_USES', '1001'],
    ['COOLDOWN_SECONDS', '-5'],
  ])('refuses %s=%s', (name, raw) => {
    const err = configError(() => parseConfig({ [name]: raw }));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(new RegExp(`^${name} must be a whole number`));
    expect(err.problems[0]).toContain(`(got "${raw}")`);
  });

  it.each([
    '1234567890123456', // 16 digits
    '123456789012345678901', // 21 digits
    '12345678901234567a',
  ])('refuses DISCORD_APPLICATION_ID=%s', (raw) => {
    const err = configError(() => parseConfig({ DISCORD_APPLICATION_ID: raw }));
    expect(err.problems).toEqual([`DISCORD_APPLICATION_ID must be a numeric id (got "${raw}").`]);
  });
});

describe('parseConfig and the Discord token', () => {
  it('does not need a token unless asked to', () => {
    expect(parseConfig({}).discord.token).toBeUndefined();
    expect(parseConfig({}, { requireDiscord: false }).discord.token).toBeUndefined();
  });

  it('makes DISCORD_TOKEN mandatory with requireDiscord', () => {
    for (const env of [{}, { DISCORD_TOKEN: '' }, { DISCORD_TOKEN: '   ' }]) {
      const err = configError(() => parseConfig(env, { requireDiscord: true }));
      expect(err.problems).toHaveLength(1);
      expect(err.problems[0]).toMatch(/^DISCORD_TOKEN is not set/);
    }
  });

  it('accepts a well-formed token with requireDiscord', () => {
    const c = parseConfig({ DISCORD_TOKEN: GOOD_TOKEN }, { requireDiscord: true });
    expect(c.discord.token).toBe(GOOD_TOKEN);
  });

  it('reports a missing token alongside other problems', () => {
    const err = configError(() => parseConfig({ LOG_LEVEL: 'loud' }, { requireDiscord: true }));
    expect(err.problems).toHaveLength(2);
    expect(err.problems[0]).toMatch(/^DISCORD_TOKEN is not set/);
    expect(err.problems[1]).toMatch(/^LOG_LEVEL/);
  });

  it.each([
    'justonepart',
    'two.parts',
    'a.b.c.d',
    'a..c',
    '.b.c',
    'has space.in.it',
    'bad$char.b.c',
    'Bot abc.def.ghi',
  ])('refuses the malformed token %s, with or without requireDiscord', (token) => {
    for (const requireDiscord of [false, true]) {
      const err = configError(() => parseConfig({ DISCORD_TOKEN: token }, { requireDiscord }));
      expect(err.problems).toEqual([
        'DISCORD_TOKEN does not look like a bot token (three parts separated by dots).',
      ]);
    }
  });

  it('never puts the token value in any error message', () => {
    const secrets = [
      'SuperSecretTokenValue-12345', // malformed: no dots
      'SuperSecret.TokenValue', // malformed: two parts
      'Super.Secret.Token.Value', // malformed: four parts
      'Super Secret.Token.Value', // malformed: a space
    ];
    for (const secret of secrets) {
      for (const requireDiscord of [false, true]) {
        const err = configError(() =>
          parseConfig(
            {
              DISCORD_TOKEN: secret,
              DISCORD_APPLICATION_ID: 'x',
              MODEL_DTYPE: 'bad',
              MODEL_THREADS: 'bad',
              LOG_LEVEL: 'bad',
            },
            { requireDiscord },
          ),
        );
        expect(err.problems).toHaveLength(5);
        const texts = [err.message, String(err), err.stack ?? '', JSON.stringify(err), ...err.problems];
        for (const text of texts) {
          expect(text).not.toContain(secret);
          // No recognisable fragment of it either.
          expect(text).not.toContain('Secret');
        }
      }
    }
  });

  it('keeps a well-formed token out of errors about other settings', () => {
    const err = configError(() => parseConfig({ DISCORD_TOKEN: GOOD_TOKEN, COOLDOWN_USES: '0' }));
    expect(err.problems).toHaveLength(1);
    expect(err.message).not.toContain(GOOD_TOKEN);
    expect(err.message).not.toContain('GhIjKl');
  });
});

describe('parseConfig knowledge-base settings', () => {
  it('reads KB_STORE and KB_QUOTA and refuses a store that is not a keyv URI', () => {
    expect(parseConfig({ KB_STORE: 'redis://localhost:6379', KB_QUOTA: '50' }).kb).toEqual({
      store: 'redis://localhost:6379',
      quota: 50,
      memoryMb: 256,
    });
    expect(parseConfig({ KB_MEMORY_MB: '64' }).kb.memoryMb).toBe(64);
    expect(() => parseConfig({ KB_MEMORY_MB: '0' })).toThrow(/KB_MEMORY_MB must be a whole number/);
    expect(() => parseConfig({ KB_STORE: 'data/kb.sqlite' })).toThrow(/KB_STORE must be a keyv URI/);
  });
});

describe('parseConfig: start-up retries', () => {
  it('LOGIN_RETRY_SECONDS is a whole number of seconds from 0 to 3600; unset means the default', () => {
    expect(parseConfig({}).discord.loginRetrySeconds).toBeUndefined();
    expect(DEFAULT_LOGIN_RETRY_SECONDS).toBe(120);
    expect(parseConfig({ LOGIN_RETRY_SECONDS: ' 5 ' }).discord.loginRetrySeconds).toBe(5);
    expect(parseConfig({ LOGIN_RETRY_SECONDS: '0' }).discord.loginRetrySeconds).toBe(0);
    expect(configError(() => parseConfig({ LOGIN_RETRY_SECONDS: 'soon' })).problems).toEqual([
      'LOGIN_RETRY_SECONDS must be a whole number from 0 to 3600 (got "soon").',
    ]);
    expect(configError(() => parseConfig({ LOGIN_RETRY_SECONDS: '3601' })).problems).toHaveLength(1);
  });
});
