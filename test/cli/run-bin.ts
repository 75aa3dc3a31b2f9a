import { spawn } from 'node:child_process';
import path from 'node:path';

export const BIN = path.resolve('bin/embedbot.js');

/** Settings a developer's shell may have that would change what the CLI does. */
const CLEARED = [
  'DISCORD_TOKEN',
  'DISCORD_APPLICATION_ID',
  'DISCORD_PUBLIC_KEY',
  'DISCORD_API_URL',
  'HEALTH_FILE',
];

export interface BinResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/embedbot.js …` as a user would, in `cwd`, with `env` on top of a cleaned environment. */
export function runBin(
  args: string[],
  options: {
    env?: Record<string, string | undefined>;
    cwd?: string;
    timeoutMs?: number;
    closeStdout?: boolean;
  } = {},
): Promise<BinResult> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of CLEARED) delete env[name];
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  // Like `| head -0`: the reader goes away before the CLI writes.
  if (options.closeStdout) child.stdout.destroy();
  else child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}
