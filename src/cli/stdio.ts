/**
 * The CLI's writers. stdout carries only results; when its reader goes away (`embedbot … | head -3`)
 * the process exits quietly instead of crashing on EPIPE.
 */
let guarded = false;

function guardPipe(): void {
  if (guarded) return;
  guarded = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

export function writeOut(text: string): void {
  guardPipe();
  process.stdout.write(`${text}\n`);
}

export function writeErr(text: string): void {
  process.stderr.write(`${text}\n`);
}
