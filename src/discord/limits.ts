import { escapeMarkdown } from 'discord.js';
import { clip } from '../clip.ts';

export { clip } from '../clip.ts';

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

/** User text made safe to show inside an embed: markdown escaped, then fitted. */
export function userText(text: string, max: number): string {
  return clip(escapeMarkdown(text), max);
}
