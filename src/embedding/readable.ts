import type { Embedding } from './embedder.ts';

type Counted = Pick<Embedding, 'tokens' | 'unknown'>;

/**
 * True when most of a text's word pieces are [UNK] (emoji, unsupported scripts): its vector then says
 * almost nothing about its meaning, and any two such texts look "nearly the same". [CLS] and [SEP]
 * are not counted.
 */
export function unreadable(e: Counted): boolean {
  const content = e.tokens - 2;
  return e.unknown !== undefined && content > 0 && e.unknown * 2 > content;
}

/** The warning shown beside any score that involves an unreadable text. */
export const UNREADABLE_NOTE =
  'Most of this text is symbols the model cannot read (shown to it as [UNK]), so its score says little about meaning.';

/** The same warning for `count` texts, to follow the list of them. */
export const unreadableNote = (count: number): string =>
  count === 1
    ? UNREADABLE_NOTE
    : 'Most of these texts are symbols the model cannot read (shown to it as [UNK]), so their scores say little about meaning.';

/**
 * `{ unreadable }`: the texts (each once, in order) the model could mostly not read, given their
 * embeddings in the same order; nothing when every text is readable. Spread it into a result.
 */
export function readability(
  texts: readonly string[],
  embeddings: readonly (Counted | undefined)[],
): { unreadable?: string[] } {
  const found = [...new Set(texts.filter((_, i) => embeddings[i] && unreadable(embeddings[i])))];
  return found.length > 0 ? { unreadable: found } : {};
}

/**
 * A document is refused when the model could mostly not read its text: its vectors would match every
 * other unreadable text. Counted over all its windows together; each window is "title: text", so the
 * title's pieces (`title`, embedded alone) and the colon are taken out: a readable title does not
 * make unreadable text readable.
 */
export function unreadableDocument(windows: readonly Counted[], title?: Counted): boolean {
  if (windows.some((w) => w.unknown === undefined) || (title?.unknown === undefined && title)) return false;
  const titlePieces = title ? title.tokens - 2 + 1 : 0;
  const content = windows.reduce((n, w) => n + w.tokens - 2 - titlePieces, 0);
  const unknown = windows.reduce((n, w) => n + w.unknown! - (title?.unknown ?? 0), 0);
  return unreadable({ tokens: content + 2, unknown });
}
