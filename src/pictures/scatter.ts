import { arrowMarker, line, num, THEME } from './svg.ts';
import { fitText, textSvg, textWidth } from './text.ts';

export type Marker = 'dot' | 'big' | 'diamond' | 'star' | 'ring';

export interface ScatterPoint {
  /** Position in data units (any scale: the plot fits them, keeping one scale for both axes). */
  x: number;
  y: number;
  marker: Marker;
  colour: string;
  label?: string;
  labelColour?: string;
  bold?: boolean;
  /** Labels are placed in this order, highest first; a `must` label is drawn even if it overlaps. */
  priority?: number;
  must?: boolean;
}

export interface Arrow {
  from: number;
  to: number;
  colour: string;
  dashed?: boolean;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const LABEL_SIZE = 13;
const RADIUS: Record<Marker, number> = { dot: 3.5, big: 5.5, diamond: 7, star: 8, ring: 6 };

type Rect = [number, number, number, number];

const overlap = (a: Rect, b: Rect): number =>
  Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0])) *
  Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));

function markerSvg(m: Marker, x: number, y: number, colour: string): string {
  const r = RADIUS[m];
  const at = `cx="${num(x)}" cy="${num(y)}"`;
  switch (m) {
    case 'dot':
      return `<circle ${at} r="${r}" fill="${colour}" fill-opacity="0.85"/>`;
    case 'big':
      return `<circle ${at} r="${r}" fill="${colour}" stroke="${THEME.card}" stroke-width="1.5"/>`;
    case 'ring':
      return `<circle ${at} r="${r}" fill="${THEME.card}" stroke="${colour}" stroke-width="2.5"/>`;
    case 'diamond':
      return `<path d="M${num(x)},${num(y - r)} L${num(x + r)},${num(y)} L${num(x)},${num(y + r)} L${num(x - r)},${num(y)} Z" fill="${colour}" stroke="${THEME.card}" stroke-width="1.5"/>`;
    case 'star': {
      const pts: string[] = [];
      for (let k = 0; k < 10; k++) {
        const rr = k % 2 === 0 ? r : r * 0.45;
        const angle = -Math.PI / 2 + (k * Math.PI) / 5;
        pts.push(`${num(x + rr * Math.cos(angle))},${num(y + rr * Math.sin(angle))}`);
      }
      return `<polygon points="${pts.join(' ')}" fill="${colour}" stroke="${THEME.card}" stroke-width="1.5"/>`;
    }
  }
}

/**
 * A scatter plot inside `box`: both axes share one scale (distances on the picture are honest),
 * arrows go under the points, and labels are placed beside their points where they overlap
 * nothing; a label that cannot find room is left out unless it is a `must`.
 */
export function scatterSvg(points: readonly ScatterPoint[], arrows: readonly Arrow[], box: Box): string {
  // Room at the sides for the labels of the outermost points.
  const padX = 34;
  const padY = 20;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [minX, maxX] = [Math.min(...xs), Math.max(...xs)];
  const [minY, maxY] = [Math.min(...ys), Math.max(...ys)];
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  const innerW = box.w - 2 * padX;
  const innerH = box.h - 2 * padY;
  const scale =
    spanX === 0 && spanY === 0
      ? 1
      : Math.min(spanX > 0 ? innerW / spanX : Infinity, spanY > 0 ? innerH / spanY : Infinity);
  const cx = box.x + box.w / 2;
  const cy = box.y + box.h / 2;
  // Screen y grows downwards; data y up.
  const at = points.map((p) => ({
    sx: cx + (p.x - (minX + maxX) / 2) * scale,
    sy: cy - (p.y - (minY + maxY) / 2) * scale,
  }));

  const out: string[] = [];
  const markers = new Set<string>();
  /** Small boxes along each drawn arrow, so labels keep off the lines. */
  const along: Rect[] = [];
  for (const a of arrows) {
    const p = at[a.from];
    const q = at[a.to];
    if (!p || !q) continue;
    const dx = q.sx - p.sx;
    const dy = q.sy - p.sy;
    const len = Math.hypot(dx, dy);
    if (len < 12) continue;
    const r1 = RADIUS[points[a.from]!.marker] + 2;
    const r2 = RADIUS[points[a.to]!.marker] + 3;
    for (let d = r1; d <= len - r2; d += 6) {
      const x = p.sx + (dx / len) * d;
      const y = p.sy + (dy / len) * d;
      along.push([x - 3, y - 3, x + 3, y + 3]);
    }
    const id = `arrow${a.colour.slice(1)}`;
    if (!markers.has(id)) {
      markers.add(id);
      out.unshift(`<defs>${arrowMarker(id, a.colour)}</defs>`);
    }
    out.push(
      line(
        p.sx + (dx / len) * r1,
        p.sy + (dy / len) * r1,
        q.sx - (dx / len) * r2,
        q.sy - (dy / len) * r2,
        a.colour,
        `stroke-width="2.5"${a.dashed ? ' stroke-dasharray="6 4"' : ''} marker-end="url(#${id})"`,
      ),
    );
  }

  // Unlabelled and minor points first, so the important ones sit on top.
  const order = points
    .map((_, i) => i)
    .sort((i, j) => (points[i]!.priority ?? 0) - (points[j]!.priority ?? 0));
  for (const i of order) out.push(markerSvg(points[i]!.marker, at[i]!.sx, at[i]!.sy, points[i]!.colour));

  const taken: Rect[] = at.map((p, i) => {
    const r = RADIUS[points[i]!.marker];
    return [p.sx - r, p.sy - r, p.sx + r, p.sy + r];
  });
  taken.push(...along);
  const labelled = order.filter((i) => points[i]!.label).reverse();
  for (const i of labelled) {
    const p = points[i]!;
    const { sx, sy } = at[i]!;
    const r = RADIUS[p.marker] + 4;
    const maxWidth = Math.min(180, box.w / 2.2);
    const text = fitText(p.label!, maxWidth, LABEL_SIZE, p.bold);
    const w = textWidth(text, LABEL_SIZE, p.bold);
    const h = LABEL_SIZE;
    const options: { rect: Rect; x: number; y: number; anchor: 'start' | 'end' | 'middle' }[] = [
      // Right, left, above, below, then the diagonals (for points near the sides).
      {
        rect: [sx + r, sy - h / 2 - 2, sx + r + w, sy + h / 2 + 2],
        x: sx + r,
        y: sy + h / 2 - 2,
        anchor: 'start',
      },
      {
        rect: [sx - r - w, sy - h / 2 - 2, sx - r, sy + h / 2 + 2],
        x: sx - r,
        y: sy + h / 2 - 2,
        anchor: 'end',
      },
      { rect: [sx - w / 2, sy - r - h - 2, sx + w / 2, sy - r + 2], x: sx, y: sy - r - 1, anchor: 'middle' },
      {
        rect: [sx - w / 2, sy + r - 2, sx + w / 2, sy + r + h + 2],
        x: sx,
        y: sy + r + h - 2,
        anchor: 'middle',
      },
      { rect: [sx - 4, sy - r - h - 2, sx - 4 + w, sy - r + 2], x: sx - 4, y: sy - r - 1, anchor: 'start' },
      { rect: [sx + 4 - w, sy - r - h - 2, sx + 4, sy - r + 2], x: sx + 4, y: sy - r - 1, anchor: 'end' },
      {
        rect: [sx - 4, sy + r - 2, sx - 4 + w, sy + r + h + 2],
        x: sx - 4,
        y: sy + r + h - 2,
        anchor: 'start',
      },
      { rect: [sx + 4 - w, sy + r - 2, sx + 4, sy + r + h + 2], x: sx + 4, y: sy + r + h - 2, anchor: 'end' },
    ];
    // Labels may use the card's side margins, not just the plot.
    const inside = (q: Rect) =>
      q[0] >= box.x - 6 && q[2] <= box.x + box.w + 6 && q[1] >= box.y && q[3] <= box.y + box.h;
    const own = taken[i]!;
    const cost = (q: Rect) =>
      taken.reduce((sum, t) => (t === own ? sum : sum + overlap(q, t)), 0) + (inside(q) ? 0 : 1e6);
    let best = options[0]!;
    let bestCost = cost(best.rect);
    for (const o of options.slice(1)) {
      const c = cost(o.rect);
      if (c < bestCost) {
        best = o;
        bestCost = c;
      }
    }
    if (bestCost > 0 && !p.must) continue;
    taken.push(best.rect);
    out.push(
      textSvg(text, {
        x: best.x,
        y: best.y,
        size: LABEL_SIZE,
        fill: p.labelColour ?? THEME.text,
        bold: p.bold,
        anchor: best.anchor,
        halo: THEME.card,
      }),
    );
  }
  return out.join('\n');
}
