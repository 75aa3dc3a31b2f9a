import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { describeWithModel } from '../helpers/model.ts';

describeWithModel('embedbot doctor', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  const doctor = (...args: string[]) => cli('doctor', ...args);

  it('says in plain words what works and what is missing', async () => {
    delete process.env.DISCORD_TOKEN;
    process.env.KB_STORE = `sqlite://${path.join(mkdtempSync(path.join(os.tmpdir(), 'embedbot-doctor-')), 'kb.sqlite')}`;
    const { code, out, err } = await doctor();
    expect(code).toBe(1);
    expect(out).toMatch(/^ok {7}settings: every value is valid$/m);
    expect(out).toMatch(/^PROBLEM {2}discord token: DISCORD_TOKEN is not set/m);
    expect(out).toMatch(/^ok {7}model: Xenova\/all-MiniLM-L6-v2 \(fp32\) from .+, 384 dimensions$/m);
    expect(out).toMatch(/^ok {7}store: sqlite store reachable, writable$/m);
    expect(err).toBe('embedbot doctor: 1 problem(s) found.\n');
  });

  it('reports an unreachable store and, with --quiet, prints only problems', async () => {
    process.env.DISCORD_TOKEN = 'MTExMTExMTExMTExMTExMTEx.abcdef.abcdefghijklmnopqrstuvwxyz0';
    process.env.KB_STORE = 'redis://127.0.0.1:1';
    const { code, out } = await doctor('--quiet');
    expect(code).toBe(1);
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(out).toMatch(/^PROBLEM {2}store: /);
  });
});
