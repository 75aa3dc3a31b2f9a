import type { CliSurface, RenderFlags } from '../../src/cli/surface.ts';
import { oneLine, quote } from '../../src/cli/text.ts';
import { GRAPH_LABEL } from '../../src/kb/ann.ts';
import { autoAnswerText } from './autoanswer.ts';
import { gapsText } from './gaps.ts';
import type { DocumentSummary, KbResult } from './types.ts';

/** A /kb result as text. */
export function kbText(r: KbResult): string {
  switch (r.kind) {
    case 'added':
      return `added ${r.id}${r.chunks > 1 ? ` (${r.chunks} chunks)` : ''}${r.nearDuplicate ? `\nwarning: very close (cosine ${r.nearDuplicate.score.toFixed(3)}) to ${r.nearDuplicate.id} "${r.nearDuplicate.title}"` : ''}`;
    case 'list':
      return [
        `${r.total} documents (page ${r.page} of ${r.pages})`,
        ...r.documents.map(
          (d) =>
            `${d.id}  ${quote(d.title ?? oneLine(d.text), 70)}${d.feedback ? `  (${d.feedback.solved} solved, ${d.feedback.notIt} not it)` : ''}`,
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

const documentsOf = (docs: DocumentSummary[]) =>
  docs.map(({ id, title, text, feedback }) => ({ id, title, text, ...(feedback ? { feedback } : {}) }));

function kbRender(r: KbResult, { json, values }: RenderFlags<unknown>): string {
  if (r.kind === 'export') return r.jsonl;
  if (r.kind === 'map') {
    const file = values.image as string | undefined;
    if (json) return JSON.stringify({ documents: r.documents, shown: r.shown, image: file ?? null });
    return `mapped ${r.shown} of ${r.documents} documents${file ? `\nwrote ${file}` : ''}`;
  }
  if (!json) return kbText(r);
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

/** embedbot kb …: each subcommand's text, or --json (export prints its JSONL either way). */
export const kbCli: CliSurface<unknown, KbResult> = { render: kbRender };
