import { afterAll, expect, it } from 'vitest';
import { embed } from '../../commands/embed.ts';
import { describeWithModel } from '../helpers/model.ts';
import { dmUser, realServices } from '../helpers/services.ts';
import { decodePng } from '../pictures/png.ts';

describeWithModel('/embed on the real model', () => {
  const services = realServices();
  afterAll(() => services.embedder.close());

  it('shows dimensions, norm, tokens and the first values of the full vector', async () => {
    const r = await embed.run({ text: 'The cat sits on the mat', values: 5 }, services, dmUser);
    expect(r).toMatchObject({
      text: 'The cat sits on the mat',
      model: 'Xenova/all-MiniLM-L6-v2',
      dtype: 'fp32',
      dimensions: 384,
      tokens: 8,
      window: 256,
      truncated: false,
    });
    expect(r.norm).toBeCloseTo(1, 5);
    expect(r.vector).toHaveLength(384);
    expect(r.preview).toEqual(r.vector.slice(0, 5).map((x) => Number(x.toFixed(4))));
  });

  it('flags a text longer than the window', async () => {
    const r = await embed.run({ text: 'word '.repeat(400) }, services, dmUser);
    expect(r.truncated).toBe(true);
    expect(r.tokens).toBe(402);
    expect(r.preview).toHaveLength(10);
  });

  it('refuses text over the length limit with the numbers', async () => {
    await expect(embed.run({ text: 'x'.repeat(2001) }, services, dmUser)).rejects.toThrow(
      'The text is 2001 characters long; the limit is 2000.',
    );
  });

  it('draws the 384 values as a strip, and with compare two strips and their cosine', async () => {
    const one = await embed.run({ text: 'The cat sits on the mat' }, services, dmUser);
    expect(one.picture?.name).toBe('embed.png');
    expect(decodePng(one.picture!.png).width).toBe(one.picture!.width);
    expect(one.compare).toBeUndefined();
    const two = await embed.run(
      { text: 'The cat sits on the mat', compare: 'A feline rests on the carpet' },
      services,
      dmUser,
    );
    expect(two.compare).toMatchObject({ text: 'A feline rests on the carpet', tokens: 9, truncated: false });
    expect(two.compare!.cosine).toBeGreaterThan(0.5);
    expect(two.compare!.verdict).toBe('similar meaning');
    expect(two.picture!.height).toBeGreaterThan(one.picture!.height);
    expect(two.vector).toEqual(one.vector);
    const none = await embed.run({ text: 'The cat sits on the mat', picture: false }, services, dmUser);
    expect(none.picture).toBeUndefined();
    await expect(embed.run({ text: 'fine', compare: '  ' }, services, dmUser)).rejects.toThrow(
      'The text to compare is empty: give some words to embed.',
    );
  });
});
