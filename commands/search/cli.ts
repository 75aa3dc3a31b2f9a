import type { CliSurface } from '../../src/cli/surface.ts';
import { oneLine, quote, unreadableJson, unreadableLines } from '../../src/cli/text.ts';
import { round } from '../../src/verdict.ts';
import type { SearchOutput } from './types.ts';

function searchText(r: SearchOutput): string {
  if (r.total === 0) return 'This knowledge base is empty.';
  const lines =
    r.results.length === 0
      ? ['No matches.']
      : r.results.map(
          (x, i) =>
            `${i + 1}. ${x.score.toFixed(3)}${x.weak ? ' (weak)' : ''}  ${x.title ?? '(untitled)'}  [${x.id}]\n   ${quote(oneLine(x.snippet), 160)}`,
        );
  return [...lines, ...unreadableLines(r.unreadable)].join('\n');
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
          ...unreadableJson(r.unreadable),
        })
      : searchText(r),
};
