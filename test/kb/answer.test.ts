import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAQ } from '../../eval/data/faq.ts';
import type { Embedder } from '../../src/embedding/embedder.ts';
import {
  chooseAnswer,
  DEFAULT_ANSWER_MARGIN,
  DEFAULT_ANSWER_THRESHOLD,
  decideAnswer,
} from '../../src/kb/answer.ts';
import { KnowledgeBase, type SearchResult } from '../../src/kb/knowledge-base.ts';
import { silentLogger, tempDir } from '../helpers/kb.ts';
import { describeWithModel, realEmbedder } from '../helpers/model.ts';

const result = (id: string, score: number): SearchResult => ({
  id,
  title: `Title ${id}`,
  snippet: `Snippet ${id}`,
  score,
  weak: false,
  addedBy: 'u',
  addedAt: '2026-01-01T00:00:00.000Z',
});

describe('chooseAnswer', () => {
  const rule = { threshold: 0.5, margin: 0.1 };

  it('stays quiet on an empty knowledge base', () => {
    expect(chooseAnswer([], rule)).toEqual({
      answer: null,
      alternatives: [],
      reason: 'the knowledge base is empty',
    });
  });

  it('stays quiet under the threshold and lists what it found', () => {
    const decision = chooseAnswer([result('a', 0.49), result('b', 0.2)], rule);
    expect(decision.answer).toBeNull();
    expect(decision.alternatives).toEqual([
      { id: 'a', title: 'Title a', score: 0.49 },
      { id: 'b', title: 'Title b', score: 0.2 },
    ]);
    expect(decision.reason).toBe('the best match scored 0.490, under the threshold 0.50');
  });

  it('stays quiet when the best document does not lead the next by the margin', () => {
    const decision = chooseAnswer([result('a', 0.62), result('b', 0.55)], rule);
    expect(decision.answer).toBeNull();
    expect(decision.alternatives.map((a) => a.id)).toEqual(['a', 'b']);
    expect(decision.reason).toBe('the best match (0.620) leads the next one (0.550) by less than 0.10');
  });

  it('answers with the best passage when it clears both, offering the others', () => {
    const decision = chooseAnswer([result('a', 0.62), result('b', 0.5), result('c', 0.3)], rule);
    expect(decision.answer).toEqual({ id: 'a', title: 'Title a', snippet: 'Snippet a', score: 0.62 });
    expect(decision.alternatives.map((a) => a.id)).toEqual(['b', 'c']);
    expect(decision.reason).toBe(
      'scored 0.620, at or above the threshold 0.50, 0.120 ahead of the next match',
    );
    // The threshold itself is enough; a lone document needs no margin.
    expect(chooseAnswer([result('a', 0.5)], rule).answer?.id).toBe('a');
  });
});

describeWithModel('the auto-answer decision on the real model', () => {
  let embedder: Embedder;
  let temp: Awaited<ReturnType<typeof tempDir>>;
  let kb: KnowledgeBase;
  const ids = new Map<string, string>();
  const G = '700';

  beforeAll(async () => {
    embedder = realEmbedder('fp32');
    temp = await tempDir();
    kb = new KnowledgeBase({ store: await temp.open(), embedder, logger: silentLogger() });
    for (const entry of FAQ) {
      ids.set(entry.id, (await kb.add(G, { text: entry.text, title: entry.title, addedBy: 'u' })).id);
    }
  });

  afterAll(async () => {
    await embedder?.close();
    await temp?.cleanup();
  });

  it.each([
    ['How do I reset my password?', 'password'],
    ['Can I get my money back for Forge+?', 'refund'],
    ['What are the minimum system requirements for the game?', 'requirements'],
  ])('answers "%s" with its FAQ entry', async (question, key) => {
    const decision = await decideAnswer(kb, G, question);
    expect(decision.answer?.id, decision.reason).toBe(ids.get(key));
    expect(decision.answer!.score).toBeGreaterThanOrEqual(DEFAULT_ANSWER_THRESHOLD);
    expect(decision.answer!.snippet).toBe(FAQ.find((f) => f.id === key)!.text);
    expect(decision.alternatives.length).toBe(2);
    expect(decision.answer!.score - decision.alternatives[0]!.score).toBeGreaterThanOrEqual(
      DEFAULT_ANSWER_MARGIN,
    );
  });

  it.each([
    'lol same',
    'good morning everyone',
    'anyone up for ranked tonight?',
    "what's everyone eating",
    'how do I cook rice without it getting sticky',
  ])('stays quiet on "%s"', async (line) => {
    const decision = await decideAnswer(kb, G, line);
    expect(decision.answer, decision.reason).toBeNull();
    expect(decision.alternatives.length).toBe(3);
  });

  it('answers a question typed with a chat opener, which the opener alone would hide', async () => {
    const question = 'sorry if this was asked before but my connection feels laggy during matches';
    const decision = await decideAnswer(kb, G, question);
    expect(decision.answer?.id, decision.reason).toBe(ids.get('lag'));
    const asTyped = new KnowledgeBase({
      store: await temp.open(),
      embedder,
      logger: silentLogger(),
      questionCore: false,
    });
    expect((await decideAnswer(asTyped, G, question)).answer).toBeNull();
  });

  it('ranks by the question inside the message, not by its opener', async () => {
    const message = 'hey guys, quick question: the game closes immediately after I open it';
    const [first] = await kb.search(G, message, 3);
    expect(first?.id).toBe(ids.get('crash'));
    const [plain] = await kb.search(G, 'the game closes immediately after I open it', 3);
    expect(first!.score).toBeCloseTo(plain!.score, 6);
  });

  it('answers nothing from an empty knowledge base', async () => {
    expect(await decideAnswer(kb, '701', 'How do I reset my password?')).toEqual({
      answer: null,
      alternatives: [],
      reason: 'the knowledge base is empty',
    });
  });
});
