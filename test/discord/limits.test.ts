import { describe, expect, it } from 'vitest';
import { clip, LIMITS, userText } from '../../src/discord/limits.ts';
import { LONE_SURROGATE } from './support.ts';

const graphemes = (text: string): string[] =>
  [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((g) => g.segment);

/**
 * Everything clip promises for one (text, max): unchanged when it fits; otherwise whole leading
 * characters, as many as fit in max − 1 units, then "…".
 */
function expectClip(text: string, max: number): string {
  const out = clip(text, max);
  if (text.length <= max) {
    expect(out).toBe(text);
    return out;
  }
  expect(out.length).toBeLessThanOrEqual(max);
  expect(out.endsWith('…')).toBe(true);
  expect(out).not.toMatch(LONE_SURROGATE);
  const kept = out.slice(0, -1);
  const all = graphemes(text);
  // The kept part is a whole number of characters from the start…
  let n = 0;
  let prefix = '';
  while (prefix.length < kept.length && n < all.length) prefix += all[n++];
  expect(prefix).toBe(kept);
  // …and the next character would not have fitted.
  expect(kept.length + (all[n]?.length ?? 0)).toBeGreaterThan(max - 1);
  return out;
}

const FAMILY = '👨‍👩‍👧‍👦'; // four people joined by ZWJ: 11 UTF-16 units, one character
const CODER = '👩🏽‍💻'; // skin tone + ZWJ: 7 units
const FLAG = '🇫🇷'; // two regional indicators: 4 units
const KEYCAP = '1️⃣'; // digit + VS16 + combining keycap: 3 units
const ARABIC = 'بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ'; // letters carrying harakat
const HEBREW = 'שָׁלוֹם עוֹלָם, מָה שְׁלוֹמְךָ?'; // letters carrying niqqud
const MIXED = 'Hello ‏مرحبا بالعالم‏ and שָׁלוֹם 👋🏾 again'; // LTR + RTL + marks + emoji

describe('clip', () => {
  it('leaves text that fits alone, up to exactly the limit', () => {
    expect(clip('', 5)).toBe('');
    expect(clip('abcde', 5)).toBe('abcde');
    expect(clip(FAMILY, 11)).toBe(FAMILY);
  });

  it('cuts plain text to max − 1 characters and an ellipsis', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abcdef', 1)).toBe('…');
    expect(clip('x'.repeat(5000), LIMITS.embedDescription)).toHaveLength(LIMITS.embedDescription);
  });

  it('never splits a surrogate pair', () => {
    const smileys = '😀'.repeat(10);
    expect(clip(smileys, 6)).toBe('😀😀…');
    expect(clip(smileys, 5)).toBe('😀😀…');
    expect(clip(smileys, 4)).toBe('😀…');
    for (let max = 1; max <= smileys.length; max++) expectClip(smileys, max);
  });

  it('keeps ZWJ sequences, skin tones, flags and keycaps whole', () => {
    expect(clip(FAMILY + FAMILY, 12)).toBe(`${FAMILY}…`);
    expect(clip(FAMILY + FAMILY, 11)).toBe('…');
    expect(clip(`${CODER}abc`, 8)).toBe(`${CODER}…`);
    expect(clip(`${CODER}abc`, 7)).toBe('…');
    expect(clip(FLAG.repeat(3), 9)).toBe(`${FLAG}${FLAG}…`);
    expect(clip(FLAG.repeat(3), 8)).toBe(`${FLAG}…`);
    expect(clip(KEYCAP.repeat(3), 7)).toBe(`${KEYCAP}${KEYCAP}…`);
    expect(clip(KEYCAP.repeat(3), 6)).toBe(`${KEYCAP}…`);
    const soup = `${FAMILY}a${CODER}${FLAG}b${KEYCAP}😀é${FAMILY}`;
    for (let max = 1; max <= soup.length; max++) expectClip(soup, max);
  });

  it('keeps combining marks with their letter (e + U+0301)', () => {
    const decomposed = 'e\u0301'.repeat(4);
    expect(clip(decomposed, 5)).toBe('e\u0301e\u0301…');
    expect(clip(decomposed, 4)).toBe('e\u0301…');
    expect(clip(decomposed, 3)).toBe('e\u0301…');
    expect(clip(decomposed, 2)).toBe('…');
  });

  it('cuts right-to-left text between characters, never between a letter and its marks', () => {
    for (const text of [ARABIC, HEBREW, MIXED]) {
      for (let max = 1; max <= text.length; max++) {
        const out = expectClip(text, max);
        if (out.endsWith('…')) {
          // The next unit in the original is not a mark that belonged to the last kept letter.
          expect(text.slice(out.length - 1)).not.toMatch(/^\p{M}/u);
        }
      }
    }
    // The ellipsis goes at the logical end (Discord's bidi rendering puts it on the left).
    expect(clip(HEBREW, 10).endsWith('…')).toBe(true);
    expect(clip(HEBREW, 10).startsWith('שָׁ')).toBe(true);
  });
});

/** Markdown characters not preceded by an odd number of backslashes: what Discord would format. */
function unescapedMarkdown(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (!'*_`~|'.includes(text[i]!)) continue;
    let slashes = 0;
    for (let j = i - 1; j >= 0 && text[j] === '\\'; j--) slashes++;
    if (slashes % 2 === 0) found.push(`${text[i]}@${i}`);
  }
  return found;
}

describe('userText', () => {
  it('escapes bold, italics, underline, code, strikethrough, spoilers and backslashes', () => {
    expect(userText('**bold** _it_ __u__ `code` ~~s~~ ||spoiler|| \\ back', 200)).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\_\\_u\\_\\_ \\`code\\` \\~\\~s\\~\\~ \\|\\|spoiler\\|\\| \\\\ back',
    );
    expect(userText('```js\nconsole.log(1)\n```', 200)).toBe('\\`\\`\\`js\nconsole.log(1)\n\\`\\`\\`');
    expect(userText('snake_case_name', 200)).toBe('snake\\_case\\_name');
  });

  it('leaves nothing Discord would format, even when the user typed backslashes', () => {
    const nasty = '\\*not bold\\* \\\\**bold** _x_ \\_y\\_ ~~z~~ `c` ||s|| a*b_c';
    expect(unescapedMarkdown(nasty).length).toBeGreaterThan(0);
    expect(unescapedMarkdown(userText(nasty, 500))).toEqual([]);
  });

  it('fits the escaped text (escaping can double its length) within max', () => {
    const stars = '*'.repeat(100);
    const out = userText(stars, 50);
    expect(out.length).toBeLessThanOrEqual(50);
    expect(out.endsWith('…')).toBe(true);
    expect(userText('plain words', 11)).toBe('plain words');
    expect(userText('a*b', 3)).toBe('a\\…');
  });

  it('clips emoji and RTL user text on character boundaries', () => {
    const text = `${FAMILY}*${ARABIC}_${FLAG}`.repeat(5);
    for (let max = 1; max < 120; max++) {
      const out = userText(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(LONE_SURROGATE);
    }
  });
});
