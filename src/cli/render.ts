import fs from 'node:fs/promises';
import type { AnalogyResult } from '../../commands/analogy.ts';
import type { EmbedResult } from '../../commands/embed.ts';
import type { Contribution, ExplainResult, LiveExplain } from '../../commands/explain.ts';
import { autoAnswerText } from '../../commands/kb/autoanswer.ts';
import { gapsText } from '../../commands/kb/gaps.ts';
import type { KbResult } from '../../commands/kb.ts';
import type { SearchOutput } from '../../commands/search.ts';
import type { SimilarMatrixResult, SimilarResult } from '../../commands/similar.ts';
import { UserError } from '../errors.ts';
import { GRAPH_LABEL } from '../kb/ann.ts';
import type { Picture } from '../pictures/png.ts';
import { round } from '../verdict.ts';

const quote = (text: string, max = 80): string =>
  `"${text.length > max ? `${text.slice(0, max - 1)}…` : text}"`;

export function renderEmbed(r: EmbedResult, full: boolean): string {
  const lines = [
    `${quote(r.text)} → ${r.dimensions} numbers (${r.model}, ${r.dtype})`,
    `tokens: ${r.tokens}${r.truncated ? ` (cut to the model's ${r.window}-token window)` : ''}`,
    `length (L2 norm): ${r.norm}`,
    full ? `values: [${r.vector.join(', ')}]` : `first ${r.preview.length}: [${r.preview.join(', ')}]`,
  ];
  if (r.compare) {
    lines.push(`compared with ${quote(r.compare.text)}: cosine ${r.compare.cosine} → ${r.compare.verdict}`);
  }
  if (!full) lines.push('(add --full for all values, or --json)');
  return lines.join('\n');
}

function renderSimilarMatrix(r: SimilarMatrixResult): string {
  const head = `${'cosine'.padEnd(6)} ${r.sentences.map((_, j) => String(j + 1).padStart(7)).join(' ')}`;
  const rows = r.cosines.map(
    (row, i) => `${String(i + 1).padEnd(6)} ${row.map((v) => v.toFixed(4).padStart(7)).join(' ')}`,
  );
  const pair = (p: SimilarMatrixResult['closest']) => `${p.a + 1} and ${p.b + 1}: ${p.cosine} → ${p.verdict}`;
  return [
    ...r.sentences.map((t, i) => `${String(i + 1).padStart(2)}: ${quote(t)}`),
    '',
    head,
    ...rows,
    '',
    `closest   ${pair(r.closest)}`,
    `farthest  ${pair(r.farthest)}`,
    ...(r.truncated ? ["(a text was longer than the model's window; only its start was compared)"] : []),
  ].join('\n');
}

export function renderSimilar(r: SimilarResult): string {
  if (r.kind === 'matrix') return renderSimilarMatrix(r);
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

const signed = (x: number): string => (x < 0 ? `−${(-x).toFixed(4)}` : x.toFixed(4));
const factor = (x: number): string => (x < 0 ? `(${signed(x)})` : signed(x));

export function renderExplainLive(r: LiveExplain): string {
  const line = (c: Contribution) =>
    `  dim ${String(c.dimension).padStart(3)}: ${signed(c.a).padStart(7)} × ${signed(c.b).padStart(7)} = ${c.product > 0 ? '+' : ''}${signed(c.product)}`;
  const side = (tag: string, s: LiveExplain['a']) => [
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
  ].join('\n');
}

/** Writes a command's picture to FILE for --image; returns the line to print. */
export async function writePicture(file: string, picture: Picture | undefined): Promise<string> {
  if (!picture) throw new UserError('This command drew no picture.');
  await fs.writeFile(file, picture.png);
  return `picture: ${file} (${picture.width}×${picture.height} PNG)`;
}

export function renderExplain(r: ExplainResult, only: boolean): string {
  if (r.live) return renderExplainLive(r.live);
  const pages = only ? [r.pages[r.start]!] : r.pages;
  return pages.map((p) => `## ${p.title}\n\n${p.body.replace(/\*\*|`/g, '')}`).join('\n\n');
}

export function renderKbText(r: KbResult): string {
  switch (r.kind) {
    case 'added':
      return `added ${r.id}${r.chunks > 1 ? ` (${r.chunks} chunks)` : ''}${r.nearDuplicate ? `\nwarning: very close (cosine ${r.nearDuplicate.score.toFixed(3)}) to ${r.nearDuplicate.id} "${r.nearDuplicate.title}"` : ''}`;
    case 'list':
      return [
        `${r.total} documents (page ${r.page} of ${r.pages})`,
        ...r.documents.map(
          (d) =>
            `${d.id}  ${quote(d.title ?? d.text.replace(/\s+/g, ' '), 70)}${d.feedback ? `  (${d.feedback.solved} solved, ${d.feedback.notIt} not it)` : ''}`,
        ),
      ].join('\n');
    case 'removed':
      return `removed ${r.id}`;
    case 'confirm-clear':
      return `${r.total} documents would be removed (add --yes)`;
    case 'cleared':
      return `removed ${r.count} documents`;
    case 'export':
      return r.jsonl;
    case 'imported':
      // The per-line problems go to stderr (see the kb import adapter).
      return `added ${r.added} documents`;
    case 'stats':
      return `documents: ${r.documents} of ${r.quota}\nchunks: ${r.chunks}\nvector bytes: ${r.vectorBytes}\nsearch: ${GRAPH_LABEL[r.graph]}\nthreshold: ${r.settings.threshold}\nunreadable: ${r.corrupt}, from another model: ${r.stale}${r.feedback ? `\nauto-answer feedback: ${r.feedback.solved} solved, ${r.feedback.notIt} not it` : ''}`;
    case 'settings':
      return `threshold: ${r.settings.threshold}, writer role: ${r.settings.writerRoleId ?? 'none'}`;
    case 'map':
      return `mapped ${r.shown} of ${r.documents} documents (write the picture with --image FILE)`;
    case 'autoanswer':
      return autoAnswerText(r);
    case 'gaps':
    case 'gaps-cleared':
      return gapsText(r);
    case 'demo':
      return `added ${r.added} demo documents${r.already ? ` (${r.already} already there)` : ''}${r.failed ? `\n${r.failed} not added: ${r.reason}` : ''}`;
  }
}

export function renderSearchText(r: SearchOutput): string {
  if (r.total === 0) return 'This knowledge base is empty.';
  if (r.results.length === 0) return 'No matches.';
  return r.results
    .map(
      (x, i) =>
        `${i + 1}. ${x.score.toFixed(3)}${x.weak ? ' (weak)' : ''}  ${x.title ?? '(untitled)'}  [${x.id}]\n   ${quote(x.snippet.replace(/\s+/g, ' '), 160)}`,
    )
    .join('\n');
}

/** What a renderer may look at besides the result: the output flags and the input as given. */
export interface RenderFlags {
  json: boolean;
  values: Readonly<Record<string, string | boolean | undefined>>;
  input: Readonly<Record<string, unknown>>;
}

type Renderer = (result: unknown, flags: RenderFlags) => string;
const renderer = <R>(fn: (result: R, flags: RenderFlags) => string): Renderer => fn as Renderer;

const documentsOf = (
  docs: { id: string; title: string | null; text: string; feedback?: { solved: number; notIt: number } }[],
) => docs.map(({ id, title, text, feedback }) => ({ id, title, text, ...(feedback ? { feedback } : {}) }));

function renderKb(r: KbResult, { json, values }: RenderFlags): string {
  if (r.kind === 'export') return r.jsonl;
  if (r.kind === 'map') {
    const file = values.image as string | undefined;
    if (json) return JSON.stringify({ documents: r.documents, shown: r.shown, image: file ?? null });
    return `mapped ${r.shown} of ${r.documents} documents${file ? `\nwrote ${file}` : ''}`;
  }
  if (!json) return renderKbText(r);
  switch (r.kind) {
    case 'added':
      return JSON.stringify({ id: r.id, ...(r.nearDuplicate ? { nearDuplicate: r.nearDuplicate } : {}) });
    case 'list':
      return JSON.stringify(
        values.all
          ? { total: r.total, documents: documentsOf(r.documents) }
          : { total: r.total, page: r.page, pages: r.pages, documents: documentsOf(r.documents) },
      );
    default:
      return JSON.stringify(r);
  }
}

/** A command with no renderer of its own prints its result as JSON, with or without --json. */
export const renderPlain: Renderer = (result) => JSON.stringify(result);

/** Each command's text and --json rendering, by command name. */
export const renderers: Record<string, Renderer> = {
  embed: renderer<EmbedResult>((r, { json, values }) => {
    const { model, dtype, dimensions, tokens, truncated, norm, vector } = r;
    return json
      ? JSON.stringify({ model, dtype, dimensions, tokens, truncated, norm, vector })
      : renderEmbed(r, values.full === true);
  }),
  similar: renderer<SimilarResult>((r, { json }) =>
    json
      ? JSON.stringify(
          r.kind === 'pair'
            ? { cosine: r.cosine, euclidean: r.euclidean, dot: r.dot }
            : { sentences: r.sentences, cosines: r.cosines },
        )
      : renderSimilar(r),
  ),
  analogy: renderer<AnalogyResult>((r, { json }) =>
    json
      ? JSON.stringify({ results: r.results.map(({ word, score }) => ({ word, score })) })
      : renderAnalogy(r),
  ),
  explain: renderer<ExplainResult>((r, { json, input }) =>
    json ? JSON.stringify(r.live ? { live: r.live } : r) : renderExplain(r, input.topic !== undefined),
  ),
  search: renderer<SearchOutput>((r, { json }) =>
    json
      ? JSON.stringify({
          results: r.results.map(({ id, title, snippet, score }) => ({
            id,
            title,
            snippet,
            score: round(score),
          })),
        })
      : renderSearchText(r),
  ),
  kb: renderer<KbResult>(renderKb),
};
