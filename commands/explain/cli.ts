import type { CliSurface } from '../../src/cli/surface.ts';
import { quote, unreadableLines } from '../../src/cli/text.ts';
import { factor, signed } from '../../src/math/format.ts';
import type { Contribution, ExplainResult, LiveExplain, LiveSide } from './types.ts';

/** The worked arithmetic behind /similar for two sentences, as text. */
export function liveText(r: LiveExplain): string {
  const line = (c: Contribution) =>
    `  dim ${String(c.dimension).padStart(3)}: ${signed(c.a).padStart(7)} × ${signed(c.b).padStart(7)} = ${c.product > 0 ? '+' : ''}${signed(c.product)}`;
  const side = (tag: string, s: LiveSide) => [
    `${tag}: ${quote(s.text)}`,
    `   ${s.tokens} pieces${s.truncated ? ` (cut to the first ${r.window})` : ''}: ${s.pieces.join(' ')}`,
  ];
  return [
    ...side('A', r.a),
    ...side('B', r.b),
    '',
    `Each becomes ${r.dimensions} numbers (mean of the pieces' vectors, scaled to length 1):`,
    `  |a| = ${r.normA.toFixed(4)}   |b| = ${r.normB.toFixed(4)}`,
    `Dot product: Σ aᵢ × bᵢ = ${r.firstTerms.map((t) => `${factor(t.a)} × ${factor(t.b)}`).join(' + ')} + … = ${signed(r.dot)}`,
    `Cosine: (a · b) / (|a| × |b|) = ${signed(r.dot)} / (${r.normA.toFixed(4)} × ${r.normB.toFixed(4)}) = ${signed(r.cosine)}`,
    `Euclidean distance: √Σ (aᵢ − bᵢ)² = ${r.euclidean.toFixed(4)}  (on unit vectors d² = 2 − 2·cos)`,
    `Dimensions pulling together:`,
    ...r.together.map(line),
    `Dimensions pulling apart:`,
    ...r.apart.map(line),
    `Verdict (as /similar says): ${signed(r.cosine)} → ${r.verdict}`,
    ...unreadableLines(r.unreadable),
  ].join('\n');
}

/** The pages as plain text: every page, or only the one asked for. */
function pagesText(r: ExplainResult, only: boolean): string {
  const pages = only ? [r.pages[r.start]!] : r.pages;
  return pages.map((p) => `## ${p.title}\n\n${p.body.replace(/\*\*|`/g, '')}`).join('\n\n');
}

/** embedbot explain: a topic's page (or all of them), or the walkthrough on two sentences. */
export const explainCli: CliSurface<{ topic?: string | undefined }, ExplainResult> = {
  render(r, { json, input }) {
    if (json) return JSON.stringify(r.live ? { live: r.live } : r);
    return r.live ? liveText(r.live) : pagesText(r, input.topic !== undefined);
  },
};
