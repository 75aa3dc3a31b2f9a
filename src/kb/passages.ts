import { type Span, sentenceUnits, wordCount } from './chunk.ts';

/** How documents are cut into the windows that get one vector each (chosen by `npm run eval`). */
export interface WindowOptions {
  /** Most words in one window (about 64 tokens). */
  maxWords: number;
  /** Most sentences in one window. */
  maxSentences: number;
  /** A document of at most this many words is one window, whatever its sentence count. */
  wholeWords: number;
}

export const WINDOWS: WindowOptions = { maxWords: 48, maxSentences: 3, wholeWords: 64 };

/** Longest snippet a search result shows. */
export const MAX_PASSAGE = 700;

/**
 * Splits a document into small sentence windows, so that one sentence buried in a long text is
 * matched on its own instead of diluted into a 160-word chunk. A short document stays one window.
 * Windows hold one to `maxSentences` sentences and at most `maxWords` words, each starting with
 * the last sentence of the one before (unless that sentence filled its window alone); together they
 * cover the whole text in order.
 */
export function sentenceWindows(text: string, options: WindowOptions = WINDOWS): Span[] {
  if (wordCount(text) <= options.wholeWords) return [{ start: 0, end: text.length }];
  const units = sentenceUnits(text, options.maxWords);
  if (units.length === 0) return [{ start: 0, end: text.length }];
  const words = units.map((u) => wordCount(text.slice(u.start, u.end)));
  const windows: Span[] = [];
  let first = 0;
  while (first < units.length) {
    let last = first;
    let count = words[first]!;
    while (
      last + 1 < units.length &&
      last + 1 - first < options.maxSentences &&
      count + words[last + 1]! <= options.maxWords
    ) {
      count += words[++last]!;
    }
    windows.push({ start: units[first]!.start, end: units[last]!.end });
    if (last + 1 >= units.length) break;
    first =
      last > first && words[last]! + words[last + 1]! <= options.maxWords && options.maxSentences > 1
        ? last
        : last + 1;
  }
  return windows;
}

/** What gets embedded for one window: the title counts, so it leads every window of a titled document. */
export function windowInput(text: string, span: Span, title: string | null): string {
  const body = text.slice(span.start, span.end).trim() || text.trim();
  return title ? `${title}: ${body}` : body;
}

/**
 * The snippet for a matched window: the window grown by whole sentences on both sides, within its
 * paragraph, up to `max` characters. A short document is shown whole; a span already longer than
 * `max` (a chunk stored before windows existed) is shown as it is.
 */
export function passageAround(text: string, span: Span, max = MAX_PASSAGE): string {
  const own = text.slice(span.start, span.end).trim();
  if (text.trim().length <= max) return text.trim();
  if (own.length >= max) return own;
  const paragraphStart = lastBreakBefore(text, span.start);
  const paragraphEnd = firstBreakAfter(text, span.end);
  const units = sentenceUnits(text.slice(paragraphStart, paragraphEnd), Number.POSITIVE_INFINITY).map(
    (u) => ({ start: paragraphStart + u.start, end: paragraphStart + u.end }),
  );
  let start = span.start;
  let end = span.end;
  let before = units.filter((u) => u.end <= span.start).reverse();
  let after = units.filter((u) => u.start >= span.end);
  const length = (s: number, e: number) => text.slice(s, e).trim().length;
  // One sentence after, then one before, and so on, while the passage still fits.
  while (before.length > 0 || after.length > 0) {
    const next = after[0];
    if (next && length(start, next.end) <= max) {
      end = next.end;
      after = after.slice(1);
    } else after = [];
    const previous = before[0];
    if (previous && length(previous.start, end) <= max) {
      start = previous.start;
      before = before.slice(1);
    } else before = [];
  }
  return text.slice(start, end).trim();
}

const lastBreakBefore = (text: string, at: number): number => {
  const head = text.slice(0, at);
  const breaks = [...head.matchAll(/\n\s*\n/g)];
  const last = breaks.at(-1);
  return last ? last.index + last[0].length : 0;
};

const firstBreakAfter = (text: string, at: number): number => {
  const found = /\n\s*\n/.exec(text.slice(at));
  return found ? at + found.index : text.length;
};
