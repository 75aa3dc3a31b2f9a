import { randomUUID } from 'node:crypto';
import type { Embedding, ModelInfo, TextEmbedder } from '../embedding/embedder.ts';
import { UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { cosine } from '../math/vector.ts';
import { requireText } from '../text.ts';
import { chunkText, type Span } from './chunk.ts';
import {
  checkGuildId,
  decodeDocument,
  docKey,
  docPrefix,
  encodeVectors,
  type ModelStamp,
  newDocumentId,
  type StoredDocument,
  sameModel,
  settingsKey,
  versionKey,
} from './document.ts';
import type { DocumentView } from './entry.ts';
import { type ChunkHit, GuildIndex } from './guild-index.ts';
import { passageAround, sentenceWindows, windowInput } from './passages.ts';
import { DOCUMENT_WEIGHT, RERANK_POOL, rerankByDocument } from './rerank.ts';
import type { KvStore } from './store.ts';

export const MAX_DOCUMENT = 100_000;
export const MAX_TITLE = 100;
export const NEAR_DUPLICATE = 0.95;

export interface KbSettings {
  /** Results scoring below this are shown as weak matches. */
  threshold: number;
  /** A role whose members may change the knowledge base without Manage Server. */
  writerRoleId: string | null;
}

export const DEFAULT_SETTINGS: KbSettings = { threshold: 0.3, writerRoleId: null };

export type SearchMode = 'semantic' | 'keyword' | 'hybrid';

export interface SearchResult {
  id: string;
  title: string | null;
  snippet: string;
  score: number;
  weak: boolean;
  addedBy: string;
  addedAt: string;
}

export interface AddResult {
  id: string;
  title: string | null;
  chunks: number;
  nearDuplicate?: { id: string; title: string | null; score: number };
}

export interface KnowledgeBaseOptions {
  store: KvStore;
  embedder: TextEmbedder;
  logger: Logger;
  /** Most documents per server. */
  quota?: number;
  /**
   * Other processes write to the same store (HTTP replicas on Redis or PostgreSQL): every write
   * stamps the server with a fresh version, and a cached index is used only while it matches.
   */
  shared?: boolean;
  /** Weight of the whole document next to its best window when ranking by meaning (src/kb/rerank.ts). */
  documentWeight?: number;
}

interface LoadedIndex {
  index: GuildIndex;
  /** The server's version stamp when this index was read (shared stores only). */
  version: string | undefined;
  /** Documents made with another model (not in the index). */
  stale: number;
  corrupt: number;
}

/** The exact text is already stored (an import counts these apart from real failures). */
export class DuplicateError extends UserError {}

/** A document title, or the start of its text. */
export const label = (doc: { title: string | null; text: string }, max = 60): string => {
  const base = doc.title ?? doc.text.replace(/\s+/g, ' ').trim();
  return base.length > max ? `${base.slice(0, max - 1)}…` : base;
};

/**
 * Every server's knowledge base. Each document is one key, written only after its vectors are
 * ready; writes for one server run one at a time under that server's lock, which is where the
 * quota and duplicate checks happen. Indexes load lazily and follow every successful write.
 */
export class KnowledgeBase {
  private readonly indexes = new Map<string, Promise<LoadedIndex>>();
  private readonly locks = new Map<string, Promise<unknown>>();
  readonly quota: number;

  constructor(private readonly options: KnowledgeBaseOptions) {
    this.quota = options.quota ?? 10_000;
  }

  async add(
    guildId: string,
    input: { text: string; title?: string | undefined; addedBy: string },
  ): Promise<AddResult> {
    checkGuildId(guildId);
    const text = requireText(input.text, 'document', MAX_DOCUMENT);
    const title =
      input.title === undefined || input.title.trim() === ''
        ? null
        : requireText(input.title, 'title', MAX_TITLE);
    const info = await this.options.embedder.ready();
    // Embedding happens outside the lock so that concurrent adds share model batches.
    const { chunks, vectors } = await this.embedDocument(text, title, info);
    return this.withLock(guildId, async () => {
      const { index } = await this.usable(guildId);
      const existing = index.duplicateOf(text);
      if (existing) {
        throw new DuplicateError(
          `That text is already in the knowledge base as "${label(index.docs.get(existing)!)}" (id ${existing}).`,
        );
      }
      if (index.size >= this.quota) {
        throw new UserError(
          `This server's knowledge base is full (${this.quota} documents). Remove some first.`,
        );
      }
      let near: AddResult['nearDuplicate'];
      for (let c = 0; c < chunks.length; c++) {
        const [hit] = index.search(vectors.subarray(c * info.dimensions, (c + 1) * info.dimensions), 1);
        if (hit && hit.score >= NEAR_DUPLICATE && (!near || hit.score > near.score)) {
          near = { id: hit.id, title: label(index.docs.get(hit.id)!), score: hit.score };
        }
      }
      // Two adds in the same millisecond share the time part of the id; never reuse an id (the
      // second write would silently replace the first document).
      let id = newDocumentId();
      while (index.docs.has(id)) id = newDocumentId();
      const doc: StoredDocument = {
        v: 1,
        id,
        title,
        text,
        addedBy: input.addedBy,
        addedAt: new Date().toISOString(),
        model: stamp(info),
        chunks,
        vectors: encodeVectors(vectors),
      };
      await this.options.store.set(docKey(guildId, doc.id), JSON.stringify(doc));
      await this.bump(guildId);
      const { vectors: _, ...fields } = doc;
      index.add(fields, vectors);
      return { id: doc.id, title, chunks: chunks.length, ...(near ? { nearDuplicate: near } : {}) };
    });
  }

  async list(guildId: string, page = 1, perPage = 10) {
    const { index, corrupt, stale } = await this.load(guildId);
    const all = [...index.docs.values()];
    const pages = Math.max(1, Math.ceil(all.length / perPage));
    const at = Math.min(Math.max(1, Math.floor(page)), pages);
    return {
      total: all.length,
      page: at,
      pages,
      corrupt,
      stale,
      documents: all.slice((at - 1) * perPage, at * perPage),
    };
  }

  /** Documents whose title or text contains `query` (for autocomplete), newest first. */
  async find(guildId: string, query: string, limit = 25): Promise<DocumentView[]> {
    const { index } = await this.load(guildId);
    const q = query.toLowerCase().trim();
    const out: DocumentView[] = [];
    for (const doc of [...index.docs.values()].reverse()) {
      if (
        !q ||
        doc.id === q ||
        (doc.title ?? '').toLowerCase().includes(q) ||
        doc.text.toLowerCase().includes(q)
      ) {
        out.push(doc);
        if (out.length === limit) break;
      }
    }
    return out;
  }

  async remove(guildId: string, id: string): Promise<DocumentView> {
    return this.withLock(guildId, async () => {
      const { index } = await this.load(guildId);
      const doc = index.docs.get(id);
      if (!doc) throw new UserError(`There is no document with id "${id}" in this server's knowledge base.`);
      await this.options.store.delete(docKey(guildId, id));
      await this.bump(guildId);
      index.remove(id);
      return doc;
    });
  }

  /** Deletes every document of this server (and only this server): one key at a time. */
  async clear(guildId: string): Promise<number> {
    return this.withLock(guildId, async () => {
      let removed = 0;
      try {
        for await (const [key] of this.options.store.scan(docPrefix(guildId))) {
          await this.options.store.delete(key);
          removed++;
        }
      } finally {
        // Even a clear that failed half-way has changed the store: reload from it next time.
        this.indexes.delete(guildId);
        await this.bump(guildId);
      }
      return removed;
    });
  }

  async search(
    guildId: string,
    query: string,
    k = 5,
    mode: SearchMode = 'semantic',
  ): Promise<SearchResult[]> {
    const text = requireText(query, 'query', 1000);
    const { index } = await this.usable(guildId);
    if (index.size === 0) return [];
    const settings = await this.settings(guildId);
    let hits: ChunkHit[];
    if (mode === 'keyword') {
      hits = index.searchKeywords(text, k);
    } else {
      const q = (await this.options.embedder.embed(text)).vector;
      hits = index.search(q, k * RERANK_POOL);
      if (mode === 'semantic')
        hits = rerankByDocument(
          hits,
          q,
          (id) => index.vectorsOf(id),
          k,
          this.options.documentWeight ?? DOCUMENT_WEIGHT,
        );
      if (mode === 'hybrid') hits = fuse(hits, index.searchKeywords(text, k * 4), k, index, q);
    }
    return hits.map((hit) => {
      const doc = index.docs.get(hit.id)!;
      return {
        id: doc.id,
        title: doc.title,
        snippet: passageAround(doc.text, doc.chunks[hit.chunk] ?? doc.chunks[0]!),
        score: hit.score,
        weak: mode !== 'keyword' && hit.score < settings.threshold,
        addedBy: doc.addedBy,
        addedAt: doc.addedAt,
      };
    });
  }

  /** One vector per document (its first chunk) with its label, an even sample of at most `max`. */
  async mapPoints(
    guildId: string,
    max: number,
  ): Promise<{ vectors: Float32Array[]; labels: string[]; total: number }> {
    const { index } = await this.usable(guildId);
    const docs = [...index.docs.values()];
    const step = docs.length / Math.min(max, docs.length || 1);
    const picked =
      docs.length <= max ? docs : Array.from({ length: max }, (_, k) => docs[Math.floor(k * step)]!);
    const first = index.firstVectors(new Set(picked.map((d) => d.id)));
    return {
      vectors: picked.map((d) => first.get(d.id)!),
      labels: picked.map((d) => label(d, 40)),
      total: docs.length,
    };
  }

  async stats(guildId: string) {
    const { index, corrupt, stale } = await this.load(guildId);
    return {
      documents: index.size,
      chunks: index.chunkCount,
      quota: this.quota,
      corrupt,
      stale,
      vectorBytes: index.vectorBytes,
      /** Searches go through the HNSW graph (large knowledge bases, once it is built). */
      approximate: index.approximate,
      settings: await this.settings(guildId),
    };
  }

  async settings(guildId: string): Promise<KbSettings> {
    const raw = await this.options.store.get(settingsKey(guildId));
    if (raw === undefined) return { ...DEFAULT_SETTINGS };
    try {
      return { ...DEFAULT_SETTINGS, ...(JSON.parse(raw) as Partial<KbSettings>) };
    } catch {
      this.options.logger.warn({ guild: guildId }, 'corrupt knowledge-base settings; using defaults');
      return { ...DEFAULT_SETTINGS };
    }
  }

  async updateSettings(guildId: string, change: Partial<KbSettings>): Promise<KbSettings> {
    if (change.threshold !== undefined && !(change.threshold >= -1 && change.threshold <= 1)) {
      throw new UserError('The threshold is a cosine: a number from -1 to 1.');
    }
    return this.withLock(guildId, async () => {
      const next = { ...(await this.settings(guildId)), ...change };
      await this.options.store.set(settingsKey(guildId), JSON.stringify(next));
      return next;
    });
  }

  /** One JSON object per line: {id, title, text, addedBy, addedAt}. */
  async export(guildId: string): Promise<string> {
    const { index } = await this.load(guildId);
    return [...index.docs.values()]
      .map(({ id, title, text, addedBy, addedAt }) => JSON.stringify({ id, title, text, addedBy, addedAt }))
      .join('\n');
  }

  /**
   * Adds documents from JSONL ({text, title?} per line) or plain text (one document per blank-line
   * separated paragraph). Valid entries are kept; every bad line is reported with its number.
   */
  async import(
    guildId: string,
    content: string,
    addedBy: string,
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ added: number; errors: ImportError[] }> {
    const entries = parseImport(content);
    const errors = entries
      .filter((e) => 'error' in e)
      .map((e) => ({ line: e.line, message: (e as { error: string }).error }));
    const valid = entries.filter((e): e is ImportEntry => !('error' in e));
    let added = 0;
    let done = 0;
    // A few at a time: enough to fill model batches, few enough to stop early on a storage failure.
    const batch = 16;
    for (let i = 0; i < valid.length; i += batch) {
      const results = await Promise.allSettled(
        valid.slice(i, i + batch).map((e) => this.add(guildId, { text: e.text, title: e.title, addedBy })),
      );
      results.forEach((r, j) => {
        if (r.status === 'fulfilled') added++;
        else {
          const reason = r.reason instanceof UserError ? r.reason.message : 'could not be stored';
          if (!(r.reason instanceof UserError))
            this.options.logger.error({ err: r.reason, guild: guildId }, 'import entry failed');
          errors.push({
            line: valid[i + j]!.line,
            message: reason,
            ...(r.reason instanceof DuplicateError ? { duplicate: true } : {}),
          });
        }
      });
      done += results.length;
      onProgress?.(done, valid.length);
    }
    errors.sort((a, b) => a.line - b.line);
    return { added, errors };
  }

  /** Re-embeds every document with the current model (after a model change). */
  async reembed(guildId: string): Promise<{ documents: number }> {
    return this.withLock(guildId, async () => {
      const info = await this.options.embedder.ready();
      let count = 0;
      for await (const [key, raw] of this.options.store.scan(docPrefix(guildId))) {
        let doc: StoredDocument;
        try {
          doc = JSON.parse(raw) as StoredDocument;
          if (typeof doc.text !== 'string') throw new Error('no text');
        } catch (error) {
          this.options.logger.warn({ key, err: error }, 'skipping corrupt document during re-embed');
          continue;
        }
        const { chunks, vectors } = await this.embedDocument(doc.text, doc.title ?? null, info);
        await this.options.store.set(
          key,
          JSON.stringify({ ...doc, model: stamp(info), chunks, vectors: encodeVectors(vectors) }),
        );
        count++;
      }
      this.indexes.delete(guildId);
      await this.bump(guildId);
      return { documents: count };
    });
  }

  /** Drops cached indexes (tests use it to simulate a restart). */
  forget(): void {
    this.indexes.clear();
  }

  private async usable(guildId: string): Promise<LoadedIndex> {
    const loaded = await this.load(guildId);
    if (loaded.stale > 0) {
      const info = await this.options.embedder.ready();
      throw new UserError(
        `${loaded.stale} document(s) here were embedded with a different model than the bot now uses (${info.modelId}, ${info.dtype}). ` +
          `Mixing them would give wrong answers: an operator can run \`embedbot kb reembed --guild ${guildId}\`.`,
      );
    }
    return loaded;
  }

  /** The server's index, loaded once; a failed load is not cached (the next call tries again). */
  private async load(guildId: string): Promise<LoadedIndex> {
    checkGuildId(guildId);
    if (this.options.shared) {
      const cached = this.indexes.get(guildId);
      const version = await this.options.store.get(versionKey(guildId));
      // Another process changed this server since we read it: read it again.
      if (cached && (await cached.catch(() => undefined))?.version !== version) this.indexes.delete(guildId);
    }
    let loading = this.indexes.get(guildId);
    if (!loading) {
      loading = this.read(guildId).catch((error: unknown) => {
        this.indexes.delete(guildId);
        throw error;
      });
      this.indexes.set(guildId, loading);
    }
    return loading;
  }

  /** Records that this server changed, keeping our own cached index current. */
  private async bump(guildId: string): Promise<void> {
    if (!this.options.shared) return;
    const version = randomUUID();
    await this.options.store.set(versionKey(guildId), version);
    const cached = await this.indexes.get(guildId)?.catch(() => undefined);
    if (cached) cached.version = version;
  }

  private async read(guildId: string): Promise<LoadedIndex> {
    const version = this.options.shared ? await this.options.store.get(versionKey(guildId)) : undefined;
    const info = await this.options.embedder.ready();
    const current = stamp(info);
    const index = new GuildIndex(info.dimensions, undefined, { loading: true });
    let stale = 0;
    let corrupt = 0;
    // Straight into the index, one document at a time: holding every decoded document until the end
    // would double the memory a large server needs while it loads, and leave it fragmented after.
    for await (const [key, raw] of this.options.store.scan(docPrefix(guildId))) {
      try {
        const { doc, vectors } = decodeDocument(raw, info.dimensions);
        if (!sameModel(doc.model, current)) {
          stale++;
          continue;
        }
        const { vectors: _, ...fields } = doc;
        index.add(fields, vectors);
      } catch (error) {
        corrupt++;
        this.options.logger.warn({ key, err: error }, 'skipping corrupt knowledge-base entry');
      }
    }
    index.finishLoad();
    return { index, version, stale, corrupt };
  }

  private async embedDocument(
    text: string,
    title: string | null,
    info: ModelInfo,
  ): Promise<{ chunks: Span[]; vectors: Float32Array }> {
    let chunks = sentenceWindows(text);
    const input = (c: Span) => windowInput(text, c, title);
    let embeddings: Embedding[] = await this.options.embedder.embedMany(chunks.map(input));
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
      embeddings = await this.options.embedder.embedMany(chunks.map(input));
    }
    const vectors = new Float32Array(chunks.length * info.dimensions);
    embeddings.forEach((e, i) => {
      vectors.set(e.vector, i * info.dimensions);
    });
    return { chunks, vectors };
  }

  private withLock<T>(guildId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(guildId) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.catch(() => undefined);
    this.locks.set(guildId, settled);
    void settled.then(() => {
      if (this.locks.get(guildId) === settled) this.locks.delete(guildId);
    });
    return run;
  }
}

const wordsIn = (text: string, span: Span): number =>
  text.slice(span.start, span.end).split(/\s+/).filter(Boolean).length;

const stamp = (info: ModelInfo): ModelStamp => ({ id: info.modelId, dtype: info.dtype, window: info.window });

/** Reciprocal rank fusion (k = 60) of the semantic and keyword rankings; the score shown is the cosine. */
function fuse(
  semantic: ChunkHit[],
  keyword: ChunkHit[],
  k: number,
  index: GuildIndex,
  query: Float32Array,
): ChunkHit[] {
  const fused = new Map<string, { rrf: number; chunk: number }>();
  const addRanking = (hits: ChunkHit[]) =>
    hits.forEach((hit, rank) => {
      const entry = fused.get(hit.id) ?? { rrf: 0, chunk: hit.chunk };
      entry.rrf += 1 / (60 + rank + 1);
      fused.set(hit.id, entry);
    });
  addRanking(semantic);
  addRanking(keyword);
  return [...fused]
    .sort((a, b) => b[1].rrf - a[1].rrf)
    .slice(0, k)
    .map(([id, { chunk }]) => {
      const vectors = index.vectorsOf(id);
      return { id, chunk, score: Math.max(...vectors.map((v) => cosine(v, query))) };
    });
}

export interface ImportError {
  line: number;
  message: string;
  /** The line's text is already in the knowledge base. */
  duplicate?: true;
}

interface ImportEntry {
  line: number;
  text: string;
  title?: string;
}

export function parseImport(content: string): (ImportEntry | { line: number; error: string })[] {
  const lines = content.split(/\r?\n/);
  const looksJsonl =
    lines
      .find((l) => l.trim() !== '')
      ?.trim()
      .startsWith('{') ?? false;
  if (looksJsonl) {
    return lines.flatMap((raw, i): (ImportEntry | { line: number; error: string })[] => {
      if (raw.trim() === '') return [];
      try {
        const value = JSON.parse(raw) as { text?: unknown; title?: unknown };
        if (typeof value.text !== 'string' || value.text.trim() === '')
          return [{ line: i + 1, error: 'no "text" field' }];
        if (value.title !== undefined && value.title !== null && typeof value.title !== 'string') {
          return [{ line: i + 1, error: '"title" must be a string' }];
        }
        return [
          {
            line: i + 1,
            text: value.text,
            ...(typeof value.title === 'string' ? { title: value.title } : {}),
          },
        ];
      } catch {
        return [{ line: i + 1, error: 'not valid JSON' }];
      }
    });
  }
  const out: ImportEntry[] = [];
  let start = -1;
  let buffer: string[] = [];
  const flush = () => {
    if (buffer.length > 0) out.push({ line: start + 1, text: buffer.join('\n') });
    buffer = [];
  };
  lines.forEach((l, i) => {
    if (l.trim() === '') flush();
    else {
      if (buffer.length === 0) start = i;
      buffer.push(l);
    }
  });
  flush();
  return out;
}
