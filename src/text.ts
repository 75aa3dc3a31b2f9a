import { UserError } from './errors.ts';

// Characters that render as nothing: zero-width space/joiners, word joiner, BOM, soft hyphen.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/** True when the text has something to show once whitespace and invisible characters are gone. */
export function hasVisibleText(text: string): boolean {
  return text.replace(INVISIBLE, '').trim().length > 0;
}

/**
 * Trims the text and refuses it when nothing visible is left or it is longer than `maxLength`.
 * `label` names the input in the message ("text", "sentence A").
 */
export function requireText(text: unknown, label = 'text', maxLength = Number.POSITIVE_INFINITY): string {
  if (typeof text !== 'string') throw new UserError(`The ${label} is missing.`);
  const trimmed = text.trim();
  if (!hasVisibleText(trimmed)) {
    throw new UserError(
      trimmed.length === 0
        ? `The ${label} is empty: give some words to embed.`
        : `The ${label} has only invisible characters: give some words to embed.`,
    );
  }
  if (trimmed.length > maxLength) {
    throw new UserError(`The ${label} is ${trimmed.length} characters long; the limit is ${maxLength}.`);
  }
  return trimmed;
}
