import { setTimeout as sleep } from 'node:timers/promises';
import type {
  APIEmbed,
  APIInteraction,
  Client,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { expect } from 'vitest';
import type { Command, Services } from '../../src/command.ts';
import { Dispatcher, type DispatcherOptions } from '../../src/discord/dispatcher.ts';
import type { Embedding, ModelInfo, TextEmbedder } from '../../src/embedding/embedder.ts';
import { KnowledgeBase } from '../../src/kb/knowledge-base.ts';
import { lazyStore } from '../../src/kb/store.ts';
import { createLogger, type Logger } from '../../src/log.ts';
import { Vocabulary } from '../../src/vocabulary.ts';
import { type FakeDiscord, inject, type Recorded } from '../helpers/fake-discord.ts';

/** A UTF-16 surrogate that is not half of a pair: what a cut through an emoji leaves behind. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** "METHOD /path" with the path decoded (discord.js sends @original as %40original). */
export const route = (r: Recorded): string => `${r.method} ${decodeURIComponent(r.path)}`;

/** The requests that belong to one interaction (its token is in every path it uses). */
export const requestsOf = (fake: FakeDiscord, raw: APIInteraction): Recorded[] =>
  fake.requests.filter((r) => r.path.includes(raw.token));

/**
 * Injects an interaction, waits for `count` requests for it, then waits `quietMs` more and checks
 * that nothing else arrived: "exactly N requests", not "at least N".
 */
export async function exchange(
  fake: FakeDiscord,
  client: Client,
  raw: APIInteraction,
  count: number,
  { quietMs = 150, timeoutMs = 15_000 } = {},
): Promise<Recorded[]> {
  inject(client, raw);
  const deadline = Date.now() + timeoutMs;
  while (requestsOf(fake, raw).length < count) {
    if (Date.now() > deadline) {
      throw new Error(
        `Expected ${count} requests for ${raw.id}, got: ${JSON.stringify(requestsOf(fake, raw), null, 1)}`,
      );
    }
    await sleep(10);
  }
  await sleep(quietMs);
  const mine = requestsOf(fake, raw);
  expect(mine.map(route)).toHaveLength(count);
  return mine;
}

/** Interaction paths for an interaction, in the shape discord.js produces them. */
export const paths = (raw: APIInteraction) => ({
  callback: `POST /interactions/${raw.id}/${raw.token}/callback`,
  original: (method: 'PATCH' | 'DELETE') =>
    `${method} /webhooks/${raw.application_id}/${raw.token}/messages/@original`,
  followUp: `POST /webhooks/${raw.application_id}/${raw.token}`,
});

/** A pino destination that keeps every line. */
export function captureLogs(level = 'info'): { logger: Logger; lines: string[]; entries(): LogEntry[] } {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void lines.push(line) });
  return { logger, lines, entries: () => lines.map((l) => JSON.parse(l) as LogEntry) };
}

export interface LogEntry {
  level: number;
  msg: string;
  ref?: string;
  command?: string;
  outcome?: string;
  err?: { type?: string; message?: string; stack?: string };
  [key: string]: unknown;
}

/** A command that exists only in tests, with a `run` that records its calls. */
export function testCommand(
  data: Partial<RESTPostAPIChatInputApplicationCommandsJSONBody> & { name: string },
  behaviour: Partial<Omit<Command, 'data' | 'run'>> & {
    run?: (input: Record<string, unknown>) => Promise<unknown>;
  },
): Command & { calls: Record<string, unknown>[] } {
  const calls: Record<string, unknown>[] = [];
  const { run, ...rest } = behaviour;
  return {
    data: { description: `test-only /${data.name}`, ...data },
    ...rest,
    calls,
    async run(input) {
      calls.push(input);
      return run ? run(input) : undefined;
    },
  };
}

/** An embedder that answers (unit vectors of 384) only after `delayMs`, like a model on a busy box. */
export class SlowEmbedder implements TextEmbedder {
  calls = 0;
  constructor(private readonly delayMs: number) {}

  private later<T>(value: T): Promise<T> {
    this.calls++;
    return sleep(this.delayMs, value);
  }

  private static unit(): Embedding {
    const vector = new Float32Array(384);
    vector[0] = 1;
    return { vector, tokens: 5, truncated: false };
  }

  ready(): Promise<ModelInfo> {
    return this.later({ modelId: 'fake/slow-model', dtype: 'fp32', dimensions: 384, window: 256 });
  }
  embed(_text: string): Promise<Embedding> {
    return this.later(SlowEmbedder.unit());
  }
  embedMany(texts: readonly string[]): Promise<Embedding[]> {
    return this.later(texts.map(() => SlowEmbedder.unit()));
  }
  pieces(text: string): Promise<string[]> {
    return this.later(text.split(/\s+/));
  }
}

/** Services for tests that never reach the real model (the store is in memory, opened on first use). */
export const noModelServices = (embedder: TextEmbedder = new SlowEmbedder(0)): Services => ({
  embedder,
  vocabulary: new Vocabulary(),
  kb: new KnowledgeBase({
    store: lazyStore('sqlite://:memory:'),
    embedder,
    logger: createLogger('silent'),
  }),
});

/** A client wired to a dispatcher, as bot.ts wires them. */
export function wire(
  fake: FakeDiscord,
  options: Partial<DispatcherOptions> & Pick<DispatcherOptions, 'commands'>,
): { client: Client; dispatcher: Dispatcher; logs: ReturnType<typeof captureLogs> } {
  const logs = captureLogs();
  const dispatcher = new Dispatcher({
    services: noModelServices(),
    logger: logs.logger,
    cooldown: { uses: 100, seconds: 10 },
    ...options,
  });
  const client = fake.client();
  client.on('interactionCreate', dispatcher.handle);
  return { client, dispatcher, logs };
}

/** Every character Discord counts towards an embed's 6,000 limit. */
export function embedLength(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** All strings anywhere inside a JSON value. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** The same embedder, every answer `ms` later. */
export function delayed(embedder: TextEmbedder, ms: number): TextEmbedder {
  const late = async <T>(p: Promise<T>): Promise<T> => {
    const value = await p;
    await sleep(ms);
    return value;
  };
  return {
    ready: () => late(embedder.ready()),
    embed: (text) => late(embedder.embed(text)),
    embedMany: (texts) => late(embedder.embedMany(texts)),
    pieces: (text) => late(embedder.pieces(text)),
  };
}
