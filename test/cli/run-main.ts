// Run the CLI in-process and capture what a user would see.
import { main } from '../../src/cli/main.js';

export interface MainResult {
  status: number;
  stdout: string;
  stderr: string;
}

export async function runMain(argv: string[], cwd = process.cwd()): Promise<MainResult> {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    cwd,
  });
  return { status, stdout, stderr };
}
