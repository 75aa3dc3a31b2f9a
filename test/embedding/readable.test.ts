import { afterAll, describe, expect, it } from 'vitest';
import { unreadable } from '../../src/embedding/readable.ts';
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
});
