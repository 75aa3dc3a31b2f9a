import type { Embedding } from './embedder.ts';

/**
 * True when most of a text's word pieces are [UNK] (emoji, unsupported scripts): its vector then says
 * almost nothing about its meaning, and any two such texts look "nearly the same". [CLS] and [SEP]
 * are not counted.
 */
export function unreadable(e: Pick<Embedding, 'tokens' | 'unknown'>): boolean {
  const content = e.tokens - 2;
  return e.unknown !== undefined && content > 0 && e.unknown * 2 > content;
}

/** The warning shown beside any score that involves an unreadable text. */
export const UNREADABLE_NOTE =
  'Most of this text is symbols the model cannot read (shown to it as [UNK]), so its score says little about meaning.';
