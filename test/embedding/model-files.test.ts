import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelFiles } from '../../src/embedding/model-files.ts';
import { type FakeHub, serveModelHub } from '../helpers/hub.ts';
import { describeWithModel, modelDir } from '../helpers/model.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe('transformers.js through its public API only', () => {
  it('no source file imports its internals (src/…), and no type shim for them is left', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.ts$/.test(entry.name) && readFileSync(file, 'utf8').includes('@xenova/transformers/src/'))
          offenders.push(path.relative(root, file));
      }
    };
    for (const dir of ['src', 'commands', 'bench']) walk(path.join(root, dir));
    expect(offenders).toEqual([]);
    expect(existsSync(path.join(root, 'src/types/transformers-hub.d.ts'))).toBe(false);
  });
});

describeWithModel('loadModelFiles from a hub (a local stand-in), cached for the next start', () => {
  let hub: FakeHub;
  beforeAll(async () => {
    hub = await serveModelHub(modelDir!);
  });
  afterAll(() => hub.close());

  it('downloads the weights byte for byte, then loads again with the hub gone', async () => {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'embedbot-hub-cache-'));
    const source = { modelId: 'Xenova/all-MiniLM-L6-v2', dtype: 'int8' as const, cacheDir, hubUrl: hub.url };
    const first = await loadModelFiles(source);
    expect(first.dimensions).toBe(384);
    expect(
      Buffer.from(first.onnx).equals(readFileSync(path.join(modelDir!, 'onnx/model_quantized.onnx'))),
    ).toBe(true);
    expect(hub.requested).toContain('/Xenova/all-MiniLM-L6-v2/resolve/main/onnx/model_quantized.onnx');
    expect(first.tokenizer('a cat').input_ids.dims).toEqual([1, 4]);

    await hub.close();
    const again = await loadModelFiles(source);
    expect(again.dimensions).toBe(384);
    expect(Buffer.from(again.onnx).equals(Buffer.from(first.onnx))).toBe(true);
  });

  it('names the hub model and the offline way out when the hub cannot be reached', async () => {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'embedbot-hub-cache-'));
    // A port that was just free: nothing listens there.
    const probe = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => probe.once('listening', r));
    const { port } = probe.address() as AddressInfo;
    await new Promise((r) => probe.close(r));
    const source = { modelId: 'Xenova/all-MiniLM-L6-v2', dtype: 'int8' as const, cacheDir };
    await expect(loadModelFiles({ ...source, hubUrl: `http://127.0.0.1:${port}` })).rejects.toThrow(
      /Could not load int8 weights from the hub model Xenova\/all-MiniLM-L6-v2: .*ECONNREFUSED.*MODEL_DIR/,
    );
  });
});
