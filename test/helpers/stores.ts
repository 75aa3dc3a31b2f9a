import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type KvStore, openStore } from '../../src/kb/store.ts';
import { tempStore } from './services.ts';

export interface StoreBackend {
  name: string;
  open(): Promise<KvStore>;
  /** Two separately opened connections to one store (as two processes would have). */
  openTwo(): Promise<[KvStore, KvStore]>;
}

function sqliteTwo(): Promise<[KvStore, KvStore]> {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'embedbot-two-')), 'kb.sqlite');
  return Promise.all([openStore(`sqlite://${file}`), openStore(`sqlite://${file}`)]);
}

const redis = process.env.KB_TEST_REDIS_URL;
const postgres = process.env.KB_TEST_POSTGRES_URL;
if (process.env.CI && (!redis || !postgres)) {
  throw new Error('CI: KB_TEST_REDIS_URL and KB_TEST_POSTGRES_URL must be set (.ci/run starts both servers)');
}
if (!redis || !postgres) {
  console.warn(
    'Store tests run on SQLite only: set KB_TEST_REDIS_URL and KB_TEST_POSTGRES_URL for Redis and PostgreSQL.',
  );
}

function uriBackend(name: string, uri: string): StoreBackend {
  return {
    name,
    open: () => openStore(uri),
    openTwo: () => Promise.all([openStore(uri), openStore(uri)]),
  };
}

/** Every backend the store suite runs on: SQLite always, Redis and PostgreSQL when configured (always in CI). */
export const storeBackends: StoreBackend[] = [
  { name: 'sqlite', open: async () => tempStore(), openTwo: sqliteTwo },
  ...(redis ? [uriBackend('redis', redis)] : []),
  ...(postgres ? [uriBackend('postgres', postgres)] : []),
];

/** A server id no other test run uses, so shared Redis/PostgreSQL databases never collide. */
export function freshGuild(): string {
  return `${Date.now()}${Math.floor(Math.random() * 1e6)}`.slice(0, 19);
}
