// Retrieval evaluation on the real model: recall@1/3 and MRR per set, the auto-answer decision's
// precision and recall, and how far apart answerable and chatter scores lie, for the old 160-word
// chunks and the new sentence windows, by meaning and hybrid. Prints tables and writes
// bench/results/eval.json.
//
//   MODEL_DIR=~/.cache/embedbot/all-MiniLM-L6-v2 npm run eval

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, Report } from '../bench/table.ts';
import { DEFAULT_DTYPE, DEFAULT_MODEL_ID } from '../src/config.ts';
import { Embedder } from '../src/embedding/embedder.ts';
import {
  bestRule,
  chosenRun,
  type EvalResults,
  runRetrievalEval,
  SWEEP_MARGINS,
  summaryLine,
} from './retrieval.ts';

const RESULTS_FILE = fileURLToPath(new URL('../bench/results/eval.json', import.meta.url));

const started = performance.now();
const progress = (message: string) =>
  process.stderr.write(
    `[eval ${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${message}\n`,
  );

export function renderEval(results: EvalResults): string {
  const report = new Report('embedbot retrieval evaluation');
  report.line(
    `model ${results.model.id} (${results.model.dtype}); ${results.documents.faq} FAQ entries + ${results.documents.long} long documents; ` +
      `questions: ${results.queries.faq} FAQ, ${results.queries.long} buried facts, ${results.queries.chatter} chatter; ${fmt(results.seconds, 0)} s`,
  );
  const label = (r: EvalResults['runs'][number]) =>
    `${r.indexing === 'old' ? '160-word chunks' : 'sentence windows'}, ${r.mode}` +
    (r.indexing === 'new' && r.mode === 'semantic' ? `, document weight ${fmt(r.documentWeight, 1)}` : '');
  const ranks = report.section('Ranking (recall@1 / recall@3 / MRR)', [
    'indexing, mode',
    'FAQ',
    'buried: all',
    'start',
    'middle',
    'end',
  ]);
  const three = (f: { recallAt1: number; recallAt3: number; mrr: number }) =>
    `${fmt(f.recallAt1, 2)} / ${fmt(f.recallAt3, 2)} / ${fmt(f.mrr, 2)}`;
  for (const r of results.runs)
    ranks.row(
      label(r),
      three(r.faq),
      three(r.long),
      three(r.longByPosition.start),
      three(r.longByPosition.middle),
      three(r.longByPosition.end),
    );
  ranks.note('target: buried facts recall@1 ≥ 0.90');
  ranks.note(
    'document weight w: documents ranked by best window + w × cosine with the document centroid (src/kb/rerank.ts); the default is the row the other tables use',
  );

  const decision = report.section(
    `Auto-answer at threshold ${fmt(results.rule.threshold, 2)}, margin ${fmt(results.rule.margin, 2)}`,
    ['indexing, mode', 'answers', 'right', 'chatter answered', 'precision', 'recall'],
  );
  for (const r of results.runs) {
    const d = r.decision;
    decision.row(
      label(r),
      String(d.given),
      String(d.right),
      String(d.chatterAnswered),
      fmt(d.precision, 2),
      fmt(d.recall, 2),
    );
  }
  decision.note(
    'precision = right answers ÷ answers given (chatter answered counts as wrong); recall = right answers ÷ answerable questions',
  );
  decision.note('target: precision ≥ 0.95 with recall ≥ 0.70');

  const separation = report.section('Best score per question: answerable vs chatter', [
    'indexing, mode',
    'set',
    'min',
    'p10',
    'p25',
    'median',
    'p75',
    'p90',
    'max',
  ]);
  for (const r of results.runs) {
    for (const [set, s] of [
      ['answerable', r.answerableBest],
      ['  first document right', r.rightFirstBest],
      ['  first document wrong', r.wrongFirstBest],
      ['chatter', r.chatterBest],
    ] as const)
      separation.row(
        label(r),
        set,
        ...[s.min, s.p10, s.p25, s.median, s.p75, s.p90, s.max].map((x) => fmt(x, 3)),
      );
  }

  const now = chosenRun(results);
  const sweep = report.section('Threshold × margin sweep (sentence windows, semantic): precision / recall', [
    'threshold',
    ...SWEEP_MARGINS.map((m) => `margin ${fmt(m, 2)}`),
  ]);
  for (const t of [...new Set(now.sweep.map((s) => s.threshold))]) {
    const at = (margin: number) => now.sweep.find((s) => s.threshold === t && s.margin === margin)!;
    const cell = (s: { precision: number; recall: number }) => `${fmt(s.precision, 2)} / ${fmt(s.recall, 2)}`;
    sweep.row(fmt(t, 3), ...SWEEP_MARGINS.map((m) => cell(at(m))));
  }
  const best = bestRule(now);
  sweep.note(
    best
      ? `highest recall with precision ≥ 0.95: threshold ${fmt(best.threshold, 3)}, margin ${fmt(best.margin, 2)} (precision ${fmt(best.precision, 2)}, recall ${fmt(best.recall, 2)})`
      : 'no rule reaches precision 0.95',
  );

  const families = report.section(
    'Auto-answer rule families (sentence windows, semantic, default weight): best rule at precision ≥ 0.95',
    ['rule', 'picked on all questions', 'precision', 'recall', 'held out: precision', 'held out: recall'],
  );
  for (const f of now.families ?? [])
    families.row(
      f.family,
      f.picked ?? 'none',
      fmt(f.precision, 2),
      fmt(f.recall, 2),
      fmt(f.heldOutPrecision, 2),
      fmt(f.heldOutRecall, 2),
    );
  families.note(
    'best/gap: cosine of the best document and its lead over the second; z: (best − mean) ÷ std over every document; keyword top 3: the best document is also in the BM25 top 3',
  );
  families.note(
    'held out: 5 folds by document; the rule is picked on four folds (questions of their documents, and their share of chatter) and applied to the fifth',
  );

  const o = results.openers;
  const openers = report.section(
    `Questions as typed in chat: ${o.questions} answerable questions with an opener in front ("hey guys, quick question: …")`,
    ['questions', 'recall@1', 'auto-answer recall', 'wrong answers'],
  );
  for (const [name, f] of [
    ['without opener', o.plain],
    ['with opener, searched as typed', o.asTyped],
    ['with opener, opener removed (default)', o.openerRemoved],
  ] as const)
    openers.row(name, fmt(f.recallAt1, 2), fmt(f.answerRecall, 2), String(f.wrongAnswers));
  openers.note('openers and closers are removed before the query is embedded (src/kb/query-text.ts)');

  const memory = report.section('Memory', [
    'indexing',
    'vectors/doc (all)',
    'FAQ doc',
    'long doc',
    'vector KB per 1,000 docs',
    'FAQ-only',
    'stored KB per 1,000 docs',
  ]);
  for (const m of results.memory)
    memory.row(
      m.indexing === 'old' ? '160-word chunks' : 'sentence windows',
      fmt(m.vectorsPerDocument, 2),
      fmt(m.vectorsPerFaqDocument, 2),
      fmt(m.vectorsPerLongDocument, 1),
      fmt(m.vectorBytesPer1000 / 1024, 0),
      fmt(m.vectorBytesPer1000Faq / 1024, 0),
      fmt(m.storedBytesPer1000 / 1024, 0),
    );
  return `${report.render()}\n\nSummary: ${summaryLine(results)}`;
}

async function main(): Promise<void> {
  const modelDir = process.env.MODEL_DIR?.trim();
  if (!modelDir)
    throw new Error('MODEL_DIR is not set: run `bash scripts/fetch-test-model.sh` and export MODEL_DIR.');
  const embedder = new Embedder({
    modelId: DEFAULT_MODEL_ID,
    dtype: DEFAULT_DTYPE,
    modelDir: path.resolve(modelDir),
    cacheDir: 'data/models',
    cacheSize: 5000,
  });
  try {
    const results = await runRetrievalEval(embedder, progress);
    await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
    await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${renderEval(results)}\n\nJSON: ${path.relative(process.cwd(), RESULTS_FILE)}\n`);
  } finally {
    await embedder.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
