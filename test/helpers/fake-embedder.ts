import type { Embedding, ModelInfo, TextEmbedder } from '../../src/embedding/embedder.ts';

const DIMENSIONS = 384;
const WINDOW = 256;

/** FNV-1a: a small, stable 32-bit hash. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Lower-cased words and punctuation marks, like a basic BERT pre-tokenizer (no model vocabulary). */
const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];

/**
 * A deterministic stand-in for the model: each word and its character trigrams are hashed to a few
 * signed dimensions of a 384-number vector, which is then scaled to unit length. The same text always
 * gives the same vector; texts sharing most words get cosines near 1; unrelated texts near 0. It
 * knows nothing of meaning: use it for knowledge-base logic, never for semantic claims.
 */
export class FakeEmbedder implements TextEmbedder {
  /** Texts embedded so far (a test can check what reached the "model"). */
  readonly seen: string[] = [];

  constructor(
    private readonly info: ModelInfo = {
      modelId: 'fake/hashed-words',
      dtype: 'fp32',
      dimensions: DIMENSIONS,
      window: WINDOW,
    },
  ) {}

  async ready(): Promise<ModelInfo> {
    return this.info;
  }

  async embed(text: string): Promise<Embedding> {
    this.seen.push(text);
    const pieces = words(text);
    const vector = new Float32Array(this.info.dimensions);
    const kept = pieces.slice(0, this.info.window - 2);
    for (const word of kept.length > 0 ? kept : ['[UNK]']) {
      const padded = `#${word}#`;
      const features = [
        word,
        ...Array.from({ length: Math.max(0, padded.length - 2) }, (_, i) => padded.slice(i, i + 3)),
      ];
      for (const feature of features) {
        const h = hash(feature);
        vector[h % this.info.dimensions]! += h & 0x80000000 ? -1 : 1;
      }
    }
    let norm = Math.hypot(...vector);
    if (norm === 0) vector[0] = norm = 1;
    for (let d = 0; d < vector.length; d++) vector[d]! /= norm;
    return { vector, tokens: pieces.length + 2, truncated: pieces.length + 2 > this.info.window };
  }

  async embedMany(texts: readonly string[]): Promise<Embedding[]> {
    return Promise.all(texts.map((t) => this.embed(t)));
  }

  async pieces(text: string): Promise<string[]> {
    return ['[CLS]', ...words(text).slice(0, this.info.window - 2), '[SEP]'];
  }
}
