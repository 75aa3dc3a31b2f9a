import type { CliSurface } from '../../src/cli/surface.ts';
import { unreadableJson, unreadableLines } from '../../src/cli/text.ts';
import type { AnalogyResult } from './types.ts';

function analogyText(r: AnalogyResult): string {
  const from =
    r.source === 'vocabulary' ? `the built-in vocabulary (${r.candidateCount} words)` : 'your candidates';
  return [
    `${r.expression} ≈ ? (ranked from ${from}${r.includeInputs ? ', inputs included' : ', inputs left out'})`,
    ...r.results.map(
      (x, i) => `${String(i + 1).padStart(2)}. ${x.word.padEnd(16)} ${x.score}${x.input ? '  (input)' : ''}`,
    ),
    ...unreadableLines(r.unreadable),
  ].join('\n');
}

/** embedbot analogy: the ranking as text, or --json with the words and their scores. */
export const analogyCli: CliSurface<unknown, AnalogyResult> = {
  render: (r, { json }) =>
    json
      ? JSON.stringify({
          results: r.results.map(({ word, score }) => ({ word, score })),
          ...unreadableJson(r.unreadable),
        })
      : analogyText(r),
};
