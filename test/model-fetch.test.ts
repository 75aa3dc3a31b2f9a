import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fetchModel } from '../src/model-fetch.ts';
import { type FakeHub, serveModelHub } from './helpers/hub.ts';
import { describeWithModel, modelDir } from './helpers/model.ts';

describeWithModel('embedbot model fetch against a local stand-in for the hub', () => {
  let hub: FakeHub;
  beforeAll(async () => {
    hub = await serveModelHub(modelDir!);
  });
  afterAll(() => hub.close());

  it('downloads every file, byte for byte, and checks the model loads and embeds', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'embedbot-fetch-'));
    const lines: string[] = [];
    await fetchModel('Xenova/all-MiniLM-L6-v2', dir, ['int8'], (l) => lines.push(l), hub.url);
    for (const file of [
      'config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'onnx/model_quantized.onnx',
    ]) {
      expect(readFileSync(path.join(dir, file)).equals(readFileSync(path.join(modelDir!, file))), file).toBe(
        true,
      );
    }
    expect(existsSync(path.join(dir, 'onnx/model.onnx'))).toBe(false);
    expect(lines.at(-1)).toBe('verified int8: 384 dimensions, unit length');
    expect(hub.requested.every((r) => r.startsWith('/Xenova/all-MiniLM-L6-v2/resolve/main/'))).toBe(true);
  });

  it('says which file could not be had, and from where', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'embedbot-fetch-'));
    await expect(fetchModel('Xenova/no-such-model', dir, ['int8'], () => {}, hub.url)).rejects.toThrow(
      `Could not download config.json of Xenova/no-such-model from ${hub.url}`,
    );
  });
});
