import { EMOJI_FAMILY, metrics, TEXT_FAMILY } from './font.ts';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * Removed from labels: characters XML 1.0 forbids, other control characters, and the bidi
 * embedding/override/isolate controls (one label must not reorder what is drawn after it).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const UNWANTED = /[\u0000-\u001F\u007F-\u009F\uFFFE\uFFFF\u202A-\u202E\u2066-\u2069]/g;

/** User text made fit for one line of a picture: one line, no control characters, whole characters. */
export function cleanText(text: string): string {
  return text
    .replace(/[\t\n\r\f\v\u2028\u2029]+/g, ' ')
    .replace(UNWANTED, '')
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/ {2,}/g, ' ')
    .trim();
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text safe inside an SVG element or attribute: nothing in it is read as markup. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const cps = (g: string): number[] => Array.from(g, (c) => c.codePointAt(0)!);

/** Asks for emoji presentation: VS16, a ZWJ sequence, a skin tone or a keycap. */
const wantsEmoji = (points: number[]): boolean =>
  points.some((c) => c === 0xfe0f || c === 0x200d || (c >= 0x1f3fb && c <= 0x1f3ff) || c === 0x20e3);

/**
 * Whether a grapheme is drawn with the emoji font. resvg falls back to another font for only the
 * first missing character of a text run, so emoji get their own runs with the family named.
 */
function isEmoji(g: string): boolean {
  const points = cps(g);
  const first = points[0];
  if (first === undefined) return false;
  const { regular, emoji } = metrics();
  if (!emoji.has(first)) return false;
  return !regular.has(first) || wantsEmoji(points);
}

/** Width of one grapheme in em. Characters neither font has are drawn as a box about 0.6 em wide. */
function graphemeWidth(g: string, bold: boolean): number {
  const { regular, bold: boldFont, emoji } = metrics();
  const points = cps(g);
  if (isEmoji(g)) return emoji.advance(points[0]!) ?? 1;
  const font = bold ? boldFont : regular;
  let width = 0;
  for (const c of points) width += font.advance(c) ?? (c === 0x200d || c === 0xfe0f ? 0 : 0.6);
  return width;
}

/** The drawn width of already-clean text at `size` px. */
export function textWidth(text: string, size: number, bold = false): number {
  let em = 0;
  for (const { segment } of graphemes.segment(text)) em += graphemeWidth(segment, bold);
  return em * size;
}

/** Clean text that fits `maxWidth` px at `size`, shortened between characters with "…" if needed. */
export function fitText(text: string, maxWidth: number, size: number, bold = false): string {
  const clean = cleanText(text);
  if (textWidth(clean, size, bold) <= maxWidth) return clean;
  const budget = maxWidth - textWidth('…', size, bold);
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(clean)) {
    const w = graphemeWidth(segment, bold) * size;
    if (used + w > budget) break;
    out += segment;
    used += w;
  }
  return `${out.trimEnd()}…`;
}

export interface TextOptions {
  x: number;
  y: number;
  size: number;
  fill: string;
  bold?: boolean;
  anchor?: 'start' | 'middle' | 'end';
  /** Shorten to this width with "…". */
  maxWidth?: number;
  opacity?: number;
}

const num = (x: number): string => String(Math.round(x * 100) / 100);

/** An SVG <text> element for user text: cleaned, escaped, fitted, with emoji in their own runs. */
export function textSvg(text: string, o: TextOptions): string {
  const bold = o.bold ?? false;
  const shown = o.maxWidth === undefined ? cleanText(text) : fitText(text, o.maxWidth, o.size, bold);
  let body = '';
  let run = '';
  let runEmoji = false;
  const flush = () => {
    if (!run) return;
    body += runEmoji ? `<tspan font-family="${EMOJI_FAMILY}">${escapeXml(run)}</tspan>` : escapeXml(run);
    run = '';
  };
  for (const { segment } of graphemes.segment(shown)) {
    const emoji = isEmoji(segment);
    if (emoji !== runEmoji) flush();
    runEmoji = emoji;
    run += segment;
  }
  flush();
  const attrs = [
    `x="${num(o.x)}"`,
    `y="${num(o.y)}"`,
    `font-family="${TEXT_FAMILY}"`,
    `font-size="${num(o.size)}"`,
    `fill="${o.fill}"`,
    bold ? 'font-weight="bold"' : '',
    o.anchor && o.anchor !== 'start' ? `text-anchor="${o.anchor}"` : '',
    o.opacity !== undefined ? `fill-opacity="${o.opacity}"` : '',
  ].filter(Boolean);
  return `<text ${attrs.join(' ')}>${body}</text>`;
}
