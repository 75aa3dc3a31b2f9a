import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateModel, type ModelFetcher } from './locate-model.ts';

const HOME = '/home/u';
const CACHE = path.join(HOME, '.cache/embedbot/all-MiniLM-L6-v2');

/** A file system of folders that hold the model; fetchers add to it. */
function world(initial: string[] = []) {
  const folders = new Set(initial);
  const calls: string[] = [];
  const fetcher = (name: string, outcome: 'works' | 'fails' | 'absent' | 'leaves nothing'): ModelFetcher => ({
    name,
    unavailable: () => (outcome === 'absent' ? 'not installed' : undefined),
    async fetch(dir) {
      calls.push(`${name} → ${dir}`);
      if (outcome === 'fails') throw new Error(`${name} unreachable\nENOTFOUND`);
      if (outcome === 'works') folders.add(dir);
    },
  });
  return { present: (dir: string) => folders.has(dir), calls, fetcher };
}

describe('locateModel (which model the tests use, and how it is obtained)', () => {
  it('uses MODEL_DIR when it holds the model, fetching nothing', async () => {
    const w = world(['/models/mini']);
    const found = await locateModel({
      env: { HOME, MODEL_DIR: '/models/mini' },
      fetchers: [w.fetcher('hub', 'works')],
      present: w.present,
    });
    expect(found).toEqual({ dir: '/models/mini' });
    expect(w.calls).toEqual([]);
  });

  it('without MODEL_DIR uses the user cache when the model is already there', async () => {
    const w = world([CACHE]);
    const found = await locateModel({
      env: { HOME },
      fetchers: [w.fetcher('hub', 'works')],
      present: w.present,
    });
    expect(found).toEqual({ dir: CACHE });
    expect(w.calls).toEqual([]);
  });

  it('fetches into the user cache from the hub first', async () => {
    const w = world();
    const found = await locateModel({
      env: { HOME },
      fetchers: [w.fetcher('hub', 'works'), w.fetcher('maven', 'works')],
      present: w.present,
    });
    expect(found).toEqual({ dir: CACHE, fetchedBy: 'hub' });
    expect(w.calls).toEqual([`hub → ${CACHE}`]);
  });

  it('falls back to Maven when the hub cannot be reached', async () => {
    const w = world();
    const found = await locateModel({
      env: { HOME },
      fetchers: [w.fetcher('hub', 'fails'), w.fetcher('maven', 'works')],
      present: w.present,
    });
    expect(found).toEqual({ dir: CACHE, fetchedBy: 'maven' });
    expect(w.calls).toEqual([`hub → ${CACHE}`, `maven → ${CACHE}`]);
  });

  it('fetches into a named MODEL_DIR that lacks the model', async () => {
    const w = world();
    const found = await locateModel({
      env: { HOME, MODEL_DIR: 'rel/model' },
      fetchers: [w.fetcher('hub', 'works')],
      present: w.present,
    });
    expect(found).toEqual({ dir: path.resolve('rel/model'), fetchedBy: 'hub' });
  });

  it('without any source says why each failed (the last line of each error)', async () => {
    const w = world();
    const found = await locateModel({
      env: { HOME },
      fetchers: [w.fetcher('hub', 'fails'), w.fetcher('maven', 'absent'), w.fetcher('odd', 'leaves nothing')],
      present: w.present,
    });
    expect(found).toEqual({
      dir: undefined,
      target: CACHE,
      reason: `MODEL_DIR is unset; hub: ENOTFOUND; maven: not installed; odd: finished without leaving the model in ${CACHE}`,
    });
    expect(w.calls).toEqual([`hub → ${CACHE}`, `odd → ${CACHE}`]);
  });

  it('with fetching off reports that', async () => {
    const w = world();
    const found = await locateModel({ env: { HOME, MODEL_DIR: '/nope' }, fetchers: [], present: w.present });
    expect(found).toMatchObject({
      dir: undefined,
      reason: 'MODEL_DIR=/nope has no model; fetching is off (EMBEDBOT_MODEL_FETCH=0)',
    });
  });
});
