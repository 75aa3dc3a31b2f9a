import { escapeMarkdown } from 'discord.js';

/** Discord's size limits for what a bot sends. */
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  embedTotal: 6000,
  buttonLabel: 80,
  choiceName: 100,
} as const;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Shortens text to at most `max` UTF-16 units, cutting between characters and ending with "…". */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const { segment } of segmenter.segment(text)) {
    if (out.length + segment.length > max - 1) break;
    out += segment;
  }
  return `${out}…`;
}

/** User text made safe to show inside an embed: markdown escaped, then fitted. */
export function userText(text: string, max: number): string {
  return clip(escapeMarkdown(text), max);
}
