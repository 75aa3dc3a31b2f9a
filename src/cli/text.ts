import { clip } from '../clip.ts';

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
