const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const PLAIN = /^[\x20-\x7E]*$/;

/** The characters of `text` as the reader sees them (printable ASCII skips the slower segmenter). */
export function characters(text: string): string[] {
  if (PLAIN.test(text)) return text.split('');
  return Array.from(graphemes.segment(text), (g) => g.segment);
}

/** Shortens text to at most `max` UTF-16 units, cutting between characters and ending with "…". */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const segment of characters(text)) {
    if (out.length + segment.length > max - 1) break;
    out += segment;
  }
  return `${out}…`;
}
