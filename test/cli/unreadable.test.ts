import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { UNREADABLE_DOCUMENT } from '../../src/kb/knowledge-base.ts';
import { cli } from '../helpers/cli.ts';
import { describeWithModel } from '../helpers/model.ts';

/** Old Babylonian cuneiform and Mycenaean Linear B: scripts missing from the vocabulary, all [UNK]. */
const CUNEIFORM = '𒀭𒂗𒆤 𒈗 𒆠𒂗𒂠';
const LINEAR_B = '𐀀𐀩𐀏 𐀞𐀺𐀒';
const ONE =
  'Most of this text is symbols the model cannot read (shown to it as [UNK]), so its score says little about meaning.';
const TWO =
  'Most of these texts are symbols the model cannot read (shown to it as [UNK]), so their scores say little about meaning.';

describeWithModel('the CLI on text the model cannot read (real model)', () => {
  const saved = { ...process.env };
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'embedbot-unreadable-'));
    process.env.KB_STORE = `sqlite://${path.join(dir, 'kb.sqlite')}`;
    process.env.LOG_LEVEL = 'silent';
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('similar prints the scores, then a warning naming both texts; --json adds an unreadable field', async () => {
    const text = await cli('similar', CUNEIFORM, LINEAR_B);
    expect(text.code).toBe(0);
    const lines = text.out.trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual([`A: "${CUNEIFORM}"`, `B: "${LINEAR_B}"`]);
    expect(lines.at(-1)).toBe(`warning: "${CUNEIFORM}", "${LINEAR_B}": ${TWO}`);
    const json = await cli('similar', CUNEIFORM, 'The cat sits on the mat', '--json');
    expect(JSON.parse(json.out)).toEqual({
      cosine: expect.any(Number),
      euclidean: expect.any(Number),
      dot: expect.any(Number),
      unreadable: [CUNEIFORM],
    });
    const plain = await cli('similar', 'The cat sits on the mat', 'A feline rests on the carpet', '--json');
    expect(Object.keys(JSON.parse(plain.out))).toEqual(['cosine', 'euclidean', 'dot']);
  });

  it('embed, analogy and explain print the same warning; embed and analogy --json carry the field', async () => {
    expect((await cli('embed', LINEAR_B)).out).toContain(`\nwarning: "${LINEAR_B}": ${ONE}\n`);
    const analogy = await cli(
      'analogy',
      'king',
      '𒈗',
      'woman',
      '--candidates',
      'queen,prince,apple',
      '--json',
    );
    expect(JSON.parse(analogy.out).unreadable).toEqual(['𒈗']);
    const embed = JSON.parse((await cli('embed', LINEAR_B, '--json')).out);
    expect(embed.unreadable).toEqual([LINEAR_B]);
    const explain = await cli('explain', '--a', LINEAR_B, '--b', 'The cat sits on the mat');
    expect(explain.out.trimEnd().split('\n').at(-1)).toBe(`warning: "${LINEAR_B}": ${ONE}`);
    const live = JSON.parse((await cli('explain', '--a', LINEAR_B, '--b', 'a cat', '--json')).out);
    expect(live.live.unreadable).toEqual([LINEAR_B]);
  });

  it('kb add refuses an unreadable document (exit 1, stdout empty), import counts it failed and keeps the rest', async () => {
    const refused = await cli('kb', 'add', '--guild', '1', CUNEIFORM, '--title', 'Code of Hammurabi');
    expect(refused).toEqual({ code: 1, out: '', err: `embedbot kb: ${UNREADABLE_DOCUMENT}\n` });
    const file = path.join(dir, 'docs.jsonl');
    const readable = 'Cats are small furry animals that purr when they are content.';
    writeFileSync(
      file,
      [JSON.stringify({ text: readable, title: 'Cats' }), JSON.stringify({ text: LINEAR_B })].join('\n'),
    );
    const imported = await cli('kb', 'import', '--guild', '1', file);
    expect(imported).toEqual({
      code: 1,
      out: 'added 1 documents\n',
      err: `line 2: ${UNREADABLE_DOCUMENT}\nembedbot kb: 1 of 2 entries were not imported.\n`,
    });
    const list = JSON.parse((await cli('kb', 'list', '--guild', '1', '--json')).out);
    expect(list.documents.map((d: { title: string }) => d.title)).toEqual(['Cats']);

    // Searching the knowledge base with an unreadable query: the match, then the warning.
    const search = await cli('search', '--guild', '1', CUNEIFORM);
    expect(search.out).toMatch(
      new RegExp(
        `^1\\. \\d\\.\\d{3}( \\(weak\\))?  Cats  \\[\\w+\\]\\n   "${readable}"\\nwarning: "${CUNEIFORM}": `,
      ),
    );
    const json = JSON.parse((await cli('search', '--guild', '1', CUNEIFORM, '--json')).out);
    expect(json).toEqual({
      results: [{ id: list.documents[0].id, title: 'Cats', snippet: readable, score: expect.any(Number) }],
      unreadable: [CUNEIFORM],
    });
    const plain = JSON.parse((await cli('search', '--guild', '1', 'Why do cats purr?', '--json')).out);
    expect(Object.keys(plain)).toEqual(['results']);
  });
});
