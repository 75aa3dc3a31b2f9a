import { createHash } from 'node:crypto';
import { type Scored, topK } from '../math/vector.ts';
import { AnnIndex, type GraphState, loadGraph } from './ann.ts';
import { foldText, type IndexedDocument } from './document.ts';
import { IndexEntry } from './entry.ts';

export interface ChunkHit {
  id: string;
  /** Which chunk of the document matched best. */
  chunk: number;
  score: number;
}

/** 32 bits of SHA-1 (a small integer for V8): finds candidates, which are confirmed on the text. */
const fingerprint = (folded: string): number => createHash('sha1').update(folded).digest().readInt32BE(0);

/** Two bytes a character (V8 keeps non-Latin-1 text that way) and about 200 bytes of object overhead. */
const entryBytes = (doc: { id: string; title: string | null; text: string }): number =>
  (doc.text.length + (doc.title?.length ?? 0) + doc.id.length) * 2 + 200;

const terms = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * One server's documents in memory: every chunk vector in one contiguous Float32Array (rows ×
 * dimensions), the document each row belongs to, and compact entries for the documents themselves.
 */
export class GuildIndex {
  readonly docs = new Map<string, IndexEntry>();
  /** One copy of each author id, shared by that author's entries. */
  private readonly authors = new Map<string, string>();
  private matrix: Float32Array;
  /** The document each row belongs to; undefined marks a removed document's row (a tombstone). */
  private rowDoc: (string | undefined)[] = [];
  private rowChunk: number[] = [];
  private rows = 0;
  /** Tombstoned rows among `rows`. */
  private dead = 0;
  private keyword: KeywordIndex | undefined;
  /** Estimated heap bytes of the entries (texts, titles, ids, per-entry overhead). */
  private entryBytes = 0;
  private ann: AnnIndex | undefined;
  private building = false;
  /** Large enough for the graph, but the native addon could not be loaded: search stays exact. */
  private noGraph = false;
  private loading: boolean;

  /**
   * `annThreshold`: from this many chunks on, an HNSW index is built in the background (in slices,
   * so the event loop keeps turning) and used once it has caught up; exact search until then.
   * `loading`: documents are being read from the store; the build waits for `finishLoad()`, so that
   * the graph's many small allocations do not interleave with the reader's short-lived ones.
   */
  constructor(
    readonly dimensions: number,
    private readonly annThreshold = 10_000,
    { loading = false } = {},
  ) {
    this.matrix = new Float32Array(dimensions * 64);
    this.loading = loading;
  }

  /** Ends a bulk load: documents in id order (list order), whatever order the store listed them in. */
  finishLoad(): void {
    this.loading = false;
    this.sortById();
    this.scheduleAnn();
  }

  /** True when searches go through the HNSW index. */
  get approximate(): boolean {
    return this.ann !== undefined && this.ann.added === this.rows;
  }

  get graph(): GraphState {
    return this.approximate ? 'hnsw' : this.noGraph ? 'unavailable' : 'exact';
  }

  /** Builds (or finishes) the HNSW index now, without yielding: for benchmarks and tests. */
  buildAnnNow(): void {
    this.ann ??= new AnnIndex(this.dimensions);
    this.ann.addFrom(this.matrix, this.rows, this.rows);
  }

  private scheduleAnn(): void {
    if (this.loading || this.rows < this.annThreshold || this.building) return;
    this.noGraph = loadGraph() === undefined;
    if (this.noGraph) return;
    this.building = true;
    const step = () => {
      if (this.rows < this.annThreshold) {
        this.building = false;
        return;
      }
      this.ann ??= new AnnIndex(this.dimensions);
      // About 10 ms of native work per slice at 100k rows.
      this.ann.addFrom(this.matrix, this.rows, 64);
      if (this.ann.added < this.rows) setImmediate(step);
      else this.building = false;
    };
    setImmediate(step);
  }

  get size(): number {
    return this.docs.size;
  }

  get chunkCount(): number {
    return this.rows - this.dead;
  }

  /** Bytes held by the vectors (the rest of the index is small by comparison). */
  get vectorBytes(): number {
    return (this.rows - this.dead) * this.dimensions * 4;
  }

  /** An estimate of everything this index holds, for the memory budget of loaded servers. */
  get memoryBytes(): number {
    return (
      this.matrix.byteLength +
      this.rowDoc.length * 12 +
      this.entryBytes +
      (this.keyword ? this.entryBytes : 0) +
      (this.ann?.memoryBytes ?? 0)
    );
  }

  /**
   * The id of a document whose text folds to the same as `text`. A scan of small integers (about a
   * millisecond at 100k documents, once per add) instead of a lookup table that would cost more
   * memory than the texts' ids; a fingerprint match is confirmed on the text itself.
   */
  duplicateOf(text: string): string | undefined {
    const folded = foldText(text);
    const print = fingerprint(folded);
    for (const entry of this.docs.values()) {
      if (entry.fingerprint === print && foldText(entry.text) === folded) return entry.id;
    }
    return undefined;
  }

  add(doc: IndexedDocument, vectors: Float32Array): void {
    const count = vectors.length / this.dimensions;
    this.ensure(this.rows + count);
    this.matrix.set(vectors, this.rows * this.dimensions);
    for (let c = 0; c < count; c++) {
      this.rowDoc.push(doc.id);
      this.rowChunk.push(c);
    }
    this.rows += count;
    let author = this.authors.get(doc.addedBy);
    if (author === undefined) {
      author = doc.addedBy;
      this.authors.set(author, author);
    }
    this.docs.set(doc.id, new IndexEntry(doc, author, fingerprint(foldText(doc.text))));
    this.entryBytes += entryBytes(doc);
    this.keyword = undefined;
    this.scheduleAnn();
  }

  remove(id: string): IndexEntry | undefined {
    const doc = this.docs.get(id);
    if (!doc) return undefined;
    this.docs.delete(id);
    this.entryBytes -= entryBytes(doc);
    for (let r = 0; r < this.rows; r++) {
      if (this.rowDoc[r] === id) {
        this.rowDoc[r] = undefined;
        this.dead++;
      }
    }
    this.keyword = undefined;
    // With a graph, rows keep their numbers (searches skip tombstones) until tombstones are a quarter
    // of the rows; rebuilding the graph after every removal would leave a large server on exact
    // search most of the time.
    if (this.ann === undefined || this.dead * 4 > this.rows) this.compact();
    return doc;
  }

  /** Drops tombstoned rows in place (the others keep their order) and rebuilds the graph. */
  private compact(): void {
    let write = 0;
    for (let read = 0; read < this.rows; read++) {
      if (this.rowDoc[read] === undefined) continue;
      if (write !== read) {
        this.matrix.copyWithin(write * this.dimensions, read * this.dimensions, (read + 1) * this.dimensions);
        this.rowDoc[write] = this.rowDoc[read];
        this.rowChunk[write] = this.rowChunk[read]!;
      }
      write++;
    }
    this.rows = write;
    this.dead = 0;
    this.rowDoc.length = write;
    this.rowChunk.length = write;
    // Row numbers moved: the graph is rebuilt from scratch in the background.
    this.ann?.close();
    this.ann = undefined;
    this.scheduleAnn();
  }

  /** Documents ranked by their best chunk's cosine with a unit query. */
  search(query: Float32Array, k: number): ChunkHit[] {
    // k < 1 would never fill `hits` and the widening loop below would never end.
    if (!(k >= 1) || this.rows === this.dead) return [];
    const view = this.matrix.subarray(0, this.rows * this.dimensions);
    const hits: ChunkHit[] = [];
    const seen = new Set<string>();
    // Ask for more rows than documents so multi-chunk documents cannot crowd out others.
    for (let want = k * 4; ; want *= 4) {
      hits.length = 0;
      seen.clear();
      const rows = this.nearestRows(view, query, Math.min(want, this.rows));
      for (const { index, score } of rows) {
        const id = this.rowDoc[index];
        if (id === undefined || seen.has(id)) continue;
        seen.add(id);
        hits.push({ id, chunk: this.rowChunk[index]!, score });
        if (hits.length === k) return hits;
      }
      if (want >= this.rows) return hits;
    }
  }

  /** Exact top rows, or the HNSW graph's nearest rows once it is complete. */
  private nearestRows(view: Float32Array, query: Float32Array, want: number): Scored[] {
    if (!this.approximate) return topK(view, query, want);
    const candidates = this.ann!.nearest(this.matrix, query, want);
    const scored = candidates.map((row) => {
      let score = 0;
      const base = row * this.dimensions;
      for (let d = 0; d < this.dimensions; d++) score += view[base + d]! * query[d]!;
      return { index: row, score };
    });
    return scored.sort((a, b) => b.score - a.score || a.index - b.index).slice(0, want);
  }

  /** BM25 ranking of documents (built on first use, rebuilt after changes). */
  searchKeywords(query: string, k: number): ChunkHit[] {
    this.keyword ??= new KeywordIndex(this.docs);
    return this.keyword.search(query, k);
  }

  /** The first chunk vector of each wanted document, in one pass over the rows. */
  firstVectors(ids: Set<string>): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    for (let r = 0; r < this.rows && out.size < ids.size; r++) {
      const id = this.rowDoc[r];
      if (id !== undefined && ids.has(id) && !out.has(id))
        out.set(id, this.matrix.slice(r * this.dimensions, (r + 1) * this.dimensions));
    }
    return out;
  }

  /** The vectors of one document, for re-checks. */
  vectorsOf(id: string): Float32Array[] {
    const out: Float32Array[] = [];
    for (let r = 0; r < this.rows; r++) {
      if (this.rowDoc[r] === id) out.push(this.matrix.slice(r * this.dimensions, (r + 1) * this.dimensions));
    }
    return out;
  }

  private sortById(): void {
    const ids = [...this.docs.keys()];
    if (ids.every((id, i) => i === 0 || ids[i - 1]! < id)) return;
    const entries = [...this.docs.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    this.docs.clear();
    for (const entry of entries) this.docs.set(entry.id, entry);
  }

  private ensure(rows: number): void {
    if (rows * this.dimensions <= this.matrix.length) return;
    let capacity = this.matrix.length / this.dimensions;
    while (capacity < rows) capacity = Math.ceil(capacity * 1.25);
    const grown = new Float32Array(capacity * this.dimensions);
    grown.set(this.matrix.subarray(0, this.rows * this.dimensions));
    this.matrix = grown;
  }
}

/** Okapi BM25 over whole documents (k1 = 1.2, b = 0.75), best chunk = the one with most query terms. */
class KeywordIndex {
  private readonly postings = new Map<string, Map<string, number>>();
  private readonly lengths = new Map<string, number>();
  private readonly averageLength: number;

  constructor(private readonly docs: Map<string, IndexEntry>) {
    let total = 0;
    for (const doc of docs.values()) {
      const t = terms(`${doc.title ?? ''} ${doc.text}`);
      this.lengths.set(doc.id, t.length);
      total += t.length;
      for (const term of t) {
        const posting = this.postings.get(term) ?? new Map<string, number>();
        posting.set(doc.id, (posting.get(doc.id) ?? 0) + 1);
        this.postings.set(term, posting);
      }
    }
    this.averageLength = docs.size > 0 ? total / docs.size : 0;
  }

  search(query: string, k: number): ChunkHit[] {
    const scores = new Map<string, number>();
    const n = this.docs.size;
    const queryTerms = [...new Set(terms(query))];
    for (const term of queryTerms) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const idf = Math.log(1 + (n - posting.size + 0.5) / (posting.size + 0.5));
      for (const [id, tf] of posting) {
        const norm = 1.2 * (0.25 + (0.75 * this.lengths.get(id)!) / (this.averageLength || 1));
        scores.set(id, (scores.get(id) ?? 0) + (idf * tf * 2.2) / (tf + norm));
      }
    }
    return [...scores]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, k)
      .map(([id, score]) => ({ id, score, chunk: this.bestChunk(id, queryTerms) }));
  }

  private bestChunk(id: string, queryTerms: string[]): number {
    const doc = this.docs.get(id)!;
    let best = 0;
    let bestHits = -1;
    doc.chunks.forEach((span, i) => {
      const chunkTerms = new Set(terms(doc.text.slice(span.start, span.end)));
      const hits = queryTerms.filter((t) => chunkTerms.has(t)).length;
      if (hits > bestHits) {
        best = i;
        bestHits = hits;
      }
    });
    return best;
  }
}
