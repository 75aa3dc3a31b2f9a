import type { Span } from './chunk.ts';
import type { IndexedDocument } from './document.ts';

/** What the index hands out about a document. */
export type DocumentView = Pick<IndexedDocument, 'id' | 'title' | 'text' | 'addedBy' | 'addedAt' | 'chunks'>;

/**
 * A document as a server's index keeps it, for as long as the bot runs: the fields a reader needs and
 * nothing repeated. The model stamp lives once per index, the author's id is shared with the other
 * documents by the same author, the time is a number when it round-trips to the same ISO text, and a
 * single-chunk document keeps no chunk list. Across 100k documents this is most of the heap.
 */
export class IndexEntry implements DocumentView {
  readonly id: string;
  readonly title: string | null;
  readonly text: string;
  readonly addedBy: string;
  /** 32 bits of the folded text's hash (see GuildIndex.duplicateOf). */
  readonly fingerprint: number;
  private readonly at: number | string;
  /** [start, end, start, end, …] for documents of more than one chunk. */
  private readonly spans: readonly number[] | null;

  constructor(doc: IndexedDocument, addedBy: string, fingerprint: number) {
    this.id = doc.id;
    this.title = doc.title;
    this.text = doc.text;
    this.addedBy = addedBy;
    this.fingerprint = fingerprint;
    const ms = Date.parse(doc.addedAt);
    this.at = Number.isFinite(ms) && new Date(ms).toISOString() === doc.addedAt ? ms : doc.addedAt;
    const whole =
      doc.chunks.length === 1 && doc.chunks[0]!.start === 0 && doc.chunks[0]!.end === doc.text.length;
    this.spans = whole ? null : doc.chunks.flatMap((c) => [c.start, c.end]);
  }

  get addedAt(): string {
    return typeof this.at === 'number' ? new Date(this.at).toISOString() : this.at;
  }

  get chunks(): Span[] {
    const spans = this.spans;
    if (!spans) return [{ start: 0, end: this.text.length }];
    const out: Span[] = [];
    for (let i = 0; i < spans.length; i += 2) out.push({ start: spans[i]!, end: spans[i + 1]! });
    return out;
  }

  /** The text of one chunk (the first when `chunk` is out of range). */
  chunkText(chunk: number): string {
    const spans = this.spans;
    if (!spans) return this.text;
    const at = Number.isInteger(chunk) && chunk >= 0 && chunk * 2 < spans.length ? chunk * 2 : 0;
    return this.text.slice(spans[at], spans[at + 1]);
  }
}
