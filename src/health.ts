import { writeFile } from 'node:fs/promises';
import type { Logger } from './log.ts';

/**
 * Rewrites `file` every 15 s with {at, ready, …details}; `embedbot health` (the container
 * HEALTHCHECK) reads it. Returns a function that stops it.
 */
export function startHeartbeat(
  file: string,
  probe: () => Promise<{ ready: boolean } & Record<string, unknown>>,
  logger: Logger,
): () => void {
  const beat = () =>
    probe()
      .then((state) => writeFile(file, JSON.stringify({ at: Date.now(), ...state })))
      .catch((error: unknown) => logger.warn({ err: error }, 'could not write the health file'));
  void beat();
  const timer = setInterval(beat, 15_000);
  timer.unref();
  return () => clearInterval(timer);
}
