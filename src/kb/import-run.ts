import { UserError } from '../errors.ts';
import { type ImportEntry, type ImportError, parseImport } from './import-parse.ts';

export interface ImportResult {
  added: number;
  errors: ImportError[];
  /** Set when the store failed: the import stopped at `line`, after `added` documents were stored. */
  stopped?: { line: number; cause: string };
}

/** An import's add that gave up before writing, because an earlier one met a storage failure. */
export class ImportStopped extends Error {}

/** A few at a time: enough to fill model batches, few enough to stop early on a storage failure. */
const BATCH = 16;

/**
 * Adds every valid entry of `content` through `add`. A UserError skips its line (reported with its
 * number); anything else is a storage failure, which stops the import: the adds already queued give
 * up before writing (`stop()` turns true), and the report names the cause and what was stored.
 */
export async function runImport(
  content: string,
  add: (entry: ImportEntry, stop: () => boolean) => Promise<unknown>,
  isDuplicate: (error: unknown) => boolean,
  onProgress?: (done: number, total: number) => void,
): Promise<ImportResult> {
  const entries = parseImport(content);
  const errors: ImportError[] = entries
    .filter((e) => 'error' in e)
    .map((e) => ({ line: e.line, message: (e as { error: string }).error }));
  const valid = entries.filter((e): e is ImportEntry => !('error' in e));
  let added = 0;
  let done = 0;
  let stopped: ImportResult['stopped'];
  const stop = () => stopped !== undefined;
  for (let i = 0; i < valid.length && !stopped; i += BATCH) {
    const results = await Promise.allSettled(
      valid.slice(i, i + BATCH).map((e) =>
        add(e, stop).catch((error: unknown) => {
          if (!(error instanceof UserError) && !(error instanceof ImportStopped) && !stopped) {
            stopped = { line: e.line, cause: error instanceof Error ? error.message : String(error) };
          }
          throw error;
        }),
      ),
    );
    results.forEach((r, j) => {
      if (r.status === 'fulfilled') added++;
      else if (r.reason instanceof UserError) {
        errors.push({
          line: valid[i + j]!.line,
          message: r.reason.message,
          ...(isDuplicate(r.reason) ? { duplicate: true } : {}),
        });
      }
    });
    done += results.length;
    onProgress?.(done, valid.length);
  }
  if (stopped) {
    errors.push({
      line: stopped.line,
      message: `the store failed (${stopped.cause}); the import stopped here with ${added} document(s) stored`,
    });
  }
  errors.sort((a, b) => a.line - b.line);
  return { added, errors, ...(stopped ? { stopped } : {}) };
}
