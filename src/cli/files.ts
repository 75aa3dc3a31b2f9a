import fs from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.ts';
import type { Picture } from '../pictures/png.ts';

/** A file given on the command line, as the commands take it. */
export interface TextFile {
  name: string;
  text: string;
}

/** Reads FILE ("-" is standard input) as UTF-8 text; refuses binary files (NUL bytes, invalid UTF-8). */
export async function readTextFile(file: string): Promise<TextFile> {
  const bytes = await fs
    .readFile(file === '-' ? '/dev/stdin' : file)
    .catch((error: NodeJS.ErrnoException) => {
      throw new UserError(`Could not read ${file}: ${error.code ?? error.message}`);
    });
  let text: string;
  try {
    if (bytes.includes(0)) throw new Error('NUL byte');
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(
      `${file} is not a text file (it holds binary data): give UTF-8 text, JSONL or Markdown.`,
    );
  }
  return { name: path.basename(file), text };
}

/** Writes a command's picture to FILE for --image; returns the line to print. */
export async function writePicture(file: string, picture: Picture | undefined): Promise<string> {
  if (!picture) throw new UserError('This command drew no picture.');
  await fs.writeFile(file, picture.png);
  return `picture: ${file} (${picture.width}×${picture.height} PNG)`;
}
