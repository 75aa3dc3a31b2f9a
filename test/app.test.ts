import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { warnAtStartup } from '../src/app.ts';
import { capturingLogger } from './helpers/kb.ts';

const saved = process.env.EMBEDBOT_NATIVE_GRAPH;
afterEach(() => {
  if (saved === undefined) delete process.env.EMBEDBOT_NATIVE_GRAPH;
  else process.env.EMBEDBOT_NATIVE_GRAPH = saved;
});

describe('start-up warnings of start and serve', () => {
  it('say once, before any server needs it, that the native graph is not built and how to build it', () => {
    process.env.EMBEDBOT_NATIVE_GRAPH = path.join(os.tmpdir(), 'embedbot-no-such-dir', 'hnsw.node');
    const { logger, lines } = capturingLogger('warn');
    warnAtStartup(logger);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40 });
    expect(String(lines[0]!.msg)).toMatch(/native HNSW graph not built .*searched exactly.*npm run native/);
  });

  it('say nothing when the addon file is there (it is loaded only when a server first needs it)', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'embedbot-graph-')), 'hnsw.node');
    writeFileSync(file, 'not loaded at start-up');
    process.env.EMBEDBOT_NATIVE_GRAPH = file;
    const { logger, lines } = capturingLogger('warn');
    warnAtStartup(logger);
    expect(lines).toEqual([]);
  });
});
