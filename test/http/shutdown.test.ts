import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { decodeDocument, docPrefix } from '../../src/kb/document.ts';
import { openStore } from '../../src/kb/store.ts';
import { chatInput, FakeDiscord, GUILD_ID } from '../helpers/fake-discord.ts';
import { describeWithModel, modelDir } from '../helpers/model.ts';

const bin = path.resolve('bin/embedbot.js');

describeWithModel('graceful shutdown of a real embedbot process', () => {
  let fake: FakeDiscord;
  let child: ChildProcess | undefined;
  afterAll(async () => {
    child?.kill('SIGKILL');
    await fake?.close();
  });

  it('SIGTERM lets a write in flight finish, then exits 0 with the document fully stored', async () => {
    fake = await FakeDiscord.start();
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const der = publicKey.export({ format: 'der', type: 'spki' });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'embedbot-shutdown-'));
    const store = `sqlite://${path.join(dir, 'kb.sqlite')}`;
    const healthFile = path.join(dir, 'health.json');
    child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--host', '127.0.0.1'], {
      env: {
        ...process.env,
        MODEL_DIR: modelDir,
        KB_STORE: store,
        DISCORD_PUBLIC_KEY: der.subarray(der.length - 32).toString('hex'),
        DISCORD_API_URL: fake.api,
        LOG_LEVEL: 'info',
        MODEL_THREADS: '1',
        HEALTH_FILE: healthFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    child.stdout!.on('data', (d) => {
      logs += String(d);
    });
    child.stderr!.on('data', (d) => {
      logs += String(d);
    });
    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    while (!/"port":(\d+)/.test(logs)) {
      if (Date.now() > deadline) throw new Error(`serve did not start:\n${logs}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const port = Number(/"port":(\d+)/.exec(logs)![1]);

    // The heartbeat the container HEALTHCHECK reads: `embedbot health` passes once it says ready.
    const health = () =>
      spawnSync(process.execPath, [bin, 'health'], { env: { ...process.env, HEALTH_FILE: healthFile } });
    for (let i = 0; i < 100 && health().status !== 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(health().status).toBe(0);

    // A long document (about 60 windows): its embedding is still running when SIGTERM arrives, and ends
    // well inside the 10 s drain even on a loaded machine.
    const text = Array.from(
      { length: 120 },
      (_, i) => `Sentence ${i} about gardens, rivers and the history of tea.`,
    ).join(' ');
    const raw = chatInput(
      'kb',
      [{ name: 'add', type: 1, options: [{ name: 'text', type: 3, value: text }] }],
      { permissions: 1n << 5n },
    );
    const body = JSON.stringify(raw);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
    const res = await fetch(`http://127.0.0.1:${port}/interactions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature-ed25519': signature,
        'x-signature-timestamp': timestamp,
      },
      body,
    });
    expect(await res.json()).toEqual({ type: 5, data: { flags: 0 } });
    child.kill('SIGTERM');

    expect(await exited).toBe(0);
    expect(logs).toContain('shutting down');
    // …and it was still running when the signal came: its one log line follows the shutdown's.
    const commandLine = logs.search(/"command":"kb"/);
    expect(commandLine).toBeGreaterThan(logs.indexOf('shutting down'));
    // The in-flight add finished: its answer was edited in, and the document is whole in the store.
    const edit = fake.requests.find((r) => r.method === 'PATCH');
    expect(JSON.stringify(edit?.body)).toContain('Added to the knowledge base');
    const kv = await openStore(store);
    const docs = [];
    for await (const [, value] of kv.scan(docPrefix(GUILD_ID))) docs.push(decodeDocument(value, 384).doc);
    await kv.close();
    expect(docs).toHaveLength(1);
    expect(docs[0]!.text).toBe(text);
    expect(docs[0]!.chunks.length).toBeGreaterThan(1);
  });
});
