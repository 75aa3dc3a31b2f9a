import { describe, expect, it } from 'vitest';
import { UserError } from '../src/errors.ts';
import { hasVisibleText, requireText } from '../src/text.ts';

const ZWSP = '\u200B';
const ZWNJ = '\u200C';
const ZWJ = '\u200D';
const WORD_JOINER = '\u2060';
const BOM = '\uFEFF';
const SOFT_HYPHEN = '\u00AD';

/** Runs `fn` and returns the UserError it throws; fails the test otherwise. */
function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a UserError, but nothing was thrown');
}

describe('hasVisibleText', () => {
  it('is true for ordinary text', () => {
    expect(hasVisibleText('hello')).toBe(true);
    expect(hasVisibleText('  a  ')).toBe(true);
    expect(hasVisibleText('.')).toBe(true);
    expect(hasVisibleText('日本語')).toBe(true);
    expect(hasVisibleText('🙂')).toBe(true);
  });

  it('is false for empty and whitespace-only text', () => {
    expect(hasVisibleText('')).toBe(false);
    expect(hasVisibleText(' ')).toBe(false);
    expect(hasVisibleText(' \t\n\r ')).toBe(false);
    expect(hasVisibleText('\u00A0\u3000')).toBe(false); // no-break space, ideographic space
  });

  it('is false for text made only of invisible characters', () => {
    for (const ch of [ZWSP, ZWNJ, ZWJ, WORD_JOINER, BOM, SOFT_HYPHEN]) {
      expect(hasVisibleText(ch)).toBe(false);
      expect(hasVisibleText(ch.repeat(5))).toBe(false);
    }
    expect(hasVisibleText(`${ZWSP}${BOM}${WORD_JOINER}`)).toBe(false);
    expect(hasVisibleText(` ${ZWSP} \n ${WORD_JOINER} `)).toBe(false);
  });

  it('is true when invisible characters surround visible ones', () => {
    expect(hasVisibleText(`${ZWSP}a${BOM}`)).toBe(true);
    expect(hasVisibleText(`${WORD_JOINER} x ${ZWSP}`)).toBe(true);
  });

  it('can be called repeatedly (the global regex keeps no state between calls)', () => {
    for (let i = 0; i < 5; i++) {
      expect(hasVisibleText(ZWSP)).toBe(false);
      expect(hasVisibleText(`${ZWSP}a`)).toBe(true);
    }
  });
});

describe('requireText', () => {
  it('returns the text trimmed', () => {
    expect(requireText('hello')).toBe('hello');
    expect(requireText('  hello world \n')).toBe('hello world');
    expect(requireText('\t a b \t')).toBe('a b');
    expect(requireText(`${BOM}hi${BOM}`)).toBe('hi');
  });

  it('keeps inner whitespace and visible text next to invisible characters', () => {
    expect(requireText('a   b')).toBe('a   b');
    expect(requireText(`  ${ZWSP}a `)).toBe(`${ZWSP}a`);
  });

  it('refuses empty text, naming the label', () => {
    const err = userError(() => requireText('', 'sentence A'));
    expect(err.message).toBe('The sentence A is empty: give some words to embed.');
    expect(err.name).toBe('UserError');
  });

  it('refuses whitespace-only text as empty', () => {
    for (const text of [' ', '   \n\t', '\u00A0']) {
      expect(userError(() => requireText(text, 'query')).message).toBe(
        'The query is empty: give some words to embed.',
      );
    }
  });

  it('uses "text" as the default label', () => {
    expect(userError(() => requireText('')).message).toBe('The text is empty: give some words to embed.');
    expect(userError(() => requireText(undefined)).message).toBe('The text is missing.');
  });

  it('refuses zero-width-only text, naming the label', () => {
    for (const text of [
      ZWSP,
      WORD_JOINER,
      `${ZWSP}${WORD_JOINER}`,
      ` ${ZWSP} `,
      ZWSP.repeat(10),
      ZWJ,
      SOFT_HYPHEN,
    ]) {
      const err = userError(() => requireText(text, 'sentence B'));
      expect(err.message).toBe('The sentence B has only invisible characters: give some words to embed.');
    }
  });

  it('refuses BOM-only text, naming the label', () => {
    // U+FEFF counts as whitespace for String.prototype.trim, so it is reported as empty.
    for (const text of [BOM, `${BOM}${BOM}`, ` ${BOM} `]) {
      const err = userError(() => requireText(text, 'note'));
      expect(err.message).toContain('The note ');
      expect(err.message).toContain('give some words to embed');
    }
    // Mixed with other invisible characters it is reported as invisible.
    expect(userError(() => requireText(`${ZWSP}${BOM}`, 'note')).message).toBe(
      'The note has only invisible characters: give some words to embed.',
    );
  });

  it('refuses non-strings, naming the label', () => {
    for (const value of [undefined, null, 42, 0, true, {}, ['a'], Symbol('s'), new String('boxed')]) {
      const err = userError(() => requireText(value, 'word'));
      expect(err.message).toBe('The word is missing.');
    }
  });

  it('enforces maxLength on the trimmed text', () => {
    expect(requireText('abcde', 'text', 5)).toBe('abcde');
    expect(requireText('   abcde   ', 'text', 5)).toBe('abcde');
    const err = userError(() => requireText('abcdef', 'message', 5));
    expect(err.message).toBe('The message is 6 characters long; the limit is 5.');
    const err2 = userError(() => requireText(`  ${'x'.repeat(101)}  `, 'entry', 100));
    expect(err2.message).toBe('The entry is 101 characters long; the limit is 100.');
  });

  it('has no length limit by default', () => {
    const long = 'y'.repeat(100_000);
    expect(requireText(long)).toBe(long);
  });

  it('reports emptiness before length', () => {
    expect(userError(() => requireText(ZWSP.repeat(20), 'text', 5)).message).toBe(
      'The text has only invisible characters: give some words to embed.',
    );
  });
});
