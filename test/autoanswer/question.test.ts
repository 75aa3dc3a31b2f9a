import { describe, expect, it } from 'vitest';
import { looksLikeQuestion, questionText, worthAsking } from '../../src/autoanswer/question.ts';

describe('questions', () => {
  it('asks the knowledge base only about a few words of text', () => {
    expect(worthAsking('ok thanks')).toBe(false);
    expect(worthAsking('😂😂😂 !!!')).toBe(false);
    expect(worthAsking('how do refunds work')).toBe(true);
  });

  it('keeps questions as gaps, not chatter', () => {
    expect(looksLikeQuestion('How do I reset my password')).toBe(true);
    expect(looksLikeQuestion('anyone know where the logs are kept')).toBe(true);
    expect(looksLikeQuestion('the server is down again?')).toBe(true);
    expect(looksLikeQuestion('lol that was a great match yesterday')).toBe(false);
  });

  it('drops mentions, custom emoji and links from the question', () => {
    expect(
      questionText('<@123456789012345678> how do I <:wave:123456789012345678> see https://x.y/z the   logs?'),
    ).toBe('how do I see the logs?');
    expect(questionText('a'.repeat(2000))).toHaveLength(1000);
  });
});
