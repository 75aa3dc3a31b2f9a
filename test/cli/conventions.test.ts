import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { docPrefix } from '../../src/kb/document.ts';
import { openStore } from '../../src/kb/store.ts';
import { cli } from '../helpers/cli.ts';
import { describeWithModel, modelDir } from '../helpers/model.ts';
import { runBin } from './run-bin.ts';

const saved = { ...process.env };
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'embedbot-cli-'));
  process.env.KB_STORE = `sqlite://${path.join(dir, 'kb.sqlite')}`;
});
afterEach(() => {
  process.env = { ...saved };
});

describe('CLI conventions, without the model', () => {
  it('--k -3 gets the same message as --k 0', async () => {
    const zero = await cli('search', '--guild', '1', 'tea', '--k', '0');
    const negative = await cli('search', '--guild', '1', 'tea', '--k', '-3');
    expect(zero).toEqual({
      code: 1,
      out: '',
      err: 'embedbot search: --k must be a whole number of 1 or more.\n',
    });
    expect(negative).toEqual(zero);
  });

  it('limits come from the command data: --values above /embed’s max_value is refused', async () => {
    const r = await cli('embed', 'hello', '--values', '49');
    expect(r).toEqual({ code: 1, out: '', err: 'embedbot embed: --values must be at most 48.\n' });
    const mode = await cli('search', '--guild', '1', 'tea', '--mode', 'fuzzy');
    expect(mode.err).toBe('embedbot search: --mode must be one of semantic, keyword, hybrid.\n');
  });

  it('11 sentences to similar names the 10-sentence limit', async () => {
    const sentences = Array.from({ length: 11 }, (_, i) => `sentence ${i}`);
    const r = await cli('similar', ...sentences);
    expect(r.code).toBe(1);
    expect(r.err).toBe('embedbot similar: That is 11 sentences; similar compares up to 10.\n');
  });

  it('kb map without --image, or with --image and no FILE, says to pass --image FILE', async () => {
    const without = await cli('kb', 'map', '--guild', '1');
    expect(without.code).toBe(1);
    expect(without.out).toBe('');
    expect(without.err).toContain('pass --image FILE');
    const empty = await cli('kb', 'map', '--guild', '1', '--image');
    expect(empty.code).toBe(1);
    expect(empty.err).toContain('--image FILE');
  });

  it('--help works whatever the settings say, also for start and deploy without a token', async () => {
    delete process.env.DISCORD_TOKEN;
    process.env.MODEL_DTYPE = 'int4';
    for (const name of ['start', 'deploy', 'similar']) {
      const r = await cli(name, '--help');
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Usage: embedbot ${name}`));
    }
  });

  it('kb --help lists map, in the usage line and with its own line', async () => {
    const { code, out } = await cli('kb', '--help');
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toMatch(/^Usage: embedbot kb <.*\|map\|.*> --guild ID/);
    expect(out).toMatch(/^ {2}kb map --guild ID --image FILE/m);
  });

  it('kb --help names each subcommand once, worded for the command line where it differs', async () => {
    const { out } = await cli('kb', '--help');
    const actions = /<([^>]+)>/.exec(out.split('\n')[0]!)![1]!.split('|');
    expect(new Set(actions).size).toBe(actions.length);
    expect(out.match(/^ {2}kb map /gm)).toHaveLength(1);
    // The command line has no confirmation button: it says what it needs instead.
    expect(out).toMatch(/^ {2}kb clear --guild ID --yes +Remove every document \(needs --yes\)$/m);
    expect(out).not.toContain('asks first');
  });

  it('every option of every slash command is offered, with the description from its data', async () => {
    const { commands } = await import('../../commands/index.ts');
    const data = commands.analogy!.data as { options: { name: string; description: string }[] };
    const { out } = await cli('analogy', '--help');
    for (const o of data.options) {
      if (['a', 'b', 'c'].includes(o.name)) expect(out).toContain(`${o.name.toUpperCase()} `);
      else expect(out).toContain(`--${o.name.replaceAll('_', '-')}`);
      expect(out).toContain(o.description);
    }
  });

  it('kb import refuses binary files with a clear message', async () => {
    const png = path.join(dir, 'picture.png');
    writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    const latin1 = path.join(dir, 'latin1.txt');
    writeFileSync(latin1, Buffer.from('caf\xe9 au lait', 'latin1'));
    for (const file of [png, latin1]) {
      const r = await cli('kb', 'import', '--guild', '1', file);
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toBe(
        `embedbot kb: ${file} is not a text file (it holds binary data): give UTF-8 text, JSONL or Markdown.\n`,
      );
    }
  });

  it('kb demo without a model blames the model, not the store', async () => {
    process.env.MODEL_DIR = path.join(dir, 'no-model');
    process.env.MODEL_HUB_URL = 'http://127.0.0.1:1';
    const r = await cli('kb', 'demo', '--guild', '1');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^embedbot kb: The model could not be loaded \(.+\); kb demo needs it\./);
    expect(r.err).not.toContain('could not be stored');
  });

  it('a closed stdout (`… | head`) ends the CLI quietly, without an EPIPE stack', async () => {
    const r = await runBin(['explain'], { closeStdout: true });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describeWithModel('CLI conventions on the real model', () => {
  beforeEach(() => {
    process.env.MODEL_DIR = modelDir;
  });

  it('kb list --page past the end says so and exits 1', async () => {
    expect((await cli('kb', 'demo', '--guild', '1')).code).toBe(0);
    const r = await cli('kb', 'list', '--guild', '1', '--page', '9');
    expect(r).toEqual({
      code: 1,
      out: '',
      err: 'embedbot kb: There is no page 9: the last page is 1 (8 documents).\n',
    });
    const empty = await cli('kb', 'list', '--guild', '2', '--page', '2');
    expect(empty.err).toBe('embedbot kb: There is no page 2: the knowledge base is empty.\n');
    expect((await cli('kb', 'list', '--guild', '1', '--page', '1')).code).toBe(0);
  });

  it('kb import: per-line problems on stderr, an empty text called empty, exit 1; stdout only the result', async () => {
    const file = path.join(dir, 'docs.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ title: 'Tea', text: 'Green tea is made from leaves that are not oxidised.' }),
        JSON.stringify({ title: 'Blank', text: '  ' }),
        JSON.stringify({ title: 'No text' }),
        '{"text": ',
      ].join('\n'),
    );
    const r = await cli('kb', 'import', '--guild', '1', file, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ added: 1 });
    expect(r.out.trim().split('\n')).toHaveLength(1);
    expect(r.err).toBe(
      [
        'line 2: "text" is empty',
        'line 3: no "text" field',
        'line 4: not valid JSON',
        'embedbot kb: 3 of 4 entries were not imported.',
        '',
      ].join('\n'),
    );
    // The same file again: nothing new is added (every line fails), still exit 1.
    const again = await cli('kb', 'import', '--guild', '1', file);
    expect(again.code).toBe(1);
    expect(again.out).toBe('added 0 documents\n');
    const empty = path.join(dir, 'empty.txt');
    writeFileSync(empty, '\n\n');
    const none = await cli('kb', 'import', '--guild', '1', empty);
    expect(none.code).toBe(1);
    expect(none.err).toBe('embedbot kb: Nothing was imported: the file holds no documents.\n');
  });

  it('kb export with a corrupt row: logs go to stderr, stdout is exactly the JSONL', async () => {
    const env = { MODEL_DIR: modelDir, KB_STORE: process.env.KB_STORE!, MODEL_THREADS: '1' };
    expect(
      (await runBin(['kb', 'add', '--guild', '5', 'Rivers carry water to the sea.'], { env })).code,
    ).toBe(0);
    const store = await openStore(process.env.KB_STORE!);
    await store.set(`${docPrefix('5')}broken`, '{not json');
    await store.close();
    const r = await runBin(['kb', 'export', '--guild', '5'], { env });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ text: 'Rivers carry water to the sea.' });
    // The warning about the corrupt row is one JSON line on stderr, without a stack.
    const warning = (stderr: string) => {
      const logs = stderr.trim().split('\n');
      expect(logs, stderr).toHaveLength(1);
      const entry = JSON.parse(logs[0]!) as { msg: string; err: { type: string; stack?: string } };
      expect(entry).toMatchObject({
        msg: 'skipping corrupt knowledge-base entry',
        err: { type: 'SyntaxError' },
      });
      return entry;
    };
    expect(warning(r.stderr).err.stack).toBeUndefined();
    // LOG_LEVEL=debug keeps the stack, still on one line.
    const debug = await runBin(['kb', 'export', '--guild', '5'], { env: { ...env, LOG_LEVEL: 'debug' } });
    expect(debug.stdout).toBe(r.stdout);
    expect(
      warning(
        debug.stderr
          .split('\n')
          .filter((l) => l.includes('corrupt'))
          .join('\n'),
      ).err.stack,
    ).toMatch(/^SyntaxError: /);
  });
});
