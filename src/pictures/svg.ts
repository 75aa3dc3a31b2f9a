/**
 * The look every picture shares: a dark rounded card (readable on Discord's light and dark themes
 * alike, since the card brings its own background), colour scales and small SVG helpers.
 */
export const THEME = {
  card: '#1e1f22',
  border: '#3f4147',
  text: '#f2f3f5',
  muted: '#b5bac1',
  faint: '#80848e',
  grid: '#3a3c42',
  neutral: '#35373c',
  accent: '#949cf7',
  positive: '#ff9f43',
  negative: '#4da3ff',
  a: '#ffb454',
  b: '#5cc8ff',
  c: '#c792ff',
  result: '#57f287',
} as const;

/** Pixels per SVG unit in the PNG: pictures are laid out at Discord's display size and drawn at 2×. */
export const ZOOM = 2;

export const num = (x: number): string => String(Math.round(x * 100) / 100);

/** A whole picture: the card, then `body`. Sizes are in SVG units (the PNG is ZOOM times larger). */
export function svgDocument(width: number, height: number, body: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}">`,
    `<rect x="0.5" y="0.5" width="${num(width - 1)}" height="${num(height - 1)}" rx="12" fill="${THEME.card}" stroke="${THEME.border}"/>`,
    body,
    '</svg>',
  ].join('\n');
}

export function rect(x: number, y: number, w: number, h: number, fill: string, extra = ''): string {
  return `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="${fill}"${extra ? ` ${extra}` : ''}/>`;
}

export function line(x1: number, y1: number, x2: number, y2: number, stroke: string, extra = ''): string {
  return `<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="${stroke}"${extra ? ` ${extra}` : ''}/>`;
}

type Rgb = [number, number, number];

const parse = (hex: string): Rgb => [
  Number.parseInt(hex.slice(1, 3), 16),
  Number.parseInt(hex.slice(3, 5), 16),
  Number.parseInt(hex.slice(5, 7), 16),
];
const hex = ([r, g, b]: Rgb): string =>
  `#${[r, g, b]
    .map((v) =>
      Math.round(Math.max(0, Math.min(255, v)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;

export function mix(from: string, to: string, t: number): string {
  const a = parse(from);
  const b = parse(to);
  const k = Math.max(0, Math.min(1, t));
  return hex([a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k, a[2] + (b[2] - a[2]) * k]);
}

// Viridis: perceptually even, colour-blind safe, readable on a dark card.
const VIRIDIS = [
  '#440154',
  '#472d7b',
  '#3b528b',
  '#2c728e',
  '#21918c',
  '#28ae80',
  '#5ec962',
  '#addc30',
  '#fde725',
];

/** Viridis at t in [0, 1] (clamped). */
export function viridis(t: number): string {
  const k = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
  const i = Math.min(Math.floor(k), VIRIDIS.length - 2);
  return mix(VIRIDIS[i]!, VIRIDIS[i + 1]!, k - i);
}

/** Blue for negative, orange for positive, brighter the larger |x| is (full at `max`). */
export function diverging(x: number, max: number): string {
  const t = Math.min(1, Math.abs(x) / max) ** 0.8;
  return mix(THEME.neutral, x < 0 ? THEME.negative : THEME.positive, t);
}

/** Black or white, whichever reads better on `background`. */
export function inkOn(background: string): string {
  const [r, g, b] = parse(background).map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.22 ? '#111214' : '#ffffff';
}

/** A linear gradient definition (left to right unless `vertical`). */
export function gradient(id: string, stops: string[], vertical = false): string {
  const dir = vertical ? 'x1="0" y1="1" x2="0" y2="0"' : 'x1="0" y1="0" x2="1" y2="0"';
  const parts = stops.map(
    (c, i) => `<stop offset="${num(stops.length === 1 ? 0 : i / (stops.length - 1))}" stop-color="${c}"/>`,
  );
  return `<linearGradient id="${id}" ${dir}>${parts.join('')}</linearGradient>`;
}

/** An arrow head marker in `colour`. */
export function arrowMarker(id: string, colour: string): string {
  return `<marker id="${id}" viewBox="0 0 10 10" refX="8" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto"><path d="M0,1 L10,5 L0,9 z" fill="${colour}"/></marker>`;
}
