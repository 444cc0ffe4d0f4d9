// Runs docker/podman (and the probes around them), announcing every command with a `command`
// event first so --verbose shows exactly what ran.
import type { OnEvent } from '../../events.js';
import { tiedCommand } from '../../tied-command.js';
import type { Engine } from './engine.js';

export interface ToolResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function runTool(command: string, args: readonly string[], onEvent: OnEvent, timeout = 0, env?: NodeJS.ProcessEnv): Promise<ToolResult> {
  onEvent({ kind: 'command', argv: [command, ...args] });
  // Loaded on use: execa costs ~50 ms of start-up that most commands never need.
  const { execa } = await import('execa');
  // SIGTERM when minops dies: podman then removes what its build or export had started.
  const tied = tiedCommand(command, args, 'SIGTERM');
  const r = await execa(tied.file, [...tied.args], { reject: false, timeout, stdin: 'ignore', ...(env ? { env, extendEnv: false } : {}) });
  const failedToStart = r.exitCode === undefined;
  return {
    exitCode: r.exitCode ?? 127,
    stdout: typeof r.stdout === 'string' ? r.stdout : '',
    stderr: failedToStart ? (r.message ?? '') : typeof r.stderr === 'string' ? r.stderr : '',
  };
}

export const engineArgv = (engine: Engine, args: readonly string[]): string[] => [...engine.globalArgs, ...args];

export const runEngine = (engine: Engine, args: readonly string[], onEvent: OnEvent, timeout = 0): Promise<ToolResult> =>
  runTool(engine.command, engineArgv(engine, args), onEvent, timeout);
