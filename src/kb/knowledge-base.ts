import type { ModelInfo, TextEmbedder } from '../embedding/embedder.ts';
import { UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { requireText } from '../text.ts';
import {
  checkGuildId,
  docKey,
  docPrefix,
  encodeVectors,
  type ModelStamp,
  newDocumentId,
  type StoredDocument,
  settingsKey,
} from './document.ts';
import { embedDocument } from './embed-document.ts';
import type { DocumentView } from './entry.ts';
import { fuse } from './fusion.ts';
import { type ChunkHit, GuildIndex } from './guild-index.ts';
import { type ImportResult, ImportStopped, runImport } from './import-run.ts';
import { IndexCache, type LoadedIndex } from './index-cache.ts';
import { passageAround } from './passages.ts';
import { questionCore } from './query-text.ts';
import { readIndex } from './read-index.ts';
import { DOCUMENT_WEIGHT, RERANK_POOL, rerankByDocument } from './rerank.ts';
import { DEFAULT_SETTINGS, type KbSettings, parseSettings, validThreshold } from './settings.ts';
import type { KvStore } from './store.ts';

export { type ImportError, parseImport } from './import-parse.ts';
export type { ImportResult } from './import-run.ts';
export { DEFAULT_SETTINGS, type KbSettings } from './settings.ts';

export const MAX_DOCUMENT = 100_000;
export const MAX_TITLE = 100;
export const NEAR_DUPLICATE = 0.95;

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
   * The model documents are embedded with, when known without loading it (from the settings):
   * commands that only read the store (list, stats, export, remove, clear) then never start the
   * model. Without it the embedder is asked.
   */
  model?: ModelStamp;
  /** Most bytes the loaded servers may hold together (least recently used ones are let go). */
  memoryBytes?: number;
  /** Weight of the whole document next to its best window when ranking by meaning (src/kb/rerank.ts). */
  documentWeight?: number;
  /** Search by meaning with chat openers and closers removed from the query (src/kb/query-text.ts); default true. */
  questionCore?: boolean;
}

/** The exact text is already stored (an import counts these apart from real failures). */
export class DuplicateError extends UserError {}

export const UNREADABLE_DOCUMENT =
  'That document is mostly symbols the model cannot read (shown to it as [UNK]): it would match every other unreadable text and nothing it means, so it was not added.';

/** A document title, or the start of its text. */
export const label = (doc: { title: string | null; text: string }, max = 60): string => {
  const base = doc.title ?? doc.text.replace(/\s+/g, ' ').trim();
  return base.length > max ? `${base.slice(0, max - 1)}…` : base;
};

const stamp = (info: ModelInfo): ModelStamp => ({ id: info.modelId, dtype: info.dtype, window: info.window });

/** Keys reported as corrupt are remembered up to this many, so each is logged once. */
const REPORTED_LIMIT = 10_000;

/**
 * Every server's knowledge base. Each document is one key, written only after its vectors are
 * ready; writes for one server run one at a time under that server's lock, which is where the
 * quota and duplicate checks happen. Indexes load lazily, follow every successful write, and are
 * re-read when another process has changed the server (see IndexCache).
 */
export class KnowledgeBase {
  private readonly cache: IndexCache;
  private readonly reported = new Set<string>();
  /** The model's vector size once it has been loaded in this process. */
  private dimensions: number | undefined;
  readonly quota: number;

  constructor(private readonly options: KnowledgeBaseOptions) {
    this.quota = options.quota ?? 10_000;
    this.cache = new IndexCache(options.store, (guildId) => this.read(guildId), options.memoryBytes);
  }

  /** The store, for data kept beside the documents under the same server prefix (auto-answers). */
  get store(): KvStore {
    return this.options.store;
  }

  async add(
    guildId: string,
    input: { text: string; title?: string | undefined; addedBy: string },
    options: { stop?: () => boolean } = {},
  ): Promise<AddResult> {
    checkGuildId(guildId);
    const text = requireText(input.text, 'document', MAX_DOCUMENT);
    const title =
      input.title === undefined || input.title.trim() === ''
        ? null
        : requireText(input.title, 'title', MAX_TITLE);
    const info = await this.model();
    // Embedding happens outside the lock so that concurrent adds share model batches.
    const { chunks, vectors, unreadable } = await embedDocument(
      this.options.embedder,
      text,
      title,
      info.dimensions,
    );
    // Its vectors would match every other unreadable text, and nothing it means.
    if (unreadable) throw new UserError(UNREADABLE_DOCUMENT, { code: 'kb.unreadable' });
    return this.cache.withLock(guildId, async () => {
      const loaded = await this.usable(guildId);
      if (loaded.index.dimensions !== info.dimensions) {
        if (loaded.index.size > 0)
          throw new Error(
            `stored vectors have ${loaded.index.dimensions} values, the model makes ${info.dimensions}`,
          );
        loaded.index = new GuildIndex(info.dimensions);
      }
      const { index } = loaded;
      const existing = index.duplicateOf(text);
      if (existing) {
        const title = label(index.docs.get(existing)!);
        throw new DuplicateError(
          `That text is already in the knowledge base as "${title}" (id ${existing}).`,
          { code: 'kb.duplicate', context: { id: existing, title } },
        );
      }
      if (index.size >= this.quota) {
        throw new UserError(
          `This server's knowledge base is full (${this.quota} documents). Remove some first.`,
          { code: 'kb.full', context: { quota: this.quota } },
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
      if (options.stop?.()) throw new ImportStopped();
      await this.options.store.set(docKey(guildId, doc.id), JSON.stringify(doc));
      const { vectors: _, ...fields } = doc;
      index.add(fields, vectors);
      await this.bump(guildId, loaded);
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
    return this.cache.withLock(guildId, async () => {
      const loaded = await this.load(guildId);
      const doc = loaded.index.docs.get(id);
      if (!doc)
        throw new UserError(`There is no document with id "${id}" in this server's knowledge base.`, {
          code: 'kb.no-document',
          context: { id },
        });
      await this.options.store.delete(docKey(guildId, id));
      loaded.index.remove(id);
      await this.bump(guildId, loaded);
      return doc;
    });
  }

  /** Deletes every document of this server (and only this server): one key at a time. */
  async clear(guildId: string): Promise<number> {
    checkGuildId(guildId);
    return this.cache.withLock(guildId, async () => {
      let removed = 0;
      try {
        for await (const [key] of this.options.store.scan(docPrefix(guildId))) {
          await this.options.store.delete(key);
          removed++;
        }
      } finally {
        // Even a clear that failed half-way has changed the store: reload from it next time.
        await this.cache.bump(guildId);
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
      const meaning = this.options.questionCore === false ? text : questionCore(text);
      const q = (await this.options.embedder.embed(meaning)).vector;
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
      graph: index.graph,
      settings: await this.settings(guildId),
    };
  }

  /** The server's settings; a stored field of the wrong type or range reads as its default. */
  async settings(guildId: string): Promise<KbSettings> {
    const key = settingsKey(guildId);
    const raw = await this.options.store.get(key);
    if (raw === undefined) return { ...DEFAULT_SETTINGS };
    const { settings, bad } = parseSettings(raw);
    if (bad.length > 0) this.reportCorrupt(key, new Error(`bad settings: ${bad.join(', ')}`));
    return settings;
  }

  async updateSettings(guildId: string, change: Partial<KbSettings>): Promise<KbSettings> {
    if (change.threshold !== undefined && !validThreshold(change.threshold)) {
      throw new UserError('The threshold is a cosine: a number from -1 to 1.', { code: 'kb.threshold' });
    }
    return this.cache.withLock(guildId, async () => {
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
   * separated paragraph). Valid entries are kept; every bad line is reported with its number. The
   * first storage failure stops the import: later lines would fail the same way.
   */
  async import(
    guildId: string,
    content: string,
    addedBy: string,
    onProgress?: (done: number, total: number) => void,
  ): Promise<ImportResult> {
    const result = await runImport(
      content,
      (e, stop) => this.add(guildId, { text: e.text, title: e.title, addedBy }, { stop }),
      (error) => error instanceof DuplicateError,
      onProgress,
    );
    if (result.stopped) this.options.logger.error({ guild: guildId, ...result.stopped }, 'import stopped');
    return result;
  }

  /** Re-embeds every document with the current model (after a model change). */
  async reembed(guildId: string): Promise<{ documents: number }> {
    checkGuildId(guildId);
    return this.cache.withLock(guildId, async () => {
      const info = await this.model();
      let count = 0;
      try {
        for await (const [key, raw] of this.options.store.scan(docPrefix(guildId))) {
          let doc: StoredDocument;
          try {
            doc = JSON.parse(raw) as StoredDocument;
            if (typeof doc.text !== 'string') throw new Error('no text');
          } catch (error) {
            this.reportCorrupt(key, error);
            continue;
          }
          const { chunks, vectors } = await embedDocument(
            this.options.embedder,
            doc.text,
            doc.title ?? null,
            info.dimensions,
          );
          await this.options.store.set(
            key,
            JSON.stringify({ ...doc, model: stamp(info), chunks, vectors: encodeVectors(vectors) }),
          );
          count++;
        }
      } finally {
        await this.cache.bump(guildId);
      }
      return { documents: count };
    });
  }

  /** Drops cached indexes (tests use it to simulate a restart). */
  forget(): void {
    this.cache.clear();
  }

  /** Servers held in memory and their estimated size. */
  get memory(): { servers: number; bytes: number; budget: number } {
    return { ...this.cache.usage, budget: this.cache.budgetBytes };
  }

  /**
   * Stamps the server after a write that is already stored: if only the stamp fails, the write
   * still happened (an import's count must match the store), so it is logged, not thrown.
   */
  private async bump(guildId: string, loaded: LoadedIndex): Promise<void> {
    try {
      await this.cache.bump(guildId, loaded);
    } catch (error) {
      this.cache.drop(guildId);
      this.options.logger.warn({ err: error, guild: guildId }, 'could not stamp the server as changed');
    }
  }

  /** The loaded model (and, from then on, its vector size for reading rows). */
  private async model(): Promise<ModelInfo> {
    const info = await this.options.embedder.ready();
    this.dimensions = info.dimensions;
    return info;
  }

  private async currentStamp(): Promise<ModelStamp> {
    return this.options.model ?? stamp(await this.model());
  }

  private async usable(guildId: string): Promise<LoadedIndex> {
    const loaded = await this.load(guildId);
    if (loaded.stale > 0) {
      const model = await this.currentStamp();
      throw new UserError(
        `${loaded.stale} document(s) here were embedded with a different model than the bot now uses (${model.id}, ${model.dtype}). ` +
          'Mixing them would give wrong answers: an operator must re-embed them first.',
        {
          code: 'kb.stale-model',
          context: { count: loaded.stale, guild: guildId, model: `${model.id}, ${model.dtype}` },
        },
      );
    }
    return loaded;
  }

  private load(guildId: string): Promise<LoadedIndex> {
    checkGuildId(guildId);
    return this.cache.get(guildId);
  }

  private async read(guildId: string) {
    const model = await this.currentStamp();
    return readIndex(this.options.store, guildId, model, this.dimensions, (key, error) =>
      this.reportCorrupt(key, error),
    );
  }

  /** Logs a bad row the first time this process meets it (every load still counts it). */
  private reportCorrupt(key: string, error: unknown): void {
    if (this.reported.has(key)) return;
    if (this.reported.size >= REPORTED_LIMIT) this.reported.clear();
    this.reported.add(key);
    this.options.logger.warn({ key, err: error }, 'skipping corrupt knowledge-base entry');
  }
}
