import { afterAll, describe, expect, it } from 'vitest';
import {
  readability,
  UNREADABLE_NOTE,
  unreadable,
  unreadableDocument,
  unreadableNote,
} from '../../src/embedding/readable.ts';
import { describeWithModel, realEmbedder } from '../helpers/model.ts';

describe('unreadable', () => {
  it('is true only when more than half of the content pieces are [UNK]', () => {
    expect(unreadable({ tokens: 5, unknown: 3 })).toBe(true); // [CLS] ? ? ? [SEP]
    expect(unreadable({ tokens: 3, unknown: 1 })).toBe(true);
    expect(unreadable({ tokens: 6, unknown: 2 })).toBe(false); // exactly half is not "most"
    expect(unreadable({ tokens: 6, unknown: 0 })).toBe(false);
    expect(unreadable({ tokens: 2, unknown: 0 })).toBe(false);
  });

  it('says nothing when the embedder did not count (test fakes)', () => {
    expect(unreadable({ tokens: 3 })).toBe(false);
  });
});

describe('readability', () => {
  it('names each unreadable text once, in order, and is empty (nothing to spread) when all are readable', () => {
    const bad = { tokens: 4, unknown: 2 };
    const good = { tokens: 4, unknown: 0 };
    expect(readability(['x', 'ok', 'y', 'x'], [bad, good, bad, bad])).toEqual({ unreadable: ['x', 'y'] });
    expect(readability(['ok', 'fine'], [good, good])).toEqual({});
    expect(readability(['ok', 'missing'], [good, undefined])).toEqual({});
  });

  it('words the note for one text or several', () => {
    expect(unreadableNote(1)).toBe(UNREADABLE_NOTE);
    expect(unreadableNote(2)).toMatch(/^Most of these texts are symbols .* their scores say little/);
  });
});

describe('unreadableDocument', () => {
  it('counts every window together', () => {
    // Two windows: 3 of 4 pieces unknown, then 0 of 4: 3 of 8 overall is not most.
    expect(
      unreadableDocument([
        { tokens: 6, unknown: 3 },
        { tokens: 6, unknown: 0 },
      ]),
    ).toBe(false);
    expect(
      unreadableDocument([
        { tokens: 6, unknown: 3 },
        { tokens: 6, unknown: 2 },
      ]),
    ).toBe(true);
  });

  it('leaves the title and its colon out: a readable title does not make unreadable text readable', () => {
    // A 5-piece title, its colon and 3 unknown pieces: 3 unknown of 9 pieces, but all 3 of the text's own.
    const title = { tokens: 7, unknown: 0 };
    expect(unreadableDocument([{ tokens: 11, unknown: 3 }])).toBe(false);
    expect(unreadableDocument([{ tokens: 11, unknown: 3 }], title)).toBe(true);
    // An unreadable title over readable text is not refused.
    expect(unreadableDocument([{ tokens: 9, unknown: 2 }], { tokens: 4, unknown: 2 })).toBe(false);
  });

  it('says nothing when the embedder did not count (test fakes)', () => {
    expect(unreadableDocument([{ tokens: 6 }])).toBe(false);
    expect(unreadableDocument([{ tokens: 6, unknown: 4 }], { tokens: 3 })).toBe(false);
  });
});

describeWithModel('unreadable text on the real model', () => {
  const embedder = realEmbedder();
  afterAll(() => embedder.close());

  it('flags emoji-only text, which the tokenizer turns into [UNK]', async () => {
    const [party, cat] = await embedder.embedMany(['😀🎉🔥', '🐱']);
    expect(await embedder.pieces('😀🎉🔥')).toContain('[UNK]');
    expect(party!.unknown).toBeGreaterThan(0);
    expect(unreadable(party!)).toBe(true);
    expect(unreadable(cat!)).toBe(true);
  });

  it('leaves ordinary text, and text with an emoji or two, readable', async () => {
    const [plain, mixed, accents] = await embedder.embedMany([
      'The cat sits on the mat',
      'I love pizza 🍕 so much',
      'Café crème brûlée à la carte',
    ]);
    expect(plain!.unknown).toBe(0);
    expect(unreadable(plain!)).toBe(false);
    expect(mixed!.unknown).toBeGreaterThan(0);
    expect(unreadable(mixed!)).toBe(false);
    expect(unreadable(accents!)).toBe(false);
  });

  it('flags cuneiform and Linear B, scripts the vocabulary lacks, even under a readable title', async () => {
    const [cuneiform, linearB, titled, title] = await embedder.embedMany([
      '𒀭𒂗𒆤 𒈗 𒆠𒂗𒂠',
      '𐀀𐀩𐀏 𐀞𐀺𐀒',
      'Code of Hammurabi: 𒀭𒂗𒆤 𒈗 𒆠𒂗𒂠',
      'Code of Hammurabi',
    ]);
    expect(unreadable(cuneiform!)).toBe(true);
    expect(unreadable(linearB!)).toBe(true);
    expect(unreadable(titled!)).toBe(false);
    expect(unreadableDocument([titled!], title)).toBe(true);
  });
});
