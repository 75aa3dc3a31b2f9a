import { cosine, dot, euclidean, norm } from '../../src/math/vector.ts';
import { round } from '../../src/verdict.ts';
import type { ExplainPage } from './types.ts';

const fmt = (x: number): string => String(round(x, 3));
const vec = (v: readonly number[]): string => `[${v.join(', ')}]`;

/** The cosine page works through real arithmetic on two small vectors, computed here, not typed in. */
function cosinePage(): string {
  const a = [2, 1, 0];
  const b = [1, 2, 1];
  const products = a.map((x, i) => `${x}×${b[i]}`).join(' + ');
  return [
    'Cosine similarity asks: do two arrows point the same way? It ignores how long they are.',
    '',
    '`cos = (a · b) / (|a| × |b|)`',
    '',
    `Take a = ${vec(a)} and b = ${vec(b)}:`,
    `• a · b = ${products} = ${fmt(dot(a, b))}`,
    `• |a| = √${fmt(dot(a, a))} = ${fmt(norm(a))},  |b| = √${fmt(dot(b, b))} = ${fmt(norm(b))}`,
    `• cos = ${fmt(dot(a, b))} / (${fmt(norm(a))} × ${fmt(norm(b))}) = **${fmt(cosine(a, b))}**`,
    '',
    '1 means the same direction, 0 means nothing in common, −1 means opposite. The bot scales every',
    'sentence vector to length 1, so for its vectors the cosine is simply the dot product.',
  ].join('\n');
}

function euclideanPage(): string {
  const a = [2, 1, 0];
  const b = [1, 2, 1];
  const far = [4, 2, 0];
  return [
    'Euclidean distance is the straight-line gap between the tips of two arrows:',
    '`d = √Σ (aᵢ − bᵢ)²`',
    '',
    `For a = ${vec(a)} and b = ${vec(b)}, d = ${fmt(euclidean(a, b))}.`,
    `Now stretch a to ${vec(far)}: same direction, so the cosine with a stays ${fmt(cosine(a, far))},`,
    `but the distance from a jumps to ${fmt(euclidean(a, far))}.`,
    '',
    'Length says little about meaning in text (it drifts with wording and sentence length), so',
    'cosine is the usual choice. On unit vectors the two agree on the ranking anyway:',
    '`d² = 2 − 2·cos`.',
  ].join('\n');
}

export function explainPages(): ExplainPage[] {
  return [
    {
      topic: 'what',
      title: 'What is an embedding?',
      body: [
        'An embedding is a list of numbers that stands for a piece of text. This bot uses',
        'all-MiniLM-L6-v2, which turns any sentence into 384 numbers.',
        '',
        'The useful part: texts that mean similar things get similar lists, even when they share',
        'no words. "A feline rests on the carpet" lands near "The cat sits on the mat" and far from',
        '"Python is a programming language". Try `/similar` to see it.',
      ].join('\n'),
    },
    {
      topic: 'where',
      title: 'Where do the numbers come from?',
      body: [
        '1. The text is split into word pieces ("embeddings" → em, ##bed, ##ding, ##s) and framed by',
        '   [CLS] … [SEP] markers.',
        '2. A 6-layer transformer gives every piece a 384-number vector that depends on its neighbours.',
        '3. Those vectors are averaged (mean pooling) into one, then scaled to length 1.',
        '',
        'The model learned its weights from a very large set of sentence pairs that belong together,',
        'pulling their vectors close and pushing unrelated ones apart. It reads at most 256 pieces;',
        'anything longer is cut, and the bot tells you when that happens.',
      ].join('\n'),
    },
    { topic: 'cosine', title: 'Cosine similarity, worked through', body: cosinePage() },
    { topic: 'euclidean', title: 'Euclidean distance, and why cosine wins for text', body: euclideanPage() },
    {
      topic: 'dimensions',
      title: 'Why 384 dimensions?',
      body: [
        'Each dimension is a direction the model can use to separate meanings. No single one means',
        '"animal" or "past tense"; meaning is spread across many of them at once.',
        '',
        '384 is a trade-off: enough room to keep thousands of topics apart, small enough to be fast',
        '(a vector is 1.5 KB as 32-bit floats) and to compare a query against 100,000 documents in',
        'milliseconds. Larger models use 768 or 1,024 dimensions for a little more accuracy.',
      ].join('\n'),
    },
    {
      topic: 'uses',
      title: 'What it enables',
      body: [
        '• **Search by meaning**: embed documents once, embed the question, return the closest (`/search`).',
        '• **Clustering**: group messages or tickets by topic without labels.',
        '• **Duplicate detection**: near-identical vectors flag the same question asked twice.',
        '• **Retrieval for chatbots (RAG)**: find the passages a language model should read before it answers.',
        '• **Analogies**: directions carry relations, roughly; try `/analogy king man woman`.',
      ].join('\n'),
    },
  ];
}

export const TOPICS = explainPages().map((p) => p.topic);
