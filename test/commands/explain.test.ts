import { describe, expect, it } from 'vitest';
import { explain, TOPICS } from '../../commands/explain.ts';
import type { Services } from '../../src/command.ts';
import { dmUser } from '../helpers/services.ts';

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
