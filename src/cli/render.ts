import type { AnalogyResult } from '../../commands/analogy.ts';
import type { EmbedResult } from '../../commands/embed.ts';
import type { ExplainResult } from '../../commands/explain.ts';
import type { SimilarResult } from '../../commands/similar.ts';

const quote = (text: string, max = 80): string =>
  `"${text.length > max ? `${text.slice(0, max - 1)}…` : text}"`;

export function renderEmbed(r: EmbedResult, full: boolean): string {
  const lines = [
    `${quote(r.text)} → ${r.dimensions} numbers (${r.model}, ${r.dtype})`,
    `tokens: ${r.tokens}${r.truncated ? ` (cut to the model's ${r.window}-token window)` : ''}`,
    `length (L2 norm): ${r.norm}`,
    full ? `values: [${r.vector.join(', ')}]` : `first ${r.preview.length}: [${r.preview.join(', ')}]`,
  ];
  if (!full) lines.push('(add --full for all values, or --json)');
  return lines.join('\n');
}

export function renderSimilar(r: SimilarResult): string {
  return [
    `A: ${quote(r.a)}`,
    `B: ${quote(r.b)}`,
    `cosine similarity: ${r.cosine}  → ${r.verdict}`,
    `euclidean distance: ${r.euclidean}`,
    `dot product: ${r.dot}`,
    ...(r.truncated ? ["(a text was longer than the model's window; only its start was compared)"] : []),
  ].join('\n');
}

export function renderAnalogy(r: AnalogyResult): string {
  const from =
    r.source === 'vocabulary' ? `the built-in vocabulary (${r.candidateCount} words)` : 'your candidates';
  return [
    `${r.expression} ≈ ? (ranked from ${from}${r.includeInputs ? ', inputs included' : ', inputs left out'})`,
    ...r.results.map(
      (x, i) => `${String(i + 1).padStart(2)}. ${x.word.padEnd(16)} ${x.score}${x.input ? '  (input)' : ''}`,
    ),
  ].join('\n');
}

export function renderExplain(r: ExplainResult, only: boolean): string {
  const pages = only ? [r.pages[r.start]!] : r.pages;
  return pages.map((p) => `## ${p.title}\n\n${p.body.replace(/\*\*|`/g, '')}`).join('\n\n');
}
