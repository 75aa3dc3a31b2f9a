/** Character range of one chunk of a document. */
export interface Span {
  start: number;
  end: number;
}

const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });
export const wordCount = (s: string): number => s.split(/\s+/).filter(Boolean).length;

/** Sentence spans of `text` (trailing whitespace included); a sentence over `maxWords` is cut at words. */
export function sentenceUnits(text: string, maxWords: number): Span[] {
  const units: Span[] = [];
  for (const { segment, index } of sentences.segment(text)) {
    if (!segment.trim()) continue;
    if (wordCount(segment) <= maxWords) {
      units.push({ start: index, end: index + segment.length });
      continue;
    }
    const re = /\S+\s*/g;
    let from = index;
    let count = 0;
    for (let m = re.exec(segment); m; m = re.exec(segment)) {
      if (++count > maxWords) {
        units.push({ start: from, end: index + m.index });
        from = index + m.index;
        count = 1;
      }
    }
    units.push({ start: from, end: index + segment.length });
  }
  return units;
}

/**
 * Splits text on sentence boundaries into chunks of at most `maxWords` words, each chunk starting
 * with the last sentence of the one before (overlap), so a passage is never cut off from its
 * context. A single sentence longer than `maxWords` is cut at word boundaries.
 */
export function chunkText(text: string, maxWords = 160): Span[] {
  const units = sentenceUnits(text, maxWords);
  if (units.length === 0) return [{ start: 0, end: text.length }];

  const unitWords = (i: number): number => wordCount(text.slice(units[i]!.start, units[i]!.end));
  const chunks: Span[] = [];
  let first = 0;
  while (first < units.length) {
    let last = first;
    let count = unitWords(first);
    while (last + 1 < units.length) {
      const next = unitWords(last + 1);
      if (count + next > maxWords) break;
      count += next;
      last++;
    }
    chunks.push({ start: units[first]!.start, end: units[last]!.end });
    if (last + 1 >= units.length) break;
    // Overlap by one sentence unless that sentence alone filled the chunk, or it leaves no room for
    // the next sentence (the chunk would then be that sentence alone, adding nothing new).
    first = last > first && unitWords(last) + unitWords(last + 1) <= maxWords ? last : last + 1;
  }
  return chunks;
}
