import type { CliSurface } from '../../src/cli/surface.ts';
import { quote, table, unreadableJson, unreadableLines } from '../../src/cli/text.ts';
import type { RankedPair, SimilarMatrixResult, SimilarResult } from './types.ts';

const CUT_NOTE = "(a text was longer than the model's window; only its start was compared)";

function matrixText(r: SimilarMatrixResult): string {
  const pair = (p: RankedPair) => `${p.a + 1} and ${p.b + 1}: ${p.cosine} → ${p.verdict}`;
  return [
    ...r.sentences.map((t, i) => `${String(i + 1).padStart(2)}: ${quote(t)}`),
    '',
    ...table(
      'cosine',
      r.sentences.map((_, j) => String(j + 1)),
      r.cosines.map((row, i) => ({ label: String(i + 1), cells: row.map((v) => v.toFixed(4)) })),
      { labelWidth: 6, width: 7 },
    ),
    '',
    `closest   ${pair(r.closest)}`,
    `farthest  ${pair(r.farthest)}`,
    ...(r.truncated ? [CUT_NOTE] : []),
    ...unreadableLines(r.unreadable),
  ].join('\n');
}

/** The scores of two sentences, or the table of every pair's cosine, as text. */
export function similarText(r: SimilarResult): string {
  if (r.kind === 'matrix') return matrixText(r);
  return [
    `A: ${quote(r.a)}`,
    `B: ${quote(r.b)}`,
    `cosine similarity: ${r.cosine}  → ${r.verdict}`,
    `euclidean distance: ${r.euclidean}`,
    `dot product: ${r.dot}`,
    ...(r.truncated ? [CUT_NOTE] : []),
    ...unreadableLines(r.unreadable),
  ].join('\n');
}

/** embedbot similar: text, or --json with the scores (a pair) or the cosines (three or more). */
export const similarCli: CliSurface<unknown, SimilarResult> = {
  render: (r, { json }) =>
    json
      ? JSON.stringify(
          r.kind === 'pair'
            ? { cosine: r.cosine, euclidean: r.euclidean, dot: r.dot, ...unreadableJson(r.unreadable) }
            : { sentences: r.sentences, cosines: r.cosines, ...unreadableJson(r.unreadable) },
        )
      : similarText(r),
};
