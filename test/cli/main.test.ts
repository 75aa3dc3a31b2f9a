import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { describeWithModel } from '../helpers/model.ts';

describe('embedbot CLI without the model', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('--help lists every command', async () => {
    const { code, out } = await cli('--help');
    expect(code).toBe(0);
    for (const name of ['embed', 'similar', 'analogy', 'explain', 'start'])
      expect(out).toContain(`  ${name}`);
  });

  it('each command has its own --help', async () => {
    const { code, out } = await cli('analogy', '--help');
    expect(code).toBe(0);
    expect(out).toContain('Usage: embedbot analogy A B C');
    expect(out).toContain('--include-inputs');
  });

  it('an unknown command or wrong arguments exit non-zero with one line on stderr', async () => {
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(1);
    expect(unknown.err.trim().split('\n')).toHaveLength(1);
    const missing = await cli('similar', 'only one');
    expect(missing.code).toBe(1);
    expect(missing.err).toBe('embedbot similar: usage: embedbot similar A B [--json]\n');
    const badTop = await cli('analogy', 'a', 'b', 'c', '--top', 'zero');
    expect(badTop.err).toBe('embedbot analogy: --top must be a whole number of 1 or more.\n');
  });

  it('explain prints a page without loading the model', async () => {
    const { code, out } = await cli('explain', 'cosine', '--json');
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.pages[r.start].topic).toBe('cosine');
  });

  it('start without a token says how to set one up and how to try offline, exit 2', async () => {
    delete process.env.DISCORD_TOKEN;
    const { code, err } = await cli('start');
    expect(code).toBe(2);
    expect(err).toContain('DISCORD_TOKEN is not set');
    expect(err).toContain('.env.example');
    expect(err).toContain('npx embedbot similar');
  });

  it('reports every bad setting at once with exit code 2', async () => {
    process.env.MODEL_DTYPE = 'int4';
    process.env.MODEL_THREADS = 'many';
    const { code, err } = await cli('similar', 'a', 'b');
    expect(code).toBe(2);
    expect(err).toContain('MODEL_DTYPE must be one of int8, fp32');
    expect(err).toContain('MODEL_THREADS must be a whole number');
  });
});

describeWithModel('embedbot CLI on the real model', () => {
  it('similar --json gives {cosine, euclidean, dot}', async () => {
    const { code, out } = await cli(
      'similar',
      'The cat sits on the mat',
      'A feline rests on the carpet',
      '--json',
    );
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(Object.keys(r)).toEqual(['cosine', 'euclidean', 'dot']);
    expect(r.cosine).toBeGreaterThan(0.3);
  });

  it('embed --json gives the documented fields and the full vector', async () => {
    const { out } = await cli('embed', 'hello world', '--json');
    const r = JSON.parse(out);
    expect(Object.keys(r)).toEqual(['model', 'dtype', 'dimensions', 'tokens', 'truncated', 'norm', 'vector']);
    expect(r.vector).toHaveLength(384);
    expect(r.tokens).toBe(4);
  });

  it('analogy --json ranks queen first from given candidates', async () => {
    const { out } = await cli(
      'analogy',
      'king',
      'man',
      'woman',
      '--candidates',
      'queen,prince,princess',
      '--json',
    );
    expect(JSON.parse(out).results[0].word).toBe('queen');
  });

  it('bad input exits 1 with a one-line message', async () => {
    const { code, out, err } = await cli('embed', '   ');
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toBe('embedbot embed: The text is empty: give some words to embed.\n');
  });
});
