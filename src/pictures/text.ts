import { characters, clip } from '../clip.ts';
import { EMOJI_FAMILY, metrics, TEXT_FAMILY } from './font.ts';
import { num } from './svg.ts';

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
 * Whether a grapheme is drawn with the emoji font: it is an emoji the text font lacks, or asks for
 * emoji presentation, and the emoji font has every character of it.
 */
function isEmoji(g: string): boolean {
  let known = emojiCache.get(g);
  if (known === undefined) {
    known = decideEmoji(g);
    if (emojiCache.size < 10_000) emojiCache.set(g, known);
  }
  return known;
}

const emojiCache = new Map<string, boolean>();
const widthCache = new Map<string, number>();

function decideEmoji(g: string): boolean {
  const points = cps(g);
  const first = points[0];
  if (first === undefined) return false;
  const { regular, emoji } = metrics();
  if (!points.every((c) => emoji.has(c))) return false;
  return !regular.has(first) || wantsEmoji(points);
}

// Zero-width characters some fonts lack: joiners, selectors, direction marks.
const ZERO_WIDTH = new Set([0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2060, 0xfe0e, 0xfe0f, 0xfeff]);

/** Width of one grapheme in em. Characters neither font has are drawn as a box about 0.6 em wide. */
function graphemeWidth(g: string, bold: boolean): number {
  const key = bold ? `b${g}` : `r${g}`;
  let width = widthCache.get(key);
  if (width === undefined) {
    width = measureGrapheme(g, bold);
    if (widthCache.size < 10_000) widthCache.set(key, width);
  }
  return width;
}

function measureGrapheme(g: string, bold: boolean): number {
  const { regular, bold: boldFont, emoji } = metrics();
  const points = cps(g);
  if (isEmoji(g)) return emoji.advance(points[0]!) ?? 1.27;
  const font = bold ? boldFont : regular;
  let width = 0;
  for (const c of points) width += font.advance(c) ?? (ZERO_WIDTH.has(c) ? 0 : 0.6);
  return width;
}

/** The first strong letter is from a right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko…). */
export function startsRtl(text: string): boolean {
  const m = /\p{L}/u.exec(text);
  return m !== null && /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/.test(m[0]);
}

/** The drawn width of already-clean text at `size` px. */
export function textWidth(text: string, size: number, bold = false): number {
  let em = 0;
  for (const segment of characters(text)) em += graphemeWidth(segment, bold);
  return em * size;
}

/** Clean text that fits `maxWidth` px at `size`, shortened between characters with "…" if needed. */
export function fitText(text: string, maxWidth: number, size: number, bold = false): string {
  const clean = cleanText(text);
  if (textWidth(clean, size, bold) <= maxWidth) return clean;
  const budget = maxWidth - textWidth('…', size, bold);
  let out = '';
  let used = 0;
  for (const segment of characters(clean)) {
    const w = graphemeWidth(segment, bold) * size;
    if (used + w > budget) break;
    out += segment;
    used += w;
  }
  // In right-to-left text the cut is at the left: a right-to-left mark keeps the "…" there.
  return startsRtl(clean) ? `${out.trimEnd()}…\u200F` : `${out.trimEnd()}…`;
}

/** Discord's limit for an attachment's description (alt text) is 1,024. */
export const ALT_MAX = 1000;

/** Cleaned text of at most `max` UTF-16 units, cut between characters with "…". */
export function shorten(text: string, max: number): string {
  return clip(cleanText(text), max);
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
  /** Draws a rim of this colour behind the letters, so text stays readable over lines and points. */
  halo?: string;
}

/**
 * An SVG <text> for user text: cleaned, escaped, fitted. Emoji are drawn from the emoji font in
 * their own <text> elements placed by measured width: resvg shapes a whole <text> with each
 * <tspan>'s font and drops the element when more than one character needs another font.
 */
export function textSvg(text: string, o: TextOptions): string {
  const bold = o.bold ?? false;
  const shown = o.maxWidth === undefined ? cleanText(text) : fitText(text, o.maxWidth, o.size, bold);
  const runs: { text: string; emoji: boolean; width: number }[] = [];
  for (const segment of characters(shown)) {
    const emoji = isEmoji(segment);
    const width = graphemeWidth(segment, bold) * o.size;
    const last = runs[runs.length - 1];
    if (last && last.emoji === emoji) {
      last.text += segment;
      last.width += width;
    } else runs.push({ text: segment, emoji, width });
  }
  const attrs = (x: number, anchor: TextOptions['anchor'], family: string) =>
    [
      `x="${num(x)}"`,
      `y="${num(o.y)}"`,
      `font-family="${family}"`,
      `font-size="${num(o.size)}"`,
      `fill="${o.fill}"`,
      bold ? 'font-weight="bold"' : '',
      anchor && anchor !== 'start' ? `text-anchor="${anchor}"` : '',
      o.opacity !== undefined ? `fill-opacity="${o.opacity}"` : '',
      o.halo ? `stroke="${o.halo}" stroke-width="3" stroke-linejoin="round" paint-order="stroke"` : '',
    ]
      .filter(Boolean)
      .join(' ');
  const only = runs[0];
  if (runs.length <= 1) {
    const family = only?.emoji ? EMOJI_FAMILY : TEXT_FAMILY;
    return `<text ${attrs(o.x, o.anchor, family)}>${escapeXml(only?.text ?? '')}</text>`;
  }
  const total = runs.reduce((sum, r) => sum + r.width, 0);
  let x = o.anchor === 'middle' ? o.x - total / 2 : o.anchor === 'end' ? o.x - total : o.x;
  const parts: string[] = [];
  for (const r of runs) {
    if (r.text.trim()) {
      parts.push(
        `<text ${attrs(x, 'start', r.emoji ? EMOJI_FAMILY : TEXT_FAMILY)} xml:space="preserve">${escapeXml(r.text)}</text>`,
      );
    }
    x += r.width;
  }
  return `<g>${parts.join('')}</g>`;
}
