import { closestPair } from '../math/pairs.ts';
import { type Picture, renderPicture } from './png.ts';
import { gradient, inkOn, line, num, rect, svgDocument, THEME, viridis } from './svg.ts';
import { ALT_MAX, fitText, shorten, textSvg } from './text.ts';

const PAD = 20;

/** The verdict bands of src/verdict.ts, as drawn under the bar. */
const BANDS: ReadonlyArray<readonly [number, number, string]> = [
  [0, 0.1, 'none'],
  [0.1, 0.3, 'barely'],
  [0.3, 0.5, 'somewhat'],
  [0.5, 0.8, 'similar'],
  [0.8, 1, 'same'],
];

export interface PairPictureInput {
  a: string;
  b: string;
  cosine: number;
  verdict: string;
}

/** Two sentences: one bar from 0 to 1 filled to the cosine, over the verdict bands. */
export function similarPairSvg(r: PairPictureInput): string {
  const W = 480;
  const H = 198;
  const x0 = PAD;
  const w = W - 2 * PAD;
  const barY = 90;
  const barH = 22;
  const clamped = Math.max(0, Math.min(1, r.cosine));
  const xAt = (v: number) => x0 + v * w;
  const out: string[] = [];
  out.push(
    `<defs>${gradient('score', [0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1].map(viridis))}</defs>`,
  );
  out.push(textSvg('Cosine similarity', { x: PAD, y: 30, size: 15, fill: THEME.text, bold: true }));
  out.push(textSvg('1 = same direction, 0 = unrelated', { x: PAD, y: 52, size: 12, fill: THEME.muted }));
  out.push(
    textSvg(r.cosine.toFixed(4), {
      x: W - PAD,
      y: 34,
      size: 24,
      fill: THEME.text,
      bold: true,
      anchor: 'end',
    }),
  );
  out.push(
    textSvg(r.verdict, {
      x: W - PAD,
      y: 54,
      size: 13,
      fill: viridis(Math.max(0.45, clamped)),
      anchor: 'end',
    }),
  );
  // Track, then the filled part: the gradient spans the whole bar so the end colour is the score's.
  out.push(rect(x0, barY, w, barH, THEME.neutral, 'rx="6"'));
  if (clamped > 0) {
    out.push(
      `<clipPath id="fill"><rect x="${num(x0)}" y="${barY}" width="${num(clamped * w)}" height="${barH}"/></clipPath>`,
      rect(x0, barY, w, barH, 'url(#score)', 'rx="6" clip-path="url(#fill)"'),
    );
  }
  for (const [from] of BANDS) {
    if (from > 0) out.push(line(xAt(from), barY, xAt(from), barY + barH, THEME.card, 'stroke-width="1.5"'));
  }
  // The score's tick.
  const sx = xAt(clamped);
  out.push(line(sx, barY - 5, sx, barY + barH + 5, THEME.text, 'stroke-width="3" stroke-linecap="round"'));
  for (const [from, to, name] of BANDS) {
    out.push(
      textSvg(name, {
        x: xAt((from + to) / 2),
        y: barY + barH + 17,
        size: 11,
        fill: clamped >= from && (clamped < to || to === 1) ? THEME.text : THEME.faint,
        anchor: 'middle',
        bold: clamped >= from && (clamped < to || to === 1),
      }),
    );
  }
  for (const tick of [0, 0.1, 0.3, 0.5, 0.8, 1]) {
    out.push(
      textSvg(String(tick), {
        x: xAt(tick),
        y: barY - 8,
        size: 10,
        fill: THEME.faint,
        anchor: tick === 0 ? 'start' : tick === 1 ? 'end' : 'middle',
      }),
    );
  }
  if (r.cosine < 0) {
    out.push(textSvg('below 0', { x: x0 + 4, y: barY + 15, size: 11, fill: THEME.muted }));
  }
  const sentence = (tag: string, text: string, y: number, colour: string) => {
    out.push(textSvg(tag, { x: PAD, y, size: 13, fill: colour, bold: true }));
    out.push(textSvg(text, { x: PAD + 20, y, size: 13, fill: THEME.text, maxWidth: w - 20 }));
  };
  sentence('A', r.a, 158, THEME.a);
  sentence('B', r.b, 180, THEME.b);
  return svgDocument(W, H, out.join('\n'));
}

export interface MatrixPictureInput {
  sentences: readonly string[];
  /** Square, symmetric, rounded cosines. */
  cosines: readonly (readonly number[])[];
}

/** Three to ten sentences: a labelled heatmap of every pair's cosine, values in the cells, a colour scale. */
export function similarMatrixSvg(r: MatrixPictureInput): string {
  const n = r.sentences.length;
  const cell = n <= 4 ? 56 : n <= 6 ? 46 : n <= 8 ? 38 : 34;
  const valueSize = cell >= 46 ? 14 : 12;
  // Small cells drop the leading zero (".41", "−.09") so the digits can stay large.
  const value = (v: number) => {
    const text = (Math.abs(v) < 0.005 ? 0 : v).toFixed(2);
    const short = cell < 46 ? text.replace(/^(-?)0\./, '$1.') : text;
    return short.replace('-', '−');
  };
  const labelW = n <= 4 ? 230 : n <= 6 ? 190 : n <= 8 ? 170 : 150;
  const gridLeft = PAD + labelW;
  const gridTop = 78;
  const gridSize = n * cell;
  const legendX = gridLeft + gridSize + 18;
  const W = legendX + 12 + 34 + PAD;
  const H = gridTop + gridSize + 44;
  const [ci, cj] = closestPair(r.cosines);
  const out: string[] = [];
  out.push(
    `<defs>${gradient('scale', [0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1].map(viridis), true)}</defs>`,
  );
  out.push(textSvg('Pairwise cosine similarity', { x: PAD, y: 30, size: 15, fill: THEME.text, bold: true }));
  out.push(
    textSvg(`${n} sentences · brighter = closer in meaning`, { x: PAD, y: 50, size: 12, fill: THEME.muted }),
  );
  for (let i = 0; i < n; i++) {
    const y = gridTop + i * cell + cell / 2 + 4.5;
    out.push(textSvg(String(i + 1), { x: PAD, y, size: 13, fill: THEME.muted, bold: true }));
    out.push(textSvg(r.sentences[i]!, { x: PAD + 26, y, size: 13, fill: THEME.text, maxWidth: labelW - 34 }));
    out.push(
      textSvg(String(i + 1), {
        x: gridLeft + i * cell + cell / 2,
        y: gridTop - 8,
        size: 13,
        fill: THEME.muted,
        bold: true,
        anchor: 'middle',
      }),
    );
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = r.cosines[i]![j]!;
      const x = gridLeft + j * cell;
      const y = gridTop + i * cell;
      const diagonal = i === j;
      const fill = diagonal ? THEME.neutral : viridis(v);
      out.push(rect(x + 1, y + 1, cell - 2, cell - 2, fill, 'rx="3"'));
      out.push(
        textSvg(diagonal ? '1' : value(v), {
          x: x + cell / 2,
          y: y + cell / 2 + valueSize * 0.36,
          size: valueSize,
          fill: diagonal ? THEME.faint : inkOn(fill),
          anchor: 'middle',
          bold: (i === ci && j === cj) || (i === cj && j === ci),
        }),
      );
    }
  }
  // Outline the closest pair (both cells of it).
  for (const [i, j] of [
    [ci, cj],
    [cj, ci],
  ] as const) {
    out.push(
      rect(
        gridLeft + j * cell + 1,
        gridTop + i * cell + 1,
        cell - 2,
        cell - 2,
        'none',
        `rx="3" stroke="${THEME.text}" stroke-width="2"`,
      ),
    );
  }
  out.push(rect(legendX, gridTop, 12, gridSize, 'url(#scale)', 'rx="2"'));
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    const y = gridTop + (1 - t) * gridSize;
    out.push(line(legendX + 12, y, legendX + 16, y, THEME.muted));
    out.push(textSvg(String(t), { x: legendX + 19, y: y + 4, size: 11, fill: THEME.muted }));
  }
  const closest = r.cosines[ci]![cj]!;
  const note = fitText(
    `Closest: ${ci + 1} and ${cj + 1} (${closest.toFixed(2)}) · below 0 shows as 0`,
    W - 2 * PAD,
    12,
  );
  out.push(textSvg(note, { x: PAD, y: H - 18, size: 12, fill: THEME.muted }));
  return svgDocument(W, H, out.join('\n'));
}

const shortList = (items: readonly string[]): string =>
  items.map((s, i) => `${i + 1}: ${fitText(s, 200, 12)}`).join('; ');

export function similarPairPicture(r: PairPictureInput): Promise<Picture> {
  return renderPicture(
    'similar.png',
    similarPairSvg(r),
    shorten(`Bar filled to cosine ${r.cosine.toFixed(4)} (${r.verdict}) between A and B.`, ALT_MAX),
  );
}

export function similarMatrixPicture(r: MatrixPictureInput): Promise<Picture> {
  return renderPicture(
    'similar.png',
    similarMatrixSvg(r),
    shorten(
      `Heatmap of pairwise cosine similarity between ${r.sentences.length} sentences (${shortList(r.sentences)}).`,
      ALT_MAX,
    ),
  );
}
