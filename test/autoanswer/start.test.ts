import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GatewayIntentBits } from 'discord.js';
import { afterEach, expect, it } from 'vitest';
import { BIN, runBin } from '../cli/run-bin.ts';
import { FakeDiscord } from '../helpers/fake-discord.ts';
import { describeWithModel, modelDir } from '../helpers/model.ts';
import { fakeGateway, serveGateway } from './intents-gateway.ts';

// Shaped like a bot token; not a real one.
const TOKEN = 'MTExMTExMTExMTExMTExMTEx.abcdef.abcdefghijklmnopqrstuvwxyz0';
const WITH_CONTENT =
  GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent;

describeWithModel('embedbot start when Discord refuses the Message Content intent', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('starts without it (not exit 2), says so in the log, and embedbot doctor names the portal setting', async () => {
    const fake = await FakeDiscord.start();
    cleanup.push(() => fake.close());
    const gateway = await fakeGateway(false);
    cleanup.push(() => gateway.close());
    serveGateway(fake, gateway.url);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'embedbot-aa-start-'));
    const settings = {
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: fake.api,
      AUTOANSWER: 'on',
      KB_STORE: `sqlite://${path.join(dir, 'kb.sqlite')}`,
      HEALTH_FILE: path.join(dir, 'embedbot.health'),
      MODEL_DIR: modelDir,
      MODEL_THREADS: '1',
      LOG_LEVEL: 'info',
    };
    const child = spawn(process.execPath, [BIN, 'start'], {
      env: { ...process.env, ...settings },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanup.push(() => child.kill('SIGKILL'));
    let logs = '';
    child.stderr.on('data', (d) => (logs += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const health = () => runBin(['health'], { env: { HEALTH_FILE: settings.HEALTH_FILE } });
    let last = await health();
    for (let i = 0; i < 300 && last.code !== 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      last = await health();
    }
    expect(last, logs).toMatchObject({ code: 0, stdout: 'healthy\n' });
    // Asked with Message Content, refused with 4014, connected again with Guilds only.
    expect(gateway.identified).toEqual([WITH_CONTENT, GatewayIntentBits.Guilds]);
    const lines = logs.trim().split('\n');
    const refused = lines.find((l) => l.includes('gateway close 4014'));
    expect(JSON.parse(refused!)).toMatchObject({
      level: 40,
      msg: 'Discord refused the Message Content intent (gateway close 4014): starting without auto-answers. Turn it on in the Developer Portal, then restart.',
      setting:
        'Discord Developer Portal → your application → Bot → Privileged Gateway Intents → Message Content Intent',
    });
    expect(logs).toContain('"msg":"connected"');
    expect(logs).not.toContain('rejected DISCORD_TOKEN');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    const doctor = await runBin(['doctor', '--quiet'], { env: settings, timeoutMs: 60_000 });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(
      /^PROBLEM {2}auto-answer: Discord refused the Message Content intent \(last at \d{4}-\d\d-\d\dT[\d:.]+Z\), so auto-answers are off\. Turn it on: Discord Developer Portal → your application → Bot → Privileged Gateway Intents → Message Content Intent, then restart the bot\.$/m,
    );
  }, 120_000);
});
