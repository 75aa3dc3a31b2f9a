import { clip } from '../clip.ts';
import { unreadableNote } from '../embedding/readable.ts';

/** User text in straight quotes, fitted to `max` characters, as the command line prints it. */
export const quote = (text: string, max = 80): string => `"${clip(text, max)}"`;

/** Text flattened to one line (newlines and runs of spaces become one space). */
export const oneLine = (text: string): string => text.replace(/\s+/g, ' ');

/**
 * A table of right-aligned cells: `head` labels the columns, each row starts with its label. The
 * label column is `labelWidth` wide (left-aligned), every other column `width`.
 */
export function table(
  corner: string,
  head: readonly string[],
  rows: readonly { label: string; cells: readonly string[] }[],
  { labelWidth, width }: { labelWidth: number; width: number },
): string[] {
  const line = (label: string, cells: readonly string[]) =>
    `${label.padEnd(labelWidth)} ${cells.map((c) => c.padStart(width)).join(' ')}`;
  return [line(corner, head), ...rows.map((r) => line(r.label, r.cells))];
}

/** The warning line for inputs the model could mostly not read (none when there are none). */
export const unreadableLines = (texts: readonly string[] | undefined): string[] =>
  texts ? [`warning: ${texts.map((t) => quote(t)).join(', ')}: ${unreadableNote(texts.length)}`] : [];

/** The `unreadable` field of a --json result, when there is one. */
export const unreadableJson = (texts: readonly string[] | undefined): { unreadable?: readonly string[] } =>
  texts ? { unreadable: texts } : {};
