import type { Embedding, TextEmbedder } from '../embedding/embedder.ts';
import { unreadableDocument } from '../embedding/readable.ts';
import { chunkText, type Span } from './chunk.ts';
import { sentenceWindows, windowInput } from './passages.ts';

const wordsIn = (text: string, span: Span): number =>
  text.slice(span.start, span.end).split(/\s+/).filter(Boolean).length;

/**
 * A document's sentence windows (the title in front of each), their vectors (chunks × dimensions, in
 * chunk order), and whether the model could mostly not read it (see readable.ts).
 */
export async function embedDocument(
  embedder: TextEmbedder,
  text: string,
  title: string | null,
  dimensions: number,
): Promise<{ chunks: Span[]; vectors: Float32Array; unreadable: boolean }> {
  let chunks = sentenceWindows(text);
  const input = (c: Span) => windowInput(text, c, title);
  // The title alone, to tell its pieces from the text's (see unreadableDocument).
  const [first, titled] = await Promise.all([
    embedder.embedMany(chunks.map(input)),
    title === null ? undefined : embedder.embed(title),
  ]);
  let embeddings: Embedding[] = first;
  // Word counts only approximate tokens: split any chunk the model still had to cut.
  for (let round = 0; round < 4 && embeddings.some((e) => e.truncated); round++) {
    const next: Span[] = [];
    chunks.forEach((c, i) => {
      if (!embeddings[i]!.truncated) next.push(c);
      else
        next.push(
          ...chunkText(text.slice(c.start, c.end), Math.max(8, Math.floor(wordsIn(text, c) / 2))).map(
            (s) => ({ start: c.start + s.start, end: c.start + s.end }),
          ),
        );
    });
    chunks = next;
    embeddings = await embedder.embedMany(chunks.map(input));
  }
  const vectors = new Float32Array(chunks.length * dimensions);
  embeddings.forEach((e, i) => {
    vectors.set(e.vector, i * dimensions);
  });
  return { chunks, vectors, unreadable: unreadableDocument(embeddings, titled) };
}
