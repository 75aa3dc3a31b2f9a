import { afterAll, expect, it } from 'vitest';
import { similar } from '../../commands/similar.ts';
import { UserError } from '../../src/errors.ts';
import { describeWithModel } from '../helpers/model.ts';
import { dmUser, realServices } from '../helpers/services.ts';

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
    const results = await Promise.all(others.map((b) => similar.run({ a: cat, b }, services, dmUser)));
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
    const r = await similar.run({ a: 'I love pizza', b: 'Pizza is my favourite food' }, services, dmUser);
    expect(r.dot).toBeCloseTo(r.cosine, 3);
    expect(r.euclidean ** 2).toBeCloseTo(2 - 2 * r.cosine, 3);
    expect(r.truncated).toBe(false);
  });

  it('gives identical sentences a cosine of 1', async () => {
    const r = await similar.run({ a: 'Same words here', b: '  Same words here  ' }, services, dmUser);
    expect(r.cosine).toBe(1);
    expect(r.euclidean).toBe(0);
    expect(r.verdict).toBe('nearly the same meaning');
  });

  it('names the empty sentence', async () => {
    await expect(similar.run({ a: 'fine', b: '\u200B' }, services, dmUser)).rejects.toThrow(
      new UserError('The second sentence has only invisible characters: give some words to embed.'),
    );
  });
});
