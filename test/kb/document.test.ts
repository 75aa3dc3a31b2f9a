import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import {
  checkGuildId,
  decodeDocument,
  decodeVectors,
  docKey,
  docPrefix,
  encodeVectors,
  foldText,
  newDocumentId,
  type StoredDocument,
  settingsKey,
} from '../../src/kb/document.ts';
import { bits, SPECIAL_FLOATS } from '../helpers/kb.ts';

function storedDoc(vectors: Float32Array, chunks: number, extra: Partial<StoredDocument> = {}): string {
  return JSON.stringify({
    v: 1,
    id: 'abc',
    title: null,
    text: 'some text',
    addedBy: 'u',
    addedAt: '2024-01-01T00:00:00.000Z',
    model: { id: 'm', dtype: 'fp32', window: 256 },
    chunks: Array.from({ length: chunks }, () => ({ start: 0, end: 9 })),
    vectors: encodeVectors(vectors),
    ...extra,
  });
}

describe('vector encoding', () => {
  it('round-trips -0, subnormals, the float32 extremes and ordinary values bit for bit', () => {
    const original = Float32Array.from(SPECIAL_FLOATS);
    const decoded = decodeVectors(encodeVectors(original));
    expect(decoded.length).toBe(original.length);
    for (let i = 0; i < original.length; i++) {
      expect(Object.is(decoded[i], original[i]), `element ${i}: ${original[i]} → ${decoded[i]}`).toBe(true);
    }
    expect(bits(decoded)).toEqual(bits(original));
    // The values really are the special ones (the test would be weak if float32 had flushed them).
    expect(Object.is(original[0], -0)).toBe(true);
    expect(original[2]).toBeGreaterThan(0);
    expect(original[2]).toBe(original[4]);
    expect(original[8]).toBe(3.4028234663852886e38);
  });

  it('round-trips every bit pattern of a wide sample (little-endian, 4 bytes each)', () => {
    const raw = new Uint32Array(4096);
    for (let i = 0; i < raw.length; i++) raw[i] = Math.imul(i, 2654435761) >>> 0;
    // Keep finite values only (NaN payloads are not promised to survive).
    const values = new Float32Array(raw.buffer).filter(Number.isFinite);
    const encoded = encodeVectors(values);
    const bytes = Buffer.from(encoded, 'base64');
    expect(bytes.length).toBe(values.length * 4);
    expect(bytes.readUInt32LE(4)).toBe(bits(values)[1]);
    expect(bits(decodeVectors(encoded))).toEqual(bits(values));
  });

  it('refuses bytes that are not whole float32 values', () => {
    expect(() => decodeVectors(Buffer.from([1, 2, 3]).toString('base64'))).toThrow(/whole number/);
  });
});

describe('decodeDocument', () => {
  const dims = 3;
  it('accepts a valid document and returns its vectors', () => {
    const vectors = Float32Array.from([-0, 1e-45, 3.4028234663852886e38, 1, 2, 3]);
    const { doc, vectors: out } = decodeDocument(storedDoc(vectors, 2), dims);
    expect(doc.id).toBe('abc');
    expect(bits(out)).toEqual(bits(vectors));
  });

  it.each([
    ['garbage', '{not json'],
    ['null', 'null'],
    ['a string', '"text"'],
    ['a wrong version', storedDoc(new Float32Array(3), 1, { v: 2 as 1 })],
    ['no text', storedDoc(new Float32Array(3), 1, { text: undefined as unknown as string })],
    ['a wrong vector length', storedDoc(new Float32Array(4), 1)],
    ['vectors for fewer chunks', storedDoc(new Float32Array(3), 2)],
    ['no chunks', storedDoc(new Float32Array(0), 0)],
    ['a non-finite value', storedDoc(Float32Array.from([1, Number.NaN, 0]), 1)],
    ['an infinite value', storedDoc(Float32Array.from([1, Number.POSITIVE_INFINITY, 0]), 1)],
    [
      'vectors that are not base64 text',
      storedDoc(new Float32Array(3), 1, { vectors: 12 as unknown as string }),
    ],
  ])('rejects %s', (_, raw) => {
    expect(() => decodeDocument(raw, dims)).toThrow();
  });
});

describe('keys and text folding', () => {
  it('builds prefixes that never match another server', () => {
    expect(docPrefix('1')).toBe('kb:1:doc:');
    expect(docKey('10', 'x').startsWith(docPrefix('1'))).toBe(false);
    expect(docKey('11', 'x').startsWith(docPrefix('1'))).toBe(false);
    expect(settingsKey('1').startsWith(docPrefix('1'))).toBe(false);
  });

  it.each(['', 'abc', '1:2', '1 ', '-1', '1*', '123456789012345678901'])('refuses guild id %j', (id) => {
    expect(() => checkGuildId(id)).toThrow(UserError);
    expect(() => docPrefix(id)).toThrow(UserError);
  });

  it('folds NFKC-equivalent text and whitespace to one form', () => {
    expect(foldText('  Ｆｕｌｌ\u00a0ｗｉｄｔｈ  \n\n ﬁne\t')).toBe('Full width fine');
    expect(foldText('The cat')).not.toBe(foldText('The cat.'));
  });

  it('makes time-ordered ids', () => {
    const earlier = newDocumentId(1_700_000_000_000);
    const later = newDocumentId(1_700_000_000_001);
    expect(earlier < later).toBe(true);
    expect(earlier).toMatch(/^[0-9a-z]{13}$/);
  });
});
