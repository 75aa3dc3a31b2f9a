import { afterAll, expect, it } from 'vitest';
import {
  type SimilarInput,
  type SimilarMatrixResult,
  type SimilarPairResult,
  similar,
} from '../../commands/similar.ts';
import type { Services } from '../../src/command.ts';
import { UserError } from '../../src/errors.ts';
import { describeWithModel } from '../helpers/model.ts';
import { dmUser, realServices } from '../helpers/services.ts';
import { pngInfo } from '../pictures/png.ts';

/** /similar on two sentences (the pair result). */
async function pair(input: SimilarInput, services: Services): Promise<SimilarPairResult> {
  const r = await similar.run(input, services, dmUser);
  if (r.kind !== 'pair') throw new Error(`expected a pair, got ${r.kind}`);
  return r;
}

async function matrix(input: SimilarInput, services: Services): Promise<SimilarMatrixResult> {
  const r = await similar.run(input, services, dmUser);
  if (r.kind !== 'matrix') throw new Error(`expected a matrix, got ${r.kind}`);
  return r;
}

describeWithModel('/similar on the real model', () => {
  const services = realServices();
  afterAll(() => services.embedder.close());

  it('puts "The cat sits on the mat" closer to the feline sentence than to the unrelated ones', async () => {
    const cat = 'The cat sits on the mat';
    const others = [
      'A feline rests on the carpet',
      'Dogs are playing in the park',
      'Python is a programming language',
    ];
    const results = await Promise.all(others.map((b) => pair({ a: cat, b }, services)));
    // The seed tutorial promises "~0.7+" for the feline pair: print what the model really says.
    for (const r of results)
      console.log(`cosine ${r.cosine.toFixed(4)} (${r.verdict}): "${r.a}" vs "${r.b}"`);
    const [feline, dogs, python] = results.map((r) => r.cosine) as [number, number, number];
    expect(feline).toBeGreaterThan(dogs);
    expect(feline).toBeGreaterThan(python);
    expect(results[0]!.verdict).toBe('similar meaning');
    expect(results[2]!.verdict).toBe('unrelated');
  });

  it('reports cosine, euclidean and dot consistently for unit vectors (d² = 2 − 2·cos)', async () => {
    const r = await pair({ a: 'I love pizza', b: 'Pizza is my favourite food' }, services);
    expect(r.dot).toBeCloseTo(r.cosine, 3);
    expect(r.euclidean ** 2).toBeCloseTo(2 - 2 * r.cosine, 3);
    expect(r.truncated).toBe(false);
  });

  it('gives identical sentences a cosine of 1', async () => {
    const r = await pair({ a: 'Same words here', b: '  Same words here  ' }, services);
    expect(r.cosine).toBe(1);
    expect(r.euclidean).toBe(0);
    expect(r.verdict).toBe('nearly the same meaning');
  });

  it('names the empty sentence', async () => {
    await expect(similar.run({ a: 'fine', b: '\u200B' }, services, dmUser)).rejects.toThrow(
      new UserError('The second sentence has only invisible characters: give some words to embed.'),
    );
  });

  it('attaches a PNG bar for two sentences (none when asked not to draw)', async () => {
    const r = await pair({ a: 'The cat sits on the mat', b: 'A feline rests on the carpet' }, services);
    expect(r.picture?.name).toBe('similar.png');
    expect(pngInfo(r.picture!.png)).toMatchObject({ width: r.picture!.width, height: r.picture!.height });
    expect(r.picture!.alt).toContain(r.cosine.toFixed(4));
    const bare = await pair(
      { a: 'The cat sits on the mat', b: 'A feline rests on the carpet', picture: false },
      services,
    );
    expect(bare.picture).toBeUndefined();
    expect({ ...bare, picture: r.picture }).toEqual(r);
  });

  it('three to ten sentences give every pair, agreeing with the two-sentence scores', async () => {
    const sentences = [
      'The cat sits on the mat',
      'A feline rests on the carpet',
      'Dogs are playing in the park',
      'Python is a programming language',
    ];
    const r = await matrix(
      { a: sentences[0]!, b: sentences[1]!, c: sentences[2]!, d: sentences[3]! },
      services,
    );
    expect(r.sentences).toEqual(sentences);
    expect(r.cosines).toHaveLength(4);
    for (let i = 0; i < 4; i++) {
      expect(r.cosines[i]![i]).toBe(1);
      for (let j = 0; j < 4; j++) {
        expect(r.cosines[i]![j]).toBe(r.cosines[j]![i]);
        if (i < j) {
          const two = await pair({ a: sentences[i]!, b: sentences[j]!, picture: false }, services);
          expect(r.cosines[i]![j]).toBe(two.cosine);
        }
      }
    }
    expect([r.closest.a, r.closest.b]).toEqual([0, 1]);
    expect(r.closest.verdict).toBe('similar meaning');
    expect(r.farthest.cosine).toBe(Math.min(...r.cosines.flat()));
    expect(r.picture?.name).toBe('similar.png');
    expect(pngInfo(r.picture!.png).width).toBe(r.picture!.width);
  });

  it('takes one sentence per line, and refuses more than ten or fewer than two', async () => {
    const r = await matrix({ a: '', lines: 'one\n\ntwo\r\nthree\n  \n' }, services);
    expect(r.sentences).toEqual(['one', 'two', 'three']);
    const lines = await matrix({ a: 'first\nsecond\nthird' }, services);
    expect(lines.sentences).toEqual(['first', 'second', 'third']);
    const eleven = Array.from({ length: 11 }, (_, i) => `sentence ${i}`).join('\n');
    await expect(similar.run({ a: '', lines: eleven }, services, dmUser)).rejects.toThrow(
      new UserError('That is 11 sentences; /similar compares up to 10.'),
    );
    await expect(similar.run({ a: 'just one' }, services, dmUser)).rejects.toThrow(/at least two sentences/);
  });
});
