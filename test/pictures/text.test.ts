import { describe, expect, it } from 'vitest';
import {
  cleanText,
  escapeXml,
  fitText,
  shorten,
  startsRtl,
  textSvg,
  textWidth,
} from '../../src/pictures/text.ts';

describe('text in pictures', () => {
  it('escapes everything XML could read as markup', () => {
    expect(escapeXml(`<script>&"'`)).toBe('&lt;script&gt;&amp;&quot;&apos;');
    expect(textSvg(`<b>&"'</b>`, { x: 0, y: 0, size: 12, fill: '#fff' })).toContain(
      '&lt;b&gt;&amp;&quot;&apos;&lt;/b&gt;',
    );
  });

  it('makes one clean line', () => {
    expect(cleanText('  a\n\tb\r\n  c \u0000\u202Ed  ')).toBe('a b c d');
    expect(cleanText('x\uD800y')).toBe('x\uFFFDy');
  });

  it('measures with the real font: wider letters are wider, bold is wider', () => {
    expect(textWidth('WWWW', 12)).toBeGreaterThan(textWidth('iiii', 12));
    expect(textWidth('Hello', 12, true)).toBeGreaterThan(textWidth('Hello', 12));
    expect(textWidth('Hello', 24)).toBeCloseTo(2 * textWidth('Hello', 12), 6);
    expect(textWidth('', 12)).toBe(0);
  });

  it('shortens to a width with "…", between characters', () => {
    const long = 'The quick brown fox jumps over the lazy dog '.repeat(5);
    const fitted = fitText(long, 200, 13);
    expect(fitted.endsWith('…')).toBe(true);
    expect(textWidth(fitted, 13)).toBeLessThanOrEqual(200);
    expect(fitText('short', 200, 13)).toBe('short');
    const emoji = fitText('👩‍💻'.repeat(40), 100, 13);
    expect(emoji.endsWith('…')).toBe(true);
    expect(emoji.slice(0, -1).length % '👩‍💻'.length).toBe(0);
  });

  it('keeps the "…" at the reading end of right-to-left text', () => {
    expect(startsRtl('שלום עולם')).toBe(true);
    expect(startsRtl('123 مرحبا')).toBe(true);
    expect(startsRtl('hello שלום')).toBe(false);
    expect(fitText('שלום עולם '.repeat(30), 120, 13).endsWith('…\u200F')).toBe(true);
  });

  it('puts emoji in their own runs, drawn with the emoji font', () => {
    const svg = textSvg('hi 👍🏽 there', { x: 10, y: 20, size: 12, fill: '#fff' });
    expect(svg).toContain('font-family="Noto Emoji"');
    expect(svg.match(/<text /g)).toHaveLength(3);
    expect(textSvg('plain', { x: 10, y: 20, size: 12, fill: '#fff' })).not.toContain('Noto Emoji');
  });

  it('shortens alt text by length, between characters', () => {
    expect(shorten('abcdef', 4)).toBe('abc…');
    expect(shorten('😀😀😀', 4)).toBe('😀…');
  });
});
