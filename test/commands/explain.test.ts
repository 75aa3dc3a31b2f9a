import { afterAll, describe, expect, it } from 'vitest';
import { explain, TOP_DIMENSIONS, TOPICS } from '../../commands/explain.ts';
import { similar } from '../../commands/similar.ts';
import type { Services } from '../../src/command.ts';
import { UserError } from '../../src/errors.ts';
import { describeWithModel } from '../helpers/model.ts';
import { dmUser, realServices } from '../helpers/services.ts';

const none = {} as Services;

describe('/explain', () => {
  it('has the six pages in order', async () => {
    const r = await explain.run({}, none, dmUser);
    expect(r.start).toBe(0);
    expect(r.pages.map((p) => p.topic)).toEqual([
      'what',
      'where',
      'cosine',
      'euclidean',
      'dimensions',
      'uses',
    ]);
    expect(TOPICS).toHaveLength(6);
    for (const p of r.pages) expect(p.body.length).toBeLessThan(4096);
  });

  it('works the cosine example out from the vectors it shows', async () => {
    const { pages } = await explain.run({ topic: 'cosine' }, none, dmUser);
    const body = pages.find((p) => p.topic === 'cosine')!.body;
    // a = [2, 1, 0], b = [1, 2, 1]: a·b = 4, |a| = √5, |b| = √6, cos = 4/√30.
    expect(body).toContain('a · b = 2×1 + 1×2 + 0×1 = 4');
    expect(body).toContain(`**${Number((4 / Math.sqrt(30)).toFixed(3))}**`);
  });

  it('jumps to a topic and refuses unknown ones', async () => {
    expect((await explain.run({ topic: 'dimensions' }, none, dmUser)).start).toBe(4);
    await expect(explain.run({ topic: 'nope' }, none, dmUser)).rejects.toThrow(/no topic "nope"/);
  });

  it('offers every topic as a slash-command choice', () => {
    const option = explain.data.options?.[0] as { choices?: { value: string }[] };
    expect(option.choices?.map((c) => c.value)).toEqual(TOPICS);
  });
});

describe('/explain worked example', () => {
  it('the euclidean page computes its numbers too', async () => {
    const { pages } = await explain.run({ topic: 'euclidean' }, none, dmUser);
    const body = pages.find((p) => p.topic === 'euclidean')!.body;
    // a = [2, 1, 0], b = [1, 2, 1]: d = √3; a stretched to [4, 2, 0] is √5 from a, cosine 1.
    expect(body).toContain(`d = ${Number(Math.sqrt(3).toFixed(3))}`);
    expect(body).toContain(`jumps to ${Number(Math.sqrt(5).toFixed(3))}`);
  });

  it('asks for both sentences before loading anything', async () => {
    await expect(explain.run({ a: 'only a' }, none, dmUser)).rejects.toThrow(
      new UserError('Give both sentences, a and b, to see the numbers worked through.'),
    );
  });

  it('offers a and b after the topic', () => {
    expect(explain.data.options?.map((o) => o.name)).toEqual(['topic', 'a', 'b']);
  });
});

describeWithModel('/explain a: b: on the real model', () => {
  const services = realServices();
  afterAll(() => services.embedder.close());
  const A = 'The cat sits on the mat';
  const B = 'A feline rests on the carpet';

  it("agrees with /similar's numbers for the same sentences, to the digit", async () => {
    const { live } = await explain.run({ a: A, b: B }, services, dmUser);
    const same = await similar.run({ a: A, b: B, picture: false }, services, dmUser);
    if (same.kind !== 'pair') throw new Error('expected a pair');
    expect(live).toBeDefined();
    expect({
      cosine: live!.cosine,
      euclidean: live!.euclidean,
      dot: live!.dot,
      verdict: live!.verdict,
    }).toEqual({
      cosine: same.cosine,
      euclidean: same.euclidean,
      dot: same.dot,
      verdict: same.verdict,
    });
    expect(live!.normA).toBe(1);
    expect(live!.normB).toBe(1);
  });

  it('shows the pieces each sentence became and the dimensions that matter most', async () => {
    const { live } = await explain.run({ a: A, b: B }, services, dmUser);
    const r = live!;
    expect(r.a.pieces).toEqual(['[CLS]', 'the', 'cat', 'sits', 'on', 'the', 'mat', '[SEP]']);
    expect(r.a.tokens).toBe(8);
    expect(r.a.truncated).toBe(false);
    expect(r.dimensions).toBe(384);
    expect(r.together).toHaveLength(TOP_DIMENSIONS);
    expect(r.apart).toHaveLength(TOP_DIMENSIONS);
    const products = r.together.map((c) => c.product);
    expect(products).toEqual([...products].sort((x, y) => y - x));
    for (const c of r.together) expect(c.product).toBeGreaterThan(0);
    for (const c of r.apart) expect(c.product).toBeLessThan(0);
    const apart = r.apart.map((c) => c.product);
    expect(apart).toEqual([...apart].sort((x, y) => x - y));
    // Each product is a × b of the real values (rounded once, like every number shown).
    const [ea, eb] = await services.embedder.embedMany([A, B]);
    for (const c of [...r.together, ...r.apart, ...r.firstTerms]) {
      expect(c.a).toBe(Number(ea!.vector[c.dimension]!.toFixed(4)));
      expect(c.b).toBe(Number(eb!.vector[c.dimension]!.toFixed(4)));
      expect(c.product).toBe(Number((ea!.vector[c.dimension]! * eb!.vector[c.dimension]!).toFixed(4)));
    }
    expect(r.firstTerms.map((t) => t.dimension)).toEqual([0, 1, 2]);
    // The top five really are the largest of all 384 products.
    const all = Array.from(ea!.vector, (x, i) => x * eb!.vector[i]!).sort((x, y) => y - x);
    expect(r.together[0]!.product).toBe(Number(all[0]!.toFixed(4)));
    expect(r.apart[0]!.product).toBe(Number(all[all.length - 1]!.toFixed(4)));
  });

  it('says when a sentence was cut at the window', async () => {
    const { live } = await explain.run({ a: 'word '.repeat(300), b: B }, services, dmUser);
    expect(live!.a.truncated).toBe(true);
    expect(live!.a.tokens).toBe(302);
    expect(live!.a.pieces).toHaveLength(live!.window);
    expect(live!.a.pieces.at(-1)).toBe('[SEP]');
  });
});
