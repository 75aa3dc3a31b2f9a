import { describe, expect, it } from 'vitest';
import type { IndexedDocument } from '../../src/kb/document.ts';
import { IndexEntry } from '../../src/kb/entry.ts';

const fields = (over: Partial<IndexedDocument> = {}): IndexedDocument => ({
  v: 1,
  id: 'abc',
  title: 'A title',
  text: 'First sentence. Second sentence.',
  addedBy: '42',
  addedAt: '2026-11-27T10:11:12.345Z',
  model: { id: 'm', dtype: 'fp32', window: 256 },
  chunks: [{ start: 0, end: 32 }],
  ...over,
});

describe('IndexEntry', () => {
  it('gives back every field it was made from', () => {
    const entry = new IndexEntry(fields(), '42', 7);
    expect({ ...pick(entry) }).toEqual({
      id: 'abc',
      title: 'A title',
      text: 'First sentence. Second sentence.',
      addedBy: '42',
      addedAt: '2026-11-27T10:11:12.345Z',
      chunks: [{ start: 0, end: 32 }],
    });
    expect(entry.fingerprint).toBe(7);
  });

  it('keeps a time that is not canonical ISO text exactly as written', () => {
    for (const addedAt of ['2026-11-27T10:11:12Z', 'yesterday', '2026-11-27', '']) {
      expect(new IndexEntry(fields({ addedAt }), '42', 0).addedAt).toBe(addedAt);
    }
  });

  it('keeps the spans of a document of several chunks, and of one chunk that is not the whole text', () => {
    const several = [
      { start: 0, end: 15 },
      { start: 10, end: 32 },
    ];
    expect(new IndexEntry(fields({ chunks: several }), '42', 0).chunks).toEqual(several);
    const part = [{ start: 6, end: 15 }];
    expect(new IndexEntry(fields({ chunks: part }), '42', 0).chunks).toEqual(part);
    expect(new IndexEntry(fields({ chunks: several }), '42', 0).chunkText(1)).toBe('ence. Second sentence.');
    expect(new IndexEntry(fields({ chunks: several }), '42', 0).chunkText(9)).toBe('First sentence.');
  });
});

function pick(e: IndexEntry) {
  return { id: e.id, title: e.title, text: e.text, addedBy: e.addedBy, addedAt: e.addedAt, chunks: e.chunks };
}
