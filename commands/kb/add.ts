import type { Services } from '../../src/command.ts';
import { UserError } from '../../src/errors.ts';
import type { TextFile } from '../../src/input.ts';
import { type AddResult, MAX_DOCUMENT } from '../../src/kb/knowledge-base.ts';

/** Adds one document from text or a .txt/.md file: what /kb add and the message menu both do. */
export async function addDocument(
  base: Services['kb'],
  guildId: string,
  from: { text?: string | undefined; title?: string | undefined; file?: TextFile | undefined },
  addedBy: string,
): Promise<AddResult> {
  let text = from.text;
  if (from.file) {
    if (!/\.(txt|md|markdown)$/i.test(from.file.name)) throw new UserError('Attach a .txt or .md file.');
    text = from.file.text;
  }
  if (text === undefined) throw new UserError('Give the text to add, or attach a .txt or .md file.');
  if (text.length > MAX_DOCUMENT)
    throw new UserError(`That document is ${text.length} characters; the limit is ${MAX_DOCUMENT}.`);
  const title = from.title ?? (from.file ? from.file.name.replace(/\.[^.]+$/, '') : undefined);
  return base.add(guildId, { text, title, addedBy });
}
