import type { CliSurface } from '../../src/cli/surface.ts';
import { oneLine, quote } from '../../src/cli/text.ts';
import { round } from '../../src/verdict.ts';
import type { SearchOutput } from './types.ts';

function searchText(r: SearchOutput): string {
  if (r.total === 0) return 'This knowledge base is empty.';
  if (r.results.length === 0) return 'No matches.';
  return r.results
    .map(
      (x, i) =>
        `${i + 1}. ${x.score.toFixed(3)}${x.weak ? ' (weak)' : ''}  ${x.title ?? '(untitled)'}  [${x.id}]\n   ${quote(oneLine(x.snippet), 160)}`,
    )
    .join('\n');
}

/** embedbot search: the matches as text, or --json with their ids, titles, snippets and scores. */
export const searchCli: CliSurface<unknown, SearchOutput> = {
  render: (r, { json }) =>
    json
      ? JSON.stringify({
          results: r.results.map(({ id, title, snippet, score }) => ({
            id,
            title,
            snippet,
            score: round(score),
          })),
        })
      : searchText(r),
};
