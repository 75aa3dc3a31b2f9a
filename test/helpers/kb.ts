import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { ModelInfo, TextEmbedder } from '../../src/embedding/embedder.ts';
import { encodeVectors, type IndexedDocument, type StoredDocument } from '../../src/kb/document.ts';
import { type KvStore, openStore, StoreError } from '../../src/kb/store.ts';
import { createLogger, type Logger } from '../../src/log.ts';

/** A fresh directory under the OS temp dir, and a way to remove it with everything opened in it. */
export async function tempDir(prefix = 'embedbot-kb-'): Promise<{
  dir: string;
  /** Opens (and remembers, for cleanup) a real SQLite store on `name` inside the directory. */
  open: (name?: string) => Promise<KvStore>;
  file: (name?: string) => string;
  cleanup: () => Promise<void>;
}> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const opened: KvStore[] = [];
  const file = (name = 'kb.sqlite') => path.join(dir, name);
  return {
    dir,
    file,
    open: async (name = 'kb.sqlite') => {
      const store = await openStore(`sqlite://${file(name)}`);
      opened.push(store);
      return store;
    },
    cleanup: async () => {
      await Promise.allSettled(opened.map((s) => s.close()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const silentLogger = (): Logger => createLogger('silent');

/** A logger whose JSON lines are kept in memory. */
export function capturingLogger(level = 'debug'): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { logger: createLogger(level, stream), lines };
}

/**
 * Wraps a real store with injectable faults: the Nth `set` or `delete` (1-based, counted over the
 * wrapper's life) throws, and scans can fail before or part-way through their entries.
 */
export class FaultyStore implements KvStore {
  /** Calls to set, failed ones included. */
  sets = 0;
  /** Keys actually written through. */
  readonly written: string[] = [];
  failSetNumber: number | undefined;
  /** Every set from this one on fails (a full disk). */
  failSetsFrom: number | undefined;
  /** When set, a scan yields this many entries and then throws. */
  failScanAfter: number | undefined;
  /** Calls to delete, failed ones included. */
  deletes = 0;
  failDeleteNumber: number | undefined;

  constructor(readonly inner: KvStore) {}

  get(key: string): Promise<string | undefined> {
    return this.inner.get(key);
  }

  async set(key: string, value: string): Promise<void> {
    this.sets++;
    if (this.sets === this.failSetNumber) throw new StoreError(`injected failure writing ${key}`);
    if (this.failSetsFrom !== undefined && this.sets >= this.failSetsFrom)
      throw new StoreError('injected failure: no space left on device');
    await this.inner.set(key, value);
    this.written.push(key);
  }

  async delete(key: string): Promise<boolean> {
    this.deletes++;
    if (this.deletes === this.failDeleteNumber) throw new StoreError(`injected failure deleting ${key}`);
    return this.inner.delete(key);
  }

  async *scan(prefix: string): AsyncIterable<[string, string]> {
    let yielded = 0;
    if (this.failScanAfter === 0) throw new StoreError(`injected failure listing ${prefix}`);
    for await (const entry of this.inner.scan(prefix)) {
      yield entry;
      yielded++;
      if (this.failScanAfter !== undefined && yielded >= this.failScanAfter) {
        throw new StoreError(`injected failure listing ${prefix} after ${yielded} entries`);
      }
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Every entry of a store under `prefix`, as a Map. */
export async function entries(store: KvStore, prefix: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const [key, value] of store.scan(prefix)) out.set(key, value);
  return out;
}

/** The raw bits of float32 values, for bit-for-bit comparisons. */
export const bits = (values: Float32Array): number[] =>
  Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));

/** float32 values whose bits are easy to lose: -0, subnormals, the extremes. */
export const SPECIAL_FLOATS = [
  -0,
  0,
  1e-45, // smallest subnormal
  -1e-45,
  1.4e-45, // rounds to the same smallest subnormal
  2.5e-42, // another subnormal
  1.1754942106924411e-38, // largest subnormal
  1.1754943508222875e-38, // smallest normal
  3.4028234663852886e38, // largest float32
  -3.4028234663852886e38,
  0.1,
  -0.3333333432674408,
  1,
  -1,
  123456.7890625,
];

/**
 * A stand-in embedder for knowledge-base logic that needs no model: each text maps to a fixed unit
 * vector drawn from its SHA-256 (equal texts, equal vectors; different texts nearly orthogonal).
 * `ready` counts its calls, so tests can show a path never asked for the model.
 */
export function hashEmbedder(dimensions = 16): TextEmbedder & { readyCalls: number } {
  const info: ModelInfo = { modelId: 'test/hash', dtype: 'fp32', dimensions, window: 256 };
  const vector = (text: string): Float32Array => {
    const out = new Float32Array(dimensions);
    let seed = createHash('sha256').update(text).digest();
    for (let i = 0; i < dimensions; i++) {
      if (i % 8 === 0 && i > 0) seed = createHash('sha256').update(seed).digest();
      out[i] = (seed.readUInt32BE((i % 8) * 4) / 2 ** 32) * 2 - 1;
    }
    const norm = Math.hypot(...out);
    return out.map((v) => v / norm);
  };
  const embedder = {
    readyCalls: 0,
    ready: async () => {
      embedder.readyCalls++;
      return info;
    },
    embed: async (text: string) => ({ vector: vector(text), tokens: 1, truncated: false }),
    embedMany: async (texts: readonly string[]) =>
      texts.map((text) => ({ vector: vector(text), tokens: 1, truncated: false })),
    pieces: async (text: string) => text.split(/\s+/),
  };
  return embedder;
}

export const HASH_MODEL = { id: 'test/hash', dtype: 'fp32', window: 256 } as const;

/** A document as an index holds it (no vectors), for index tests. */
export const indexedDocument = (id: string): IndexedDocument => ({
  v: 1,
  id,
  title: null,
  text: `document ${id}`,
  addedBy: 'test',
  addedAt: '2026-01-01T00:00:00.000Z',
  model: { id: 'm', dtype: 'fp32', window: 256 },
  chunks: [{ start: 0, end: 10 }],
});

/** A document's row as the knowledge base stores it: one chunk, the whole text, these vectors. */
export const storedRow = (
  id: string,
  text: string,
  vectors: Float32Array,
  model: StoredDocument['model'],
  extra: Partial<StoredDocument> = {},
): string =>
  JSON.stringify({
    v: 1,
    id,
    title: null,
    text,
    addedBy: 'u',
    addedAt: '2024-01-01T00:00:00.000Z',
    model,
    chunks: [{ start: 0, end: text.length }],
    vectors: encodeVectors(vectors),
    ...extra,
  });
