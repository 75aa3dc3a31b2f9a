import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from './log.ts';

/** How old a heartbeat may be before `embedbot health` fails (the bot rewrites it every 15 s). */
export const HEARTBEAT_MAX_AGE_MS = 60_000;

/**
 * Rewrites `file` every 15 s with {at, pid, ready, …details}; `embedbot health` (the container
 * HEALTHCHECK) reads it. Creates the file's folder. Returns a function that stops it.
 */
export function startHeartbeat(
  file: string,
  probe: () => Promise<{ ready: boolean } & Record<string, unknown>>,
  logger: Logger,
): () => void {
  const beat = () =>
    probe()
      .then(async (state) => {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, JSON.stringify({ at: Date.now(), pid: process.pid, ...state }));
      })
      .catch((error: unknown) => logger.warn({ err: error, file }, 'could not write the health file'));
  void beat();
  const timer = setInterval(beat, 15_000);
  timer.unref();
  return () => clearInterval(timer);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads the heartbeat: null when a connected bot that is still running wrote it lately, else why not. */
export async function heartbeatProblem(file: string, now = Date.now()): Promise<string | null> {
  const raw = await readFile(file, 'utf8').catch(() => undefined);
  if (raw === undefined) return `no heartbeat file at ${file} (is the bot running in this folder?)`;
  let beat: { at?: unknown; pid?: unknown; ready?: unknown };
  try {
    beat = JSON.parse(raw) as typeof beat;
  } catch {
    return `the heartbeat file ${file} is not valid JSON`;
  }
  if (typeof beat.at !== 'number' || now - beat.at > HEARTBEAT_MAX_AGE_MS)
    return `no recent heartbeat in ${file} (the last is ${typeof beat.at === 'number' ? `${Math.round((now - beat.at) / 1000)} s` : 'of unknown'} old)`;
  if (typeof beat.pid !== 'number' || !Number.isInteger(beat.pid) || beat.pid <= 0)
    return `the heartbeat in ${file} names no process id`;
  if (!isAlive(beat.pid)) return `the bot that wrote ${file} (pid ${beat.pid}) is no longer running`;
  if (beat.ready !== true) return 'the bot is running but not connected';
  return null;
}
