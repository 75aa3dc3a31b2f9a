import { UserError } from '../errors.ts';

/** One knowledge-base document as stored under its own key. */
export interface StoredDocument {
  v: 1;
  id: string;
  title: string | null;
  text: string;
  addedBy: string;
  addedAt: string;
  /** The model the vectors were made with; vectors from another model are never mixed in. */
  model: ModelStamp;
  /** Character ranges of `text`, one per vector. */
  chunks: { start: number; end: number }[];
  /** chunks.length × dimensions little-endian float32, base64. */
  vectors: string;
}

export interface ModelStamp {
  id: string;
  dtype: string;
  window: number;
}

export const sameModel = (a: ModelStamp, b: ModelStamp): boolean =>
  a.id === b.id && a.dtype === b.dtype && a.window === b.window;

/** Guild ids are snowflakes; checking the shape keeps every key prefix unambiguous. */
export function checkGuildId(guildId: string): string {
  if (!/^\d{1,20}$/.test(guildId)) throw new UserError(`"${guildId}" is not a server id (a number).`);
  return guildId;
}

// The trailing ':' matters: "kb:1:doc:" can never be a prefix of "kb:10:doc:…".
export const docPrefix = (guildId: string): string => `kb:${checkGuildId(guildId)}:doc:`;
export const docKey = (guildId: string, id: string): string => `${docPrefix(guildId)}${id}`;
export const settingsKey = (guildId: string): string => `kb:${checkGuildId(guildId)}:settings`;
/** Rewritten with a fresh random value on every change, for processes that share a store. */
export const versionKey = (guildId: string): string => `kb:${checkGuildId(guildId)}:version`;

export function encodeVectors(vectors: Float32Array): string {
  const bytes = Buffer.alloc(vectors.length * 4);
  for (let i = 0; i < vectors.length; i++) bytes.writeFloatLE(vectors[i]!, i * 4);
  return bytes.toString('base64');
}

export function decodeVectors(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length % 4 !== 0) throw new Error('vector bytes are not a whole number of float32 values');
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}

/** The form used to spot exact duplicates: Unicode NFKC, whitespace runs folded to one space. */
export function foldText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/**
 * Parses a stored value; throws with the reason when it is not a usable document. Without
 * `dimensions` the row's own vector length decides them (the caller compares rows with each other).
 */
export function decodeDocument(
  raw: string,
  dimensions?: number,
): { doc: StoredDocument; vectors: Float32Array; dimensions: number } {
  const doc = JSON.parse(raw) as StoredDocument;
  if (
    doc?.v !== 1 ||
    typeof doc.id !== 'string' ||
    typeof doc.text !== 'string' ||
    !Array.isArray(doc.chunks) ||
    typeof doc.vectors !== 'string' ||
    typeof doc.addedBy !== 'string' ||
    typeof doc.addedAt !== 'string' ||
    (doc.title !== null && typeof doc.title !== 'string') ||
    typeof doc.model !== 'object' ||
    doc.model === null
  ) {
    throw new Error('not a version-1 document');
  }
  const vectors = decodeVectors(doc.vectors);
  const dims = dimensions ?? vectors.length / Math.max(1, doc.chunks.length);
  if (
    doc.chunks.length === 0 ||
    !Number.isInteger(dims) ||
    dims < 1 ||
    vectors.length !== doc.chunks.length * dims
  ) {
    throw new Error(`expected ${doc.chunks.length} × ${dims} values, found ${vectors.length}`);
  }
  if (!vectors.every(Number.isFinite)) throw new Error('vector holds a non-finite value');
  const spansOk = doc.chunks.every(
    (c) => Number.isInteger(c?.start) && Number.isInteger(c?.end) && c.start >= 0 && c.start <= c.end,
  );
  if (!spansOk) throw new Error('a chunk is not a range of numbers');
  return { doc, vectors, dimensions: dims };
}

/** Time-ordered ids, so listing by key lists oldest first. */
export function newDocumentId(now = Date.now()): string {
  const random = Math.floor(Math.random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0');
  return `${now.toString(36).padStart(9, '0')}${random}`;
}

/** A document without its vectors, as the index keeps it. */
export type IndexedDocument = Omit<StoredDocument, 'vectors'>;
