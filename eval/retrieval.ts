// Runs the evaluation set through the real KnowledgeBase: documents indexed the old way (160-word
// chunks, as stored before sentence windows) and the new way (kb.add), each searched by meaning and
// hybrid, and the auto-answer decision on top.
import type { Embedder, ModelInfo } from '../src/embedding/embedder.ts';
import {
  type AnswerRule,
  chooseAnswer,
  DEFAULT_ANSWER_MARGIN,
  DEFAULT_ANSWER_THRESHOLD,
  decideAnswer,
} from '../src/kb/answer.ts';
import { chunkText } from '../src/kb/chunk.ts';
import { docKey, docPrefix, encodeVectors, newDocumentId, type StoredDocument } from '../src/kb/document.ts';
import { KnowledgeBase, type SearchMode } from '../src/kb/knowledge-base.ts';
import { DOCUMENT_WEIGHT } from '../src/kb/rerank.ts';
import { type KvStore, openStore } from '../src/kb/store.ts';
import { createLogger } from '../src/log.ts';
import {
  compareFamilies,
  type FamilyFigures,
  type QuestionFeatures,
  relOfBest,
  zOfBest,
} from './decision.ts';
import {
  type DecisionFigures,
  decisionFigures,
  type RankFigures,
  rankFigures,
  type Spread,
  spread,
} from './metrics.ts';
import { asTypedInChat, type EvalDocument, type EvalQuery, evalSet } from './set.ts';

const G = '1000';
const DIM_BYTES = 4;

export type Indexing = 'old' | 'new';
export const INDEXINGS: readonly Indexing[] = ['old', 'new'];
export const MODES: readonly SearchMode[] = ['semantic', 'hybrid'];
/** Document weights (src/kb/rerank.ts) compared for sentence windows searched by meaning. */
export const DOCUMENT_WEIGHTS = [0, 0.1, 0.2, 0.3, 0.5, 1];

export interface RunFigures {
  indexing: Indexing;
  mode: SearchMode;
  /** Weight of the whole document in the ranking by meaning (0: best window only, as before). */
  documentWeight: number;
  faq: RankFigures;
  long: RankFigures;
  longByPosition: Record<'start' | 'middle' | 'end', RankFigures>;
  /** The decision at the default threshold and margin. */
  decision: DecisionFigures;
  /** Best score per question: questions with an answer vs chatter. */
  answerableBest: Spread;
  chatterBest: Spread;
  /** Best score of answerable questions whose first document is right, and of those whose first is wrong. */
  rightFirstBest: Spread;
  wrongFirstBest: Spread;
  /** Precision and recall at other thresholds, with and without the margin rule. */
  sweep: { threshold: number; margin: number; precision: number; recall: number }[];
  /** Questions whose right document was not first, and chatter that got an answer. */
  misses: { question: string; want: string | null; got: string | null; score: number }[];
  /** Auto-answer rule families on per-question features (the default setting's run only). */
  families?: FamilyFigures[];
}

export interface MemoryFigures {
  indexing: Indexing;
  vectorsPerFaqDocument: number;
  vectorsPerLongDocument: number;
  vectorsPerDocument: number;
  /** Index (vector) bytes per 1,000 documents of the eval mix, and of FAQ-sized documents only. */
  vectorBytesPer1000: number;
  vectorBytesPer1000Faq: number;
  /** Bytes in the store (JSON with base64 vectors) per 1,000 documents of the eval mix. */
  storedBytesPer1000: number;
}

/** Answerable questions with a chat opener in front ("hey guys, quick question: …"), searched as typed and with the opener removed. */
export interface OpenerFigures {
  questions: number;
  /** The questions without openers, for comparison. */
  plain: { recallAt1: number; answerRecall: number; wrongAnswers: number };
  asTyped: { recallAt1: number; answerRecall: number; wrongAnswers: number };
  openerRemoved: { recallAt1: number; answerRecall: number; wrongAnswers: number };
}

export interface EvalResults {
  model: { id: string; dtype: string };
  rule: AnswerRule;
  documents: { faq: number; long: number };
  queries: { faq: number; long: number; chatter: number };
  runs: RunFigures[];
  memory: MemoryFigures[];
  openers: OpenerFigures;
  seconds: number;
}

const stamp = (info: ModelInfo) => ({ id: info.modelId, dtype: info.dtype, window: info.window });

/** Documents as the bot stored them before sentence windows: 160-word chunks, no title embedded. */
async function addOldStyle(store: KvStore, embedder: Embedder, info: ModelInfo, doc: EvalDocument) {
  const chunks = chunkText(doc.text);
  const embeddings = await embedder.embedMany(chunks.map((c) => doc.text.slice(c.start, c.end)));
  const vectors = new Float32Array(chunks.length * info.dimensions);
  embeddings.forEach((e, i) => {
    vectors.set(e.vector, i * info.dimensions);
  });
  const stored: StoredDocument = {
    v: 1,
    id: newDocumentId(),
    title: doc.title,
    text: doc.text,
    addedBy: 'eval',
    addedAt: new Date().toISOString(),
    model: stamp(info),
    chunks,
    vectors: encodeVectors(vectors),
  };
  await store.set(docKey(G, stored.id), JSON.stringify(stored));
  return stored.id;
}

const searcher = (store: KvStore, embedder: Embedder, documentWeight: number, questionCore = true) =>
  new KnowledgeBase({ store, embedder, logger: createLogger('silent'), documentWeight, questionCore });

/** Recall@1 and the auto-answer's recall and wrong answers over answerable `queries`. */
async function answerableFigures(
  kb: KnowledgeBase,
  keyOf: Map<string, string>,
  queries: readonly EvalQuery[],
  rule: AnswerRule,
) {
  let first = 0;
  let right = 0;
  let wrong = 0;
  for (const query of queries) {
    const [top] = await kb.search(G, query.text, 3, 'semantic');
    if (top && keyOf.get(top.id) === query.want) first++;
    const { answer } = await decideAnswer(kb, G, query.text, rule.threshold, rule.margin);
    if (answer && keyOf.get(answer.id) === query.want) right++;
    else if (answer) wrong++;
  }
  const n = queries.length;
  return { recallAt1: first / n, answerRecall: right / n, wrongAnswers: wrong };
}

async function buildIndex(indexing: Indexing, embedder: Embedder, documents: readonly EvalDocument[]) {
  const info = await embedder.ready();
  const store = await openStore('sqlite://:memory:');
  const kb = searcher(store, embedder, DOCUMENT_WEIGHT);
  const keyOf = new Map<string, string>();
  for (const doc of documents) {
    const id =
      indexing === 'old'
        ? await addOldStyle(store, embedder, info, doc)
        : (await kb.add(G, { text: doc.text, title: doc.title, addedBy: 'eval' })).id;
    keyOf.set(id, doc.key);
  }
  return { kb, store, keyOf };
}

async function memoryOf(
  indexing: Indexing,
  store: KvStore,
  kb: KnowledgeBase,
  documents: readonly EvalDocument[],
  keyOf: Map<string, string>,
  dimensions: number,
): Promise<MemoryFigures> {
  const kind = new Map(documents.map((d) => [d.key, d.kind]));
  const rows = { faq: 0, long: 0 };
  let storedBytes = 0;
  for await (const [, raw] of store.scan(docPrefix(G))) {
    const doc = JSON.parse(raw) as StoredDocument;
    rows[kind.get(keyOf.get(doc.id)!)!] += doc.chunks.length;
    storedBytes += Buffer.byteLength(raw);
  }
  const faq = documents.filter((d) => d.kind === 'faq').length;
  const long = documents.length - faq;
  const stats = await kb.stats(G);
  return {
    indexing,
    vectorsPerFaqDocument: rows.faq / faq,
    vectorsPerLongDocument: rows.long / long,
    vectorsPerDocument: (rows.faq + rows.long) / documents.length,
    vectorBytesPer1000: (stats.vectorBytes / documents.length) * 1000,
    vectorBytesPer1000Faq: (rows.faq / faq) * dimensions * DIM_BYTES * 1000,
    storedBytesPer1000: (storedBytes / documents.length) * 1000,
  };
}

const SWEEP_THRESHOLDS = Array.from({ length: 17 }, (_, i) => Math.round((0.3 + i * 0.025) * 1000) / 1000);
export const SWEEP_MARGINS = [0, 0.05, 0.1, 0.15, 0.2];

async function evaluate(
  indexing: Indexing,
  mode: SearchMode,
  documentWeight: number,
  kb: KnowledgeBase,
  keyOf: Map<string, string>,
  queries: readonly EvalQuery[],
  rule: AnswerRule,
  withFamilies = false,
): Promise<RunFigures> {
  const key = (id: string) => keyOf.get(id)!;
  const ranked: { query: EvalQuery; ranking: string[] }[] = [];
  const top3: { query: EvalQuery; results: Awaited<ReturnType<KnowledgeBase['search']>> }[] = [];
  for (const query of queries) {
    const results = await kb.search(G, query.text, 10, mode);
    ranked.push({ query, ranking: results.map((r) => key(r.id)) });
    top3.push({ query, results: await kb.search(G, query.text, 3, mode) });
  }
  const figures = (keep: (q: EvalQuery) => boolean) =>
    rankFigures(
      ranked.filter((r) => keep(r.query)).map((r) => ({ ranking: r.ranking, want: r.query.want! })),
    );
  const decisions = await Promise.all(
    top3.map(async ({ query, results }) => {
      // Semantic mode goes through decideAnswer itself, exactly as the bot decides.
      const decision =
        mode === 'semantic'
          ? await decideAnswer(kb, G, query.text, rule.threshold, rule.margin)
          : chooseAnswer(results, rule);
      return { answered: decision.answer ? key(decision.answer.id) : null, want: query.want };
    }),
  );
  const sweep = SWEEP_THRESHOLDS.flatMap((threshold) =>
    SWEEP_MARGINS.map((margin) => {
      const d = decisionFigures(
        top3.map(({ query, results }) => {
          const decision = chooseAnswer(results, { threshold, margin });
          return { answered: decision.answer ? key(decision.answer.id) : null, want: query.want };
        }),
      );
      return { threshold, margin, precision: d.precision, recall: d.recall };
    }),
  );
  const families = withFamilies
    ? compareFamilies(await questionFeatures(kb, key, top3, keyOf.size))
    : undefined;
  const best = (keep: (q: EvalQuery) => boolean) =>
    spread(top3.filter((t) => keep(t.query)).map((t) => t.results[0]?.score ?? 0));
  const firstRight = (t: (typeof top3)[number]) =>
    t.results[0] !== undefined && key(t.results[0].id) === t.query.want;
  const bestWhere = (keep: (t: (typeof top3)[number]) => boolean) =>
    spread(top3.filter((t) => t.query.want !== null && keep(t)).map((t) => t.results[0]?.score ?? 0));
  return {
    indexing,
    mode,
    documentWeight,
    faq: figures((q) => q.set === 'faq'),
    long: figures((q) => q.set === 'long'),
    longByPosition: {
      start: figures((q) => q.position === 'start'),
      middle: figures((q) => q.position === 'middle'),
      end: figures((q) => q.position === 'end'),
    },
    decision: decisionFigures(decisions),
    answerableBest: best((q) => q.want !== null),
    chatterBest: best((q) => q.want === null),
    rightFirstBest: bestWhere(firstRight),
    wrongFirstBest: bestWhere((t) => !firstRight(t)),
    sweep,
    misses: [
      ...ranked
        .filter((r) => r.query.want !== null && r.ranking[0] !== r.query.want)
        .map((r) => ({
          question: r.query.text,
          want: r.query.want,
          got: r.ranking[0] ?? null,
          score: top3.find((t) => t.query === r.query)!.results[0]?.score ?? 0,
        })),
      ...decisions.flatMap((d, i) =>
        d.want === null && d.answered !== null
          ? [{ question: queries[i]!.text, want: null, got: d.answered, score: top3[i]!.results[0]!.score }]
          : [],
      ),
    ],
    ...(families ? { families } : {}),
  };
}

/** Best, gap, z-score over every document, and keyword agreement, per question. */
async function questionFeatures(
  kb: KnowledgeBase,
  key: (id: string) => string,
  top3: { query: EvalQuery; results: Awaited<ReturnType<KnowledgeBase['search']>> }[],
  documents: number,
): Promise<QuestionFeatures[]> {
  const out: QuestionFeatures[] = [];
  for (const { query, results } of top3) {
    const [first, second] = results;
    const all = await kb.search(G, query.text, documents, 'semantic');
    const keyword = await kb.search(G, query.text, 3, 'keyword');
    out.push({
      want: query.want,
      got: first ? key(first.id) : null,
      best: first?.score ?? 0,
      gap: first && second ? first.score - second.score : (first?.score ?? 0),
      z: zOfBest(all.map((r) => r.score)),
      rel: relOfBest(all.map((r) => r.score)),
      keyword: first !== undefined && keyword.some((r) => r.id === first.id),
    });
  }
  return out;
}

/** The whole evaluation on one embedder (the real model). */
export async function runRetrievalEval(
  embedder: Embedder,
  progress: (message: string) => void = () => {},
  rule: AnswerRule = { threshold: DEFAULT_ANSWER_THRESHOLD, margin: DEFAULT_ANSWER_MARGIN },
): Promise<EvalResults> {
  const started = performance.now();
  const info = await embedder.ready();
  const { documents, queries } = evalSet();
  const runs: RunFigures[] = [];
  const memory: MemoryFigures[] = [];
  let openers: OpenerFigures | undefined;
  for (const indexing of INDEXINGS) {
    progress(`eval: indexing ${documents.length} documents (${indexing})`);
    const { kb, store, keyOf } = await buildIndex(indexing, embedder, documents);
    try {
      memory.push(await memoryOf(indexing, store, kb, documents, keyOf, info.dimensions));
      // The old chunks are searched as before (best chunk only); sentence windows at every weight.
      const weights = indexing === 'old' ? [0] : DOCUMENT_WEIGHTS;
      for (const weight of weights) {
        const at = searcher(store, embedder, weight);
        progress(
          `eval: ${queries.length} questions, ${indexing} indexing, semantic, document weight ${weight}`,
        );
        const chosen = indexing === 'new' && weight === DOCUMENT_WEIGHT;
        runs.push(await evaluate(indexing, 'semantic', weight, at, keyOf, queries, rule, chosen));
      }
      if (indexing === 'new') {
        progress('eval: answerable questions with chat openers, as typed and with the opener removed');
        const typed = asTypedInChat(queries);
        const plain = queries.filter((q) => q.want !== null);
        const raw = searcher(store, embedder, DOCUMENT_WEIGHT, false);
        const core = searcher(store, embedder, DOCUMENT_WEIGHT, true);
        openers = {
          questions: typed.length,
          plain: await answerableFigures(core, keyOf, plain, rule),
          asTyped: await answerableFigures(raw, keyOf, typed, rule),
          openerRemoved: await answerableFigures(core, keyOf, typed, rule),
        };
      }
      for (const mode of MODES.filter((m) => m !== 'semantic')) {
        progress(`eval: ${queries.length} questions, ${indexing} indexing, ${mode}`);
        runs.push(await evaluate(indexing, mode, 0, kb, keyOf, queries, rule));
      }
    } finally {
      await store.close();
    }
  }
  const count = (set: EvalQuery['set']) => queries.filter((q) => q.set === set).length;
  return {
    model: { id: info.modelId, dtype: info.dtype },
    rule,
    documents: {
      faq: documents.filter((d) => d.kind === 'faq').length,
      long: documents.filter((d) => d.kind === 'long').length,
    },
    queries: { faq: count('faq'), long: count('long'), chatter: count('chatter') },
    runs,
    memory,
    openers: openers!,
    seconds: (performance.now() - started) / 1000,
  };
}

const f2 = (x: number) => x.toFixed(2);

/** The rule with the highest recall whose precision is at least `precision` (null when none is). */
export function bestRule(run: RunFigures, precision = 0.95): RunFigures['sweep'][number] | null {
  let best: RunFigures['sweep'][number] | null = null;
  for (const s of run.sweep) if (s.precision >= precision && (!best || s.recall > best.recall)) best = s;
  return best;
}

/** The semantic run at the default document weight (old chunks: the only semantic run). */
export function chosenRun(results: EvalResults, indexing: Indexing = 'new'): RunFigures {
  return results.runs.find(
    (r) =>
      r.indexing === indexing &&
      r.mode === 'semantic' &&
      (indexing === 'old' || r.documentWeight === DOCUMENT_WEIGHT),
  )!;
}

/** One line for `npm run bench`. */
export function summaryLine(results: EvalResults): string {
  const run = (indexing: Indexing) => chosenRun(results, indexing);
  const [old, now] = [run('old'), run('new')];
  const d = now.decision;
  return (
    `buried facts recall@1 ${f2(old.long.recallAt1)} → ${f2(now.long.recallAt1)}, ` +
    `FAQ recall@1 ${f2(old.faq.recallAt1)} → ${f2(now.faq.recallAt1)}; ` +
    `auto-answer at ${f2(results.rule.threshold)} (margin ${f2(results.rule.margin)}): ` +
    `precision ${f2(d.precision)}, recall ${f2(d.recall)}`
  );
}
