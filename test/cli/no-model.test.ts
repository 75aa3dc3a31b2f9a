import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DTYPE, DEFAULT_MODEL_ID } from '../../src/config.ts';
import { docKey } from '../../src/kb/document.ts';
import { MODEL_WINDOW } from '../../src/services.ts';
import { storedRow, tempDir } from '../helpers/kb.ts';

const run = promisify(execFile);
const root = path.resolve('.');

/**
 * Runs the CLI's main() in a child process with no model anywhere (no folder, a hub that refuses
 * connections) and reports its exit code, output and whether onnxruntime's native library was
 * loaded into the process.
 */
async function cli(store: string, ...argv: string[]) {
  const probe = `
    const { main } = await import(${JSON.stringify(path.join(root, 'src/cli/main.ts'))});
    let out = '', err = '';
    const code = await main(JSON.parse(process.env.PROBE_ARGV), (t) => { out += t + '\\n'; }, (t) => { err += t + '\\n'; });
    const onnx = process.report.getReport().sharedObjects.filter((s) => /onnxruntime/.test(s));
    process.stdout.write(JSON.stringify({ code, out, err, onnx, rss: process.memoryUsage().rss }));
  `;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], {
    cwd: root,
    timeout: 60_000,
    env: {
      ...process.env,
      PROBE_ARGV: JSON.stringify(argv),
      KB_STORE: store,
      MODEL_DIR: '/nonexistent',
      MODEL_HUB_URL: 'http://127.0.0.1:9',
      LOG_LEVEL: 'silent',
    },
  });
  return JSON.parse(stdout) as { code: number; out: string; err: string; onnx: string[]; rss: number };
}

describe('commands that need no model', () => {
  let temp: Awaited<ReturnType<typeof tempDir>>;
  let store: string;
  const G = '555';
  beforeAll(async () => {
    temp = await tempDir();
    store = `sqlite://${temp.file()}`;
    const kv = await temp.open();
    // Two documents as the real model would have stored them (random unit vectors of its size).
    for (const [i, id] of ['0000000000aaa', '0000000000bbb'].entries()) {
      const vector = new Float32Array(384).map(() => Math.random() - 0.5);
      const norm = Math.hypot(...vector);
      const text = `Stored document number ${i}.`;
      await kv.set(
        docKey(G, id),
        storedRow(
          id,
          text,
          vector.map((v) => v / norm),
          { id: DEFAULT_MODEL_ID, dtype: DEFAULT_DTYPE, window: MODEL_WINDOW },
        ),
      );
    }
    await kv.close();
  });
  afterAll(() => temp.cleanup());

  it('kb list, stats, export, remove and clear run without the model and never load onnxruntime', async () => {
    const list = await cli(store, 'kb', 'list', '--guild', G, '--json');
    expect(list).toMatchObject({ code: 0, onnx: [] });
    expect(JSON.parse(list.out)).toMatchObject({ total: 2 });
    const stats = await cli(store, 'kb', 'stats', '--guild', G);
    expect(stats).toMatchObject({ code: 0, onnx: [] });
    const exported = await cli(store, 'kb', 'export', '--guild', G);
    expect(exported).toMatchObject({ code: 0, onnx: [] });
    expect(exported.out.trim().split('\n')).toHaveLength(2);
    const removed = await cli(store, 'kb', 'remove', '--guild', G, '0000000000aaa');
    expect(removed).toMatchObject({ code: 0, onnx: [] });
    const cleared = await cli(store, 'kb', 'clear', '--guild', G, '--yes');
    expect(cleared).toMatchObject({ code: 0, onnx: [] });
    const after = await cli(store, 'kb', 'list', '--guild', G, '--json');
    expect(JSON.parse(after.out)).toMatchObject({ total: 0 });
  }, 120_000);

  it('explain TOPIC runs without the model and never loads onnxruntime', async () => {
    const r = await cli(store, 'explain', 'cosine');
    expect(r).toMatchObject({ code: 0, onnx: [] });
    expect(r.out).toContain('cosine');
  }, 60_000);

  it('a command that embeds still loads the model (and fails clearly when there is none)', async () => {
    const r = await cli(store, 'embed', 'hello');
    expect(r.code).not.toBe(0);
    expect(r.onnx.length).toBeGreaterThan(0);
  }, 60_000);
});
