import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { decodeDocument, docPrefix } from '../../src/kb/document.ts';
import { openStore } from '../../src/kb/store.ts';
import { BIN, runBin } from '../cli/run-bin.ts';
import { describeWithModel, modelDir } from '../helpers/model.ts';

const GUILD = '4242';
const DIMENSIONS = 384;

const SUBJECTS = [
  'Green tea',
  'The river Severn',
  'A sourdough starter',
  'The public library',
  'A mountain bicycle',
  'The night train to Vienna',
  'A honeybee colony',
  'Stained glass',
  'The allotment garden',
  'A volcano in Iceland',
  'The town orchestra',
  'A lighthouse keeper',
];
const FACTS = [
  'needs attention every morning before nine.',
  'was first described in a letter from 1832.',
  'changes colour slowly as the seasons turn.',
  'is cheaper to look after than most people think.',
  'draws visitors from three neighbouring counties.',
  'has its own small museum near the station.',
  'was nearly lost in the flood of 1953.',
  'is the subject of a popular evening class.',
  'smells faintly of smoke after a long day.',
  'can be seen from the top of the old church tower.',
];
const MORE = [
  'Volunteers keep a logbook of everything that happens.',
  'Children from the village school visit it each spring. They write short reports afterwards.',
  'The local paper ran a long story about it last year. Several readers wrote back with memories. One of them sent old photographs.',
  'It has a long history in the region, and people argue about where it really began. Some say the first records are in the parish books, others point to a map drawn by a travelling surveyor. The committee that looks after it meets on the first Tuesday of the month in the back room of the Red Lion. Anyone may attend, and most meetings end with tea, biscuits and a vote on the next outing.',
  '',
];
const WHEN = ['', 'In winter, '];

/** 240 distinct entries of one to six sentences (some over several windows), as an admin's export might hold. */
function entries(): { title: string; text: string }[] {
  const out: { title: string; text: string }[] = [];
  for (const [w, when] of WHEN.entries()) {
    for (const [s, subject] of SUBJECTS.entries()) {
      for (const [f, fact] of FACTS.entries()) {
        const more = MORE[(s + f + w) % MORE.length]!;
        const start = when ? `${when}${subject.charAt(0).toLowerCase()}${subject.slice(1)}` : subject;
        out.push({
          title: `${subject} (${w * FACTS.length + f + 1})`,
          text: `${start} ${fact}${more ? ` ${more}` : ''}`,
        });
      }
    }
  }
  return out;
}

describeWithModel('a killed kb import', () => {
  it('leaves only whole documents, and importing the file again stores each entry exactly once', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'embedbot-import-kill-'));
    const store = `sqlite://${path.join(dir, 'kb.sqlite')}`;
    const file = path.join(dir, 'docs.jsonl');
    const input = entries();
    writeFileSync(file, input.map((e) => JSON.stringify(e)).join('\n'));
    const texts = new Set(input.map((e) => e.text));
    expect(texts.size).toBe(input.length);
    const env = { MODEL_DIR: modelDir, KB_STORE: store, MODEL_THREADS: '1' };

    /** Every document row of the guild, decoded; a row that does not decode whole fails the test. */
    const stored = async () => {
      const kv = await openStore(store);
      const docs: { text: string; chunks: number; values: number }[] = [];
      try {
        for await (const [key, value] of kv.scan(docPrefix(GUILD))) {
          const { doc, vectors } = decodeDocument(value, DIMENSIONS);
          expect(key).toBe(`${docPrefix(GUILD)}${doc.id}`);
          docs.push({ text: doc.text, chunks: doc.chunks.length, values: vectors.length });
        }
      } finally {
        await kv.close();
      }
      return docs;
    };
    const countRows = async () => {
      const kv = await openStore(store);
      let n = 0;
      try {
        for await (const _ of kv.scan(docPrefix(GUILD))) n++;
      } finally {
        await kv.close();
      }
      return n;
    };

    const child = spawn(process.execPath, [BIN, 'kb', 'import', '--guild', GUILD, file], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    child.stdout.on('data', (d) => (logs += String(d)));
    child.stderr.on('data', (d) => (logs += String(d)));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    // Killed as soon as some documents are stored: the import is still writing the rest.
    const deadline = Date.now() + 120_000;
    while ((await countRows().catch(() => 0)) < 20) {
      if (child.exitCode !== null) throw new Error(`the import ended before it was killed:\n${logs}`);
      if (Date.now() > deadline) throw new Error(`no documents were stored in time:\n${logs}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const first = await stored();
    expect(first.length).toBeGreaterThanOrEqual(20);
    // Killed part-way: otherwise this would show nothing about a killed import.
    expect(first.length).toBeLessThan(input.length);
    for (const doc of first) {
      expect(texts.has(doc.text), doc.text).toBe(true);
      expect(doc.chunks).toBeGreaterThan(0);
      expect(doc.values).toBe(doc.chunks * DIMENSIONS);
    }
    expect(new Set(first.map((d) => d.text)).size).toBe(first.length);
    const stats = await runBin(['kb', 'stats', '--guild', GUILD, '--json'], { env });
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ documents: first.length, corrupt: 0 });

    // The same file again: what was stored is refused as a duplicate, the rest is added.
    const again = await runBin(['kb', 'import', '--guild', GUILD, file], { env, timeoutMs: 300_000 });
    expect(again.stdout).toBe(`added ${input.length - first.length} documents\n`);
    const duplicates = again.stderr
      .split('\n')
      .filter((l) => /^line \d+: That text is already in the knowledge base/.test(l));
    expect(duplicates, again.stderr).toHaveLength(first.length);
    expect(again.stderr).toContain(`${first.length} of ${input.length} entries were not imported.`);
    expect(again.code).toBe(1);

    const last = await stored();
    expect(last).toHaveLength(input.length);
    expect(new Set(last.map((d) => d.text))).toEqual(texts);
    for (const doc of last) expect(doc.values).toBe(doc.chunks * DIMENSIONS);
    // Some entries span several sentence windows, so whole multi-vector rows were checked too.
    expect(last.some((d) => d.chunks > 1)).toBe(true);
  }, 400_000);
});
