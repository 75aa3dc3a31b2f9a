import { describe, expect, it } from 'vitest';
import { UserError } from '../src/errors.ts';
import { wordUserError } from '../src/user-messages.ts';

describe('wordUserError', () => {
  const stale = new UserError('2 document(s) need re-embedding.', {
    code: 'kb.stale-model',
    context: { count: 2, guild: '123', model: 'Xenova/all-MiniLM-L6-v2, fp32' },
  });

  it('words a known code for each transport with its own command', () => {
    expect(wordUserError(stale, 'cli')).toBe(
      '2 document(s) here were embedded with a different model than the bot now uses (Xenova/all-MiniLM-L6-v2, fp32). ' +
        'Mixing them would give wrong answers: run `embedbot kb reembed --guild 123`.',
    );
    expect(wordUserError(stale, 'discord')).toContain("on the bot's host");
  });

  it("keeps the error's own message when no transport wording exists", () => {
    expect(wordUserError(new UserError('Plain.'), 'cli')).toBe('Plain.');
    expect(
      wordUserError(new UserError('Coded.', { code: 'kb.full', context: { quota: 1 } }), 'discord'),
    ).toBe('Coded.');
  });
});
