import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeWithModel, modelDir } from '../helpers/model.ts';
import { type BinResult, runBin } from './run-bin.ts';

/** The README's "## Quick start" section, read from the README itself so the two cannot drift. */
function quickStart(): string {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('\n## Quick start\n');
  expect(start).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

interface Line {
  source: string;
  /** Each command of the line (split on &&), as shell words. */
  commands: string[][];
  /** The comment after #, if any. */
  comment: string;
}

/** Splits a shell line into words (double quotes only, as the README uses) and its trailing comment. */
function parseLine(source: string): Line {
  const commands: string[][] = [[]];
  let word: string | undefined;
  let quoted = false;
  let i = 0;
  const end = () => {
    if (word !== undefined) commands.at(-1)!.push(word);
    word = undefined;
  };
  for (; i < source.length; i++) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"') quoted = false;
      else word += ch;
    } else if (ch === '"') {
      quoted = true;
      word ??= '';
    } else if (ch === '#' && word === undefined) break;
    else if (ch === ' ') end();
    else word = (word ?? '') + ch;
  }
  end();
  const out = commands.flatMap((words) => {
    const split: string[][] = [[]];
    for (const w of words)
      if (w === '&&') split.push([]);
      else split.at(-1)!.push(w);
    return split;
  });
  return { source, commands: out.filter((c) => c.length > 0), comment: source.slice(i + 1).trim() };
}

function shellLines(section: string): Line[] {
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((b) => b.split('\n').filter((l) => l.trim() !== '')).map(parseLine);
}

function npm(args: string[], env: Record<string, string | undefined>): Promise<BinResult> {
  const child = spawn('npm', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

// Installing and running the whole suite are what this test runs inside; they are not run again.
const NOT_RUN = new Set(['npm ci', 'npm test']);

describeWithModel('the README quick start, run as written', () => {
  it('every shell command of the quick start exits as the README says and prints what it says', {
    timeout: 240_000,
  }, async () => {
    const lines = shellLines(quickStart());
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'embedbot-readme-'));
    const env = {
      MODEL_DIR: modelDir,
      KB_STORE: `sqlite://${path.join(cwd, 'kb.sqlite')}`,
      MODEL_THREADS: '1',
    };
    const skipped = new Set<string>();
    let tried = 0;
    for (const line of lines) {
      let stdout = '';
      for (const words of line.commands) {
        const name = words.slice(0, 2).join(' ');
        if (NOT_RUN.has(name)) {
          skipped.add(name);
          continue;
        }
        let r: BinResult;
        if (name === 'npx embedbot') {
          r = await runBin(words.slice(2), { env, cwd });
          expect(r.code, `${line.source}\n${r.stderr}`).toBe(0);
        } else if (name === 'npm start') {
          // "Without a DISCORD_TOKEN it stops (exit code 2) and says how to set one up"
          const clean: Record<string, string | undefined> = { ...process.env, ...env };
          delete clean.DISCORD_TOKEN;
          r = await npm(['start', '--silent'], clean);
          expect(r.code, line.source).toBe(2);
          expect(r.stderr).toContain('DISCORD_TOKEN is not set');
          expect(r.stderr).toContain('npx embedbot similar');
        } else {
          throw new Error(`The quick start has a command this test does not know: ${line.source}`);
        }
        tried++;
        stdout += r.stdout;
      }
      if (line.commands[0]?.[0] !== 'npx') continue;
      // Every try-out line says what it prints: each quoted text in its comment.
      const expected = [...line.comment.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
      expect(line.comment, line.source).toMatch(/^prints /);
      expect(expected.length, line.source).toBeGreaterThan(0);
      for (const text of expected) expect(stdout, line.source).toContain(text);
    }
    expect([...skipped].sort()).toEqual([...NOT_RUN].sort());
    expect(tried).toBeGreaterThanOrEqual(7);
  });
});
