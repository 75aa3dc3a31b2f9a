import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The fonts every picture uses, shipped as exact-pinned npm packages (so a bare server or a Docker
 * image renders the same pixels as a laptop) and never the system's: DejaVu Sans (Latin, Greek,
 * Cyrillic, Hebrew, Arabic, many symbols) and the monochrome Noto Emoji.
 */
const require = createRequire(import.meta.url);

export const FONT_FILES = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  emoji: require.resolve('@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf'),
} as const;

export const TEXT_FAMILY = 'DejaVu Sans';
export const EMOJI_FAMILY = 'Noto Emoji';

/** Advance widths (in em) by code point, read from a TrueType file's cmap and hmtx tables. */
export interface FontMetrics {
  has(codePoint: number): boolean;
  /** Advance width in em; undefined when the font has no glyph for it. */
  advance(codePoint: number): number | undefined;
}

function tables(buf: Buffer): Map<string, number> {
  const out = new Map<string, number>();
  const count = buf.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    out.set(buf.toString('latin1', at, at + 4), buf.readUInt32BE(at + 8));
  }
  return out;
}

/** code point → glyph id, from the best Unicode subtable (format 12 for the full range, else 4). */
function readCmap(buf: Buffer, cmap: number): Map<number, number> {
  const glyphs = new Map<number, number>();
  const subtables = buf.readUInt16BE(cmap + 2);
  let format4: number | undefined;
  let format12: number | undefined;
  for (let i = 0; i < subtables; i++) {
    const platform = buf.readUInt16BE(cmap + 4 + i * 8);
    const encoding = buf.readUInt16BE(cmap + 6 + i * 8);
    const at = cmap + buf.readUInt32BE(cmap + 8 + i * 8);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    const format = buf.readUInt16BE(at);
    if (format === 12) format12 ??= at;
    else if (format === 4) format4 ??= at;
  }
  if (format12 !== undefined) {
    const groups = buf.readUInt32BE(format12 + 12);
    for (let g = 0; g < groups; g++) {
      const at = format12 + 16 + g * 12;
      const start = buf.readUInt32BE(at);
      const end = buf.readUInt32BE(at + 4);
      const glyph = buf.readUInt32BE(at + 8);
      for (let c = start; c <= end; c++) glyphs.set(c, glyph + c - start);
    }
    return glyphs;
  }
  if (format4 === undefined) return glyphs;
  const segments = buf.readUInt16BE(format4 + 6) / 2;
  const ends = format4 + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const offsets = deltas + segments * 2;
  for (let s = 0; s < segments; s++) {
    const end = buf.readUInt16BE(ends + s * 2);
    const start = buf.readUInt16BE(starts + s * 2);
    const delta = buf.readInt16BE(deltas + s * 2);
    const rangeOffset = buf.readUInt16BE(offsets + s * 2);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const raw = buf.readUInt16BE(offsets + s * 2 + rangeOffset + (c - start) * 2);
        glyph = raw === 0 ? 0 : (raw + delta) & 0xffff;
      }
      if (glyph !== 0) glyphs.set(c, glyph);
    }
  }
  return glyphs;
}

export function readMetrics(file: string): FontMetrics {
  const buf = readFileSync(file);
  const t = tables(buf);
  const head = t.get('head');
  const hhea = t.get('hhea');
  const hmtx = t.get('hmtx');
  const cmap = t.get('cmap');
  if (head === undefined || hhea === undefined || hmtx === undefined || cmap === undefined) {
    throw new Error(`${file} is not a TrueType font this renderer can measure.`);
  }
  const unitsPerEm = buf.readUInt16BE(head + 18);
  const longMetrics = buf.readUInt16BE(hhea + 34);
  const glyphs = readCmap(buf, cmap);
  const width = (glyph: number): number =>
    buf.readUInt16BE(hmtx + Math.min(glyph, longMetrics - 1) * 4) / unitsPerEm;
  return {
    has: (c) => glyphs.has(c),
    advance: (c) => {
      const glyph = glyphs.get(c);
      return glyph === undefined ? undefined : width(glyph);
    },
  };
}

let loaded: { regular: FontMetrics; bold: FontMetrics; emoji: FontMetrics } | undefined;

/** The three fonts' metrics, read once. */
export function metrics(): { regular: FontMetrics; bold: FontMetrics; emoji: FontMetrics } {
  loaded ??= {
    regular: readMetrics(FONT_FILES.regular),
    bold: readMetrics(FONT_FILES.bold),
    emoji: readMetrics(FONT_FILES.emoji),
  };
  return loaded;
}
