import { afterAll, expect, it } from 'vitest';
import { analogy, parseCandidates } from '../../commands/analogy.ts';
import { UserError } from '../../src/errors.ts';
import { WORDS } from '../../src/vocabulary.ts';
import { describeWithModel } from '../helpers/model.ts';
import { dmUser, realServices } from '../helpers/services.ts';
import { decodePng } from '../pictures/png.ts';

describeWithModel('/analogy on the real model', () => {
  const services = realServices();
  afterAll(() => services.embedder.close());
  const royals = 'king, man, woman, queen, prince, princess';

  it('king − man + woman ranks queen first among the royals, inputs left out', async () => {
    const r = await analogy.run({ a: 'king', b: 'man', c: 'woman', candidates: royals }, services, dmUser);
    console.log('king − man + woman:', r.results.map((x) => `${x.word} ${x.score}`).join(', '));
    expect(r.results.map((x) => x.word)).toEqual(['queen', 'princess', 'prince']);
    expect(r.source).toBe('candidates');
    expect(r.results.every((x) => !x.input)).toBe(true);
  });

  it('with the inputs included, shows why they are normally left out', async () => {
    const r = await analogy.run(
      { a: 'king', b: 'man', c: 'woman', candidates: royals, include_inputs: true, top: 6 },
      services,
      dmUser,
    );
    console.log('inputs included:', r.results.map((x) => `${x.word} ${x.score}`).join(', '));
    expect(r.results).toHaveLength(6);
    // Two of the inputs outrank every real answer: that is why they are left out by default.
    expect(
      r.results
        .slice(0, 2)
        .map((x) => x.word)
        .sort(),
    ).toEqual(['king', 'woman']);
    expect(r.results.filter((x) => x.input)).toHaveLength(3);
  });

  it('ranks the built-in vocabulary when no candidates are given', async () => {
    const r = await analogy.run({ a: 'king', b: 'man', c: 'woman', top: 3 }, services, dmUser);
    expect(r.source).toBe('vocabulary');
    expect(r.candidateCount).toBe(new Set(WORDS).size);
    expect(r.results[0]!.word).toBe('queen');
    expect(r.results.map((x) => x.word)).not.toContain('king');
  });

  it('scores are sorted best first and rounded', async () => {
    const r = await analogy.run({ a: 'paris', b: 'france', c: 'italy', top: 5 }, services, dmUser);
    const scores = r.results.map((x) => x.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const s of scores) expect(s).toBe(Number(s.toFixed(4)));
  });

  it('refuses bad candidate lists and blank words', async () => {
    expect(() => parseCandidates(' , ,')).toThrow(UserError);
    expect(parseCandidates('a, b,a , c')).toEqual(['a', 'b', 'c']);
    expect(() => parseCandidates(Array.from({ length: 201 }, (_, i) => `w${i}`).join(','))).toThrow(
      /limit is 200/,
    );
    await expect(analogy.run({ a: ' ', b: 'man', c: 'woman' }, services, dmUser)).rejects.toThrow(
      /word a is empty/,
    );
  });

  it('draws the projection of a, b, c, the computed point and the top candidates', async () => {
    const r = await analogy.run({ a: 'king', b: 'man', c: 'woman', candidates: royals }, services, dmUser);
    expect(r.picture?.name).toBe('analogy.png');
    expect(decodePng(r.picture!.png).width).toBe(r.picture!.width);
    expect(r.picture!.alt).toContain('queen');
    const bare = await analogy.run(
      { a: 'king', b: 'man', c: 'woman', candidates: royals, picture: false },
      services,
      dmUser,
    );
    expect(bare.picture).toBeUndefined();
    expect(bare.results).toEqual(r.results);
  });
});
