// The evaluation set: documents to index and questions to ask, built from eval/data and checked.
import { CHATTER } from './data/chatter.ts';
import { FAQ } from './data/faq.ts';
import { LONG } from './data/long.ts';

export interface EvalDocument {
  key: string;
  title: string;
  text: string;
  kind: 'faq' | 'long';
}

export type QuerySet = 'faq' | 'long' | 'chatter';

export interface EvalQuery {
  text: string;
  set: QuerySet;
  /** The document that answers it; null for chatter. */
  want: string | null;
  /** Where the answering sentence sits, for long documents. */
  position?: 'start' | 'middle' | 'end';
}

const sentenceCount = (text: string): number =>
  [...new Intl.Segmenter('en', { granularity: 'sentence' }).segment(text)].filter((s) => s.segment.trim())
    .length;

/** Every document and question; throws when the data breaks the set's own rules. */
export function evalSet(): { documents: EvalDocument[]; queries: EvalQuery[] } {
  const documents: EvalDocument[] = [
    ...FAQ.map((f) => ({ key: f.id, title: f.title, text: f.text, kind: 'faq' as const })),
    ...LONG.map((l) => ({
      key: l.id,
      title: l.title,
      text: l.paragraphs.join('\n\n'),
      kind: 'long' as const,
    })),
  ];
  for (const l of LONG) {
    const text = l.paragraphs.join('\n\n');
    const count = sentenceCount(text);
    if (!text.includes(l.fact)) throw new Error(`${l.id}: the fact is not in the text`);
    if (count < 30 || count > 80) throw new Error(`${l.id}: ${count} sentences (30–80 wanted)`);
    const at = text.indexOf(l.fact) / text.length;
    const where = at < 0.2 ? 'start' : at > 0.8 ? 'end' : 'middle';
    if (where !== l.position) throw new Error(`${l.id}: the fact is at the ${where}, not the ${l.position}`);
  }
  const keys = new Set(documents.map((d) => d.key));
  if (keys.size !== documents.length) throw new Error('two documents share a key');
  const queries: EvalQuery[] = [
    ...FAQ.flatMap((f) => f.questions.map((text) => ({ text, set: 'faq' as const, want: f.id }))),
    ...LONG.flatMap((l) =>
      l.questions.map((text) => ({ text, set: 'long' as const, want: l.id, position: l.position })),
    ),
    ...CHATTER.map((text) => ({ text, set: 'chatter' as const, want: null })),
  ];
  if (new Set(queries.map((q) => q.text)).size !== queries.length) throw new Error('a question is repeated');
  return { documents, queries };
}

/**
 * How people open a question in a chat channel. `asTypedInChat` puts one in front of each question
 * (in turn), to measure what such openers cost the search and what removing them wins back.
 */
export const CHAT_OPENERS: readonly string[] = [
  'hey guys, quick question: ',
  'does anyone know ',
  'sorry if this was asked before but ',
  'hi all! ',
  'yo, ',
  'can someone tell me ',
];

export function asTypedInChat(queries: readonly EvalQuery[]): EvalQuery[] {
  return queries
    .filter((q) => q.want !== null)
    .map((q, i) => ({ ...q, text: `${CHAT_OPENERS[i % CHAT_OPENERS.length]}${q.text}` }));
}
