import { createReadStream, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fetchModel } from '../src/model-fetch.ts';
import { describeWithModel, modelDir } from './helpers/model.ts';

describeWithModel('embedbot model fetch against a local stand-in for the hub', () => {
  let hub: Server;
  let url: string;
  const requested: string[] = [];
  beforeAll(async () => {
    // Serves the test model folder the way the hub does: /{model}/resolve/main/{file}.
    hub = createServer((req, res) => {
      requested.push(req.url ?? '');
      const m = /^\/Xenova\/all-MiniLM-L6-v2\/resolve\/main\/(.+)$/.exec(req.url ?? '');
      const file = m ? path.join(modelDir!, decodeURIComponent(m[1]!)) : '';
      if (!m || !existsSync(file)) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      createReadStream(file).pipe(res);
    }).listen(0, '127.0.0.1');
    await new Promise((r) => hub.once('listening', r));
    url = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    hub.close();
  });

  it('downloads every file, byte for byte, and checks the model loads and embeds', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'embedbot-fetch-'));
    const lines: string[] = [];
    await fetchModel('Xenova/all-MiniLM-L6-v2', dir, ['int8'], (l) => lines.push(l), url);
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
    expect(requested.every((r) => r.startsWith('/Xenova/all-MiniLM-L6-v2/resolve/main/'))).toBe(true);
  });

  it('says which file could not be had, and from where', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'embedbot-fetch-'));
    await expect(fetchModel('Xenova/no-such-model', dir, ['int8'], () => {}, url)).rejects.toThrow(
      `Could not download config.json of Xenova/no-such-model from ${url}`,
    );
  });
});
