import { describe, expect, it } from 'vitest';
import { liveText as explainText } from '../../commands/explain/cli.ts';
import type { LiveExplain } from '../../commands/explain.ts';
import { commands } from '../../commands/index.ts';
import { similarText } from '../../commands/similar/cli.ts';
import type { SimilarMatrixResult } from '../../commands/similar.ts';
import type { Picture } from '../../src/pictures/png.ts';
import { embedLength, LONE_SURROGATE, strings } from '../discord/support.ts';

/** The Discord reply the named command gives for a result. */
const renderResult = (name: string, result: unknown, input: Record<string, unknown>, userId: string) =>
  commands[name]!.discord!.render(result, input, { userId });

const emoji = ['😀', '👩‍💻', '🇫🇷', '👍🏽', '❤️', '👨‍👩‍👧‍👦', '🎉'];
const longText = (n: number): string => {
  let t = '';
  for (let i = 0; t.length + 11 <= n; i++) t += emoji[i % emoji.length];
  return t;
};

const picture: Picture = {
  name: 'similar.png',
  png: Buffer.from('png'),
  width: 2,
  height: 2,
  alt: 'x'.repeat(2000),
};

function live(text: string): LiveExplain {
  const c = (dimension: number, product: number) => ({ dimension, a: 0.1234, b: product / 0.1234, product });
  return {
    a: { text, pieces: Array.from({ length: 256 }, () => '##`long`piece'), tokens: 900, truncated: true },
    b: { text, pieces: ['[CLS]', 'hi', '[SEP]'], tokens: 3, truncated: false },
    window: 256,
    dimensions: 384,
    dot: 0.6021,
    normA: 1,
    normB: 1,
    cosine: 0.6021,
    euclidean: 0.892,
    verdict: 'similar meaning',
    firstTerms: [c(0, 0.001), c(1, -0.002), c(2, 0.0003)],
    together: [c(10, 0.02), c(20, 0.015), c(30, 0.01), c(40, 0.009), c(50, 0.008)],
    apart: [c(11, -0.01), c(21, -0.008), c(31, -0.005), c(41, -0.002), c(51, -0.001)],
  };
}

describe('Discord replies stay within limits', () => {
  const checkEmbeds = (reply: ReturnType<typeof renderResult>) => {
    for (const e of reply.embeds ?? []) {
      expect(e.description?.length ?? 0).toBeLessThanOrEqual(4096);
      expect(e.title?.length ?? 0).toBeLessThanOrEqual(256);
      expect(e.fields?.length ?? 0).toBeLessThanOrEqual(25);
      for (const f of e.fields ?? []) {
        expect(f.name.length).toBeLessThanOrEqual(256);
        expect(f.value.length).toBeLessThanOrEqual(1024);
      }
      expect(embedLength(e)).toBeLessThanOrEqual(6000);
      for (const s of strings(e)) expect(s).not.toMatch(LONE_SURROGATE);
    }
  };

  it('/explain a: b: with the longest sentences and 256 pieces', () => {
    const reply = renderResult('explain', { start: 0, pages: [], live: live(longText(2000)) }, {}, '1');
    checkEmbeds(reply);
    const embed = reply.embeds![0]!;
    expect(embed.title).toBe('Your two sentences, worked through');
    const names = embed.fields!.map((f) => f.name);
    expect(names[0]).toBe('A became 900 pieces, cut to the first 256');
    expect(names.at(-1)).toBe('Verdict (as /similar says)');
    // Backticks in pieces cannot close the code block early.
    expect(embed.fields![0]!.value.match(/```/g)).toHaveLength(2);
    const cosField = embed.fields!.find((f) => f.name === 'Cosine, step by step')!;
    expect(cosField.value).toBe('cos = (a · b) / (|a| × |b|)\n= 0.6021 / (1.0000 × 1.0000)\n= **0.6021**');
    expect(embed.fields!.find((f) => f.name.includes('pulling apart'))!.value).toContain('**−0.0100**');
    expect(reply.components).toBeUndefined();
  });

  it('/similar with ten of the longest sentences', () => {
    const n = 10;
    const r: SimilarMatrixResult = {
      kind: 'matrix',
      sentences: Array.from({ length: n }, () => longText(2000)),
      cosines: Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0.25))),
      closest: { a: 0, b: 1, cosine: 0.25, verdict: 'barely related' },
      farthest: { a: 2, b: 3, cosine: 0.25, verdict: 'barely related' },
      truncated: true,
      picture,
    };
    const reply = renderResult('similar', r, {}, '1');
    checkEmbeds(reply);
    expect(reply.embeds![0]!.image).toEqual({ url: 'attachment://similar.png' });
    expect(reply.files).toHaveLength(1);
    expect(reply.files![0]!.description!.length).toBeLessThanOrEqual(1024);
    expect(reply.embeds![0]!.description!.split('\n')).toHaveLength(n);
  });
});

describe('CLI text', () => {
  it('prints the matrix and the live walkthrough', () => {
    const text = similarText({
      kind: 'matrix',
      sentences: ['a', 'b', 'c'],
      cosines: [
        [1, 0.5, 0.1],
        [0.5, 1, 0.2],
        [0.1, 0.2, 1],
      ],
      closest: { a: 0, b: 1, cosine: 0.5, verdict: 'similar meaning' },
      farthest: { a: 0, b: 2, cosine: 0.1, verdict: 'barely related' },
      truncated: false,
    });
    expect(text).toContain('1       1.0000  0.5000  0.1000');
    expect(text).toContain('closest   1 and 2: 0.5 → similar meaning');
    const walk = explainText(live('hello'));
    expect(walk).toContain('Cosine: (a · b) / (|a| × |b|) = 0.6021 / (1.0000 × 1.0000) = 0.6021');
    expect(walk).toContain('(cut to the first 256)');
  });
});
