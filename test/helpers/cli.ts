import { main } from '../../src/cli/main.ts';

/** What one CLI run printed, and its exit code. */
export interface CliOutput {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in this process, capturing stdout and stderr (a line each `print`/`warn`). */
export async function cli(...argv: string[]): Promise<CliOutput> {
  let out = '';
  let err = '';
  const code = await main(
    argv,
    (t) => {
      out += `${t}\n`;
    },
    (t) => {
      err += `${t}\n`;
    },
  );
  return { code, out, err };
}
