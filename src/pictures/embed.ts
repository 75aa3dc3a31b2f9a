import { type Picture, renderPicture } from './png.ts';
import { diverging, gradient, line, rect, svgDocument, THEME } from './svg.ts';
import { ALT_MAX, shorten, textSvg } from './text.ts';

export interface StripInput {
  text: string;
  vector: ArrayLike<number>;
}

export interface CompareInput extends StripInput {
  cosine: number;
  verdict: string;
}

/** Values at or beyond ±SCALE get the full colour. One fixed scale, so two pictures compare. */
export const STRIP_SCALE = 0.15;
const PER_ROW = 96;
const CELL_W = 4.5;
const PAD = 20;
const GRID_LEFT = 62;
const W = GRID_LEFT + PER_ROW * CELL_W + PAD;

function row(vector: ArrayLike<number>, r: number, y: number, h: number): string {
  const cells: string[] = [];
  for (let k = 0; k < PER_ROW; k++) {
    const v = vector[r * PER_ROW + k];
    if (v === undefined) break;
    cells.push(rect(GRID_LEFT + k * CELL_W, y, CELL_W, h, diverging(v, STRIP_SCALE)));
  }
  return cells.join('');
}

function legend(y: number): string {
  const x = PAD;
  const w = 150;
  const out = [
    `<defs>${gradient('strip', [diverging(-STRIP_SCALE, STRIP_SCALE), diverging(-STRIP_SCALE / 2, STRIP_SCALE), diverging(0, STRIP_SCALE), diverging(STRIP_SCALE / 2, STRIP_SCALE), diverging(STRIP_SCALE, STRIP_SCALE)])}</defs>`,
    rect(x, y, w, 10, 'url(#strip)', 'rx="2"'),
    textSvg(`−${STRIP_SCALE}`, { x, y: y + 24, size: 11, fill: THEME.muted }),
    textSvg('0', { x: x + w / 2, y: y + 24, size: 11, fill: THEME.muted, anchor: 'middle' }),
    textSvg(`+${STRIP_SCALE}`, { x: x + w, y: y + 24, size: 11, fill: THEME.muted, anchor: 'end' }),
    textSvg('blue below 0, orange above;', {
      x: W - PAD,
      y: y + 9,
      size: 11,
      fill: THEME.muted,
      anchor: 'end',
    }),
    textSvg('brighter = further from 0', {
      x: W - PAD,
      y: y + 24,
      size: 11,
      fill: THEME.muted,
      anchor: 'end',
    }),
  ];
  return out.join('\n');
}

/**
 * The 384 numbers of one text as a strip of coloured cells (four rows of 96), or, with `compare`,
 * two texts' strips interleaved row by row so each dimension of A sits right above the same one of B.
 */
export function embedStripSvg(main: StripInput, compare?: CompareInput): string {
  const rows = Math.ceil(main.vector.length / PER_ROW);
  const out: string[] = [];
  if (!compare) {
    out.push(
      textSvg(`“${shorten(main.text, 400)}”`, {
        x: PAD,
        y: 32,
        size: 15,
        fill: THEME.text,
        bold: true,
        maxWidth: W - 2 * PAD,
      }),
    );
    out.push(
      textSvg(`${main.vector.length} numbers, ${PER_ROW} per row`, {
        x: PAD,
        y: 52,
        size: 12,
        fill: THEME.muted,
      }),
    );
    const top = 66;
    const h = 20;
    for (let r = 0; r < rows; r++) {
      const y = top + r * (h + 5);
      out.push(
        textSvg(String(r * PER_ROW), {
          x: GRID_LEFT - 8,
          y: y + h / 2 + 4,
          size: 11,
          fill: THEME.faint,
          anchor: 'end',
        }),
      );
      out.push(row(main.vector, r, y, h));
    }
    const legendY = top + rows * (h + 5) + 10;
    out.push(legend(legendY));
    return svgDocument(W, legendY + 42, out.join('\n'));
  }

  const caption = (tag: string, colour: string, text: string, y: number) => {
    out.push(textSvg(tag, { x: PAD, y, size: 14, fill: colour, bold: true }));
    out.push(textSvg(text, { x: PAD + 20, y, size: 14, fill: THEME.text, maxWidth: W - 2 * PAD - 20 }));
  };
  caption('A', THEME.a, main.text, 30);
  caption('B', THEME.b, compare.text, 52);
  out.push(
    textSvg(`cosine ${compare.cosine.toFixed(4)} · ${compare.verdict} · each dimension of A sits above B's`, {
      x: PAD,
      y: 74,
      size: 12,
      fill: THEME.muted,
      maxWidth: W - 2 * PAD,
    }),
  );
  const top = 88;
  const h = 15;
  const pair = 2 * h + 2 + 10;
  for (let r = 0; r < rows; r++) {
    const y = top + r * pair;
    out.push(
      textSvg('A', {
        x: GRID_LEFT - 8,
        y: y + h / 2 + 4,
        size: 11,
        fill: THEME.a,
        bold: true,
        anchor: 'end',
      }),
    );
    out.push(
      textSvg('B', {
        x: GRID_LEFT - 8,
        y: y + h + 2 + h / 2 + 4,
        size: 11,
        fill: THEME.b,
        bold: true,
        anchor: 'end',
      }),
    );
    out.push(textSvg(String(r * PER_ROW), { x: PAD, y: y + h + 5, size: 11, fill: THEME.faint }));
    out.push(row(main.vector, r, y, h));
    out.push(row(compare.vector, r, y + h + 2, h));
  }
  out.push(line(PAD, top + rows * pair - 2, W - PAD, top + rows * pair - 2, THEME.grid));
  const legendY = top + rows * pair + 8;
  out.push(legend(legendY));
  return svgDocument(W, legendY + 42, out.join('\n'));
}

export function embedPicture(main: StripInput, compare?: CompareInput): Promise<Picture> {
  const alt = compare
    ? `The ${main.vector.length} numbers of A and B as coloured strips, row by row (cosine ${compare.cosine.toFixed(4)}): A “${shorten(main.text, 300)}”, B “${shorten(compare.text, 300)}”.`
    : `The ${main.vector.length} numbers of “${shorten(main.text, 600)}” as a strip of coloured cells: blue below 0, orange above.`;
  return renderPicture('embed.png', embedStripSvg(main, compare), shorten(alt, ALT_MAX));
}
