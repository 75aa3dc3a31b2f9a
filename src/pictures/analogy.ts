import type { Vector } from '../math/vector.ts';
import { pca2 } from './pca.ts';
import { type Picture, renderPicture } from './png.ts';
import { type Arrow, type ScatterPoint, scatterSvg } from './scatter.ts';
import { svgDocument, THEME } from './svg.ts';
import { ALT_MAX, shorten, textSvg } from './text.ts';

export interface Word {
  word: string;
  /** Unit length, as ranked. */
  vector: Vector;
}

export interface AnalogyPictureInput {
  a: Word;
  b: Word;
  c: Word;
  /** The top candidates, best first. */
  candidates: readonly (Word & { score: number })[];
}

const W = 520;
const H = 420;
const PAD = 20;

/**
 * a, b, c, the computed point a − b + c and the top candidates, flattened by PCA of exactly these
 * vectors. PCA is linear, so the two arrows (b → a, and c → a − b + c) stay parallel and equal on
 * the picture, as they are in 384 dimensions.
 */
export function analogySvg(r: AnalogyPictureInput): string {
  const dim = r.a.vector.length;
  const computed = new Float64Array(dim);
  for (let i = 0; i < dim; i++) computed[i] = r.a.vector[i]! - r.b.vector[i]! + r.c.vector[i]!;
  const inputs = new Set([r.a.word, r.b.word, r.c.word].map((w) => w.toLowerCase()));
  const candidates = r.candidates.filter((x) => !inputs.has(x.word.toLowerCase()));
  const vectors: Vector[] = [
    r.a.vector,
    r.b.vector,
    r.c.vector,
    computed,
    ...candidates.map((x) => x.vector),
  ];
  const { points, kept } = pca2(vectors);
  const xy = (i: number) => ({ x: points[i]![0], y: points[i]![1] });
  const scatter: ScatterPoint[] = [
    {
      ...xy(0),
      marker: 'big',
      colour: THEME.a,
      label: r.a.word,
      labelColour: THEME.a,
      bold: true,
      must: true,
      priority: 9,
    },
    {
      ...xy(1),
      marker: 'big',
      colour: THEME.b,
      label: r.b.word,
      labelColour: THEME.b,
      bold: true,
      must: true,
      priority: 8,
    },
    {
      ...xy(2),
      marker: 'big',
      colour: THEME.c,
      label: r.c.word,
      labelColour: THEME.c,
      bold: true,
      must: true,
      priority: 7,
    },
    {
      ...xy(3),
      marker: 'diamond',
      colour: THEME.result,
      label: 'a − b + c',
      labelColour: THEME.result,
      must: true,
      priority: 10,
    },
    ...candidates.map(
      (x, k): ScatterPoint => ({
        ...xy(4 + k),
        marker: k === 0 ? 'ring' : 'dot',
        colour: k === 0 ? THEME.result : THEME.muted,
        label: `${x.word} ${x.score.toFixed(2)}`,
        labelColour: k === 0 ? THEME.text : THEME.muted,
        bold: k === 0,
        must: k === 0,
        priority: k === 0 ? 6 : 5 - k / 100,
      }),
    ),
  ];
  const arrows: Arrow[] = [
    { from: 1, to: 0, colour: THEME.accent, dashed: true },
    { from: 2, to: 3, colour: THEME.accent },
  ];
  const best = candidates[0]?.word ?? '?';
  const out: string[] = [];
  out.push(
    textSvg(`${r.a.word} − ${r.b.word} + ${r.c.word} ≈ ${best}`, {
      x: PAD,
      y: 30,
      size: 16,
      fill: THEME.text,
      bold: true,
      maxWidth: W - 2 * PAD,
    }),
  );
  out.push(
    textSvg(`The step from ${r.b.word} to ${r.a.word}, taken again from ${r.c.word}`, {
      x: PAD,
      y: 50,
      size: 12,
      fill: THEME.muted,
      maxWidth: W - 2 * PAD,
    }),
  );
  out.push(scatterSvg(scatter, arrows, { x: PAD, y: 62, w: W - 2 * PAD, h: H - 62 - 38 }));
  out.push(
    textSvg(
      `Flattened by PCA (keeps ${Math.round(kept * 100)}% of the spread); ranked in all ${dim} dimensions`,
      { x: PAD, y: H - 16, size: 11, fill: THEME.faint, maxWidth: W - 2 * PAD },
    ),
  );
  return svgDocument(W, H, out.join('\n'));
}

export function analogyPicture(r: AnalogyPictureInput): Promise<Picture> {
  const alt = `A flat map of ${r.a.word}, ${r.b.word}, ${r.c.word}, the point ${r.a.word} − ${r.b.word} + ${r.c.word} and the nearest candidates (${r.candidates.map((x) => x.word).join(', ')}), with arrows for the step from ${r.b.word} to ${r.a.word}.`;
  return renderPicture('analogy.png', analogySvg(r), shorten(alt, ALT_MAX));
}
