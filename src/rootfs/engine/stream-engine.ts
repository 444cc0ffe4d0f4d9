// Runs an engine command whose stdout is the data (`export`), as a stream minops reads while the
// engine writes. The engine's stdout is a real pipe (a named pipe, opened at both ends and
// unlinked at once) and not Node's usual socket: podman opens /dev/stdout again, which a socket
// refuses, and `-o FILE` behaves differently from one docker CLI version to the next. Every CLI
// writes to its stdout the same way. The stream ends when the engine (and whatever it started)
// closes it; when the engine has exited and nothing more flows, it is failed, so a reader never
// waits for ever.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { MinopsError } from '../../errors.js';
import type { OnEvent } from '../../events.js';
import { engineWords, type Engine } from './engine.js';
import { engineArgv } from './run-engine.js';
import { tiedCommand } from '../../tied-command.js';
import { trackTemp } from '../../track-temp.js';

export interface EngineExit {
  /** The engine's status; 128 + signal number when a signal ended it. */
  exitCode: number;
  stderr: string;
}

export interface EngineStream {
  stdout: Readable;
  /** True once the stream reached its end (every writer closed it). */
  readonly ended: boolean;
  /** Settles when the engine process is gone. */
  exited: Promise<EngineExit>;
  kill(): void;
}

/** How long the stream may stay open, with nothing flowing, after the engine exited. */
const IDLE_AFTER_EXIT_MS = 5000;
const TICK_MS = 1000;

export function streamEngine(engine: Engine, args: readonly string[], onEvent: OnEvent): EngineStream {
  const argv = engineArgv(engine, args);
  onEvent({ kind: 'command', argv: [engine.command, ...argv] });
  const { read, write } = openPipe();
  let child: ChildProcess;
  try {
    // SIGTERM when minops dies: the engine then removes what its export had started.
    const tied = tiedCommand(engine.command, argv, 'SIGTERM');
    child = spawn(tied.file, [...tied.args], { stdio: ['ignore', write, 'pipe'] });
  } finally {
    // The engine holds the write end now; ours would keep the stream from ever ending.
    fs.closeSync(write);
  }
  const stdout = new net.Socket({ fd: read, readable: true, writable: false });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let ended = false;
  stdout.on('end', () => (ended = true));

  const exited = new Promise<EngineExit>((resolve) => {
    let exitCode = 1;
    const done = (): void => resolve({ exitCode, stderr });
    child.on('error', (e) => {
      exitCode = 127;
      stderr += e.message;
      done();
    });
    child.on('exit', (code, signal) => {
      exitCode = code ?? 128 + (signal ? os.constants.signals[signal] : 0);
      // What the engine started may hold its stderr open too (and keep minops alive): take the
      // last words that come within a second, then let go.
      setTimeout(() => {
        child.stderr!.destroy();
        done();
      }, 1000);
    });
    child.on('close', done);
  });
  // Something the engine started may keep the pipe open after the engine is gone.
  void exited.then(({ exitCode }) => {
    if (ended || stdout.destroyed) return;
    let seen = stdout.bytesRead;
    let idle = 0;
    // Counted in ticks, so a busy event loop (a slow disk under the extractor) is not idleness.
    const tick = setInterval(() => {
      if (ended || stdout.destroyed) return clearInterval(tick);
      idle = stdout.bytesRead === seen ? idle + TICK_MS : 0;
      seen = stdout.bytesRead;
      if (idle < IDLE_AFTER_EXIT_MS) return;
      clearInterval(tick);
      const said = engineWords(stderr);
      stdout.destroy(
        new MinopsError(
          'ENGINE_FAILED',
          `${engine.name} exited (status ${exitCode}) but its ${args[0]} stream did not end${said ? `: ${said}` : ' (something it started still holds it open)'}`,
          { where: { file: `${engine.name} ${args.join(' ')}` } },
        ),
      );
    }, TICK_MS);
    tick.unref();
  });

  return {
    stdout,
    get ended() {
      return ended;
    },
    exited,
    kill: () => void child.kill('SIGKILL'),
  };
}

/** Both ends of a fresh named pipe; its name is gone before this returns. */
function openPipe(): { read: number; write: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minops-pipe-'));
  trackTemp(dir);
  try {
    const fifo = path.join(dir, 'stdout');
    execFileSync('mkfifo', ['-m', '600', fifo]);
    // Non-blocking, so opening the read end does not wait for a writer; the write end then opens
    // at once because a reader exists.
    const read = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    try {
      return { read, write: fs.openSync(fifo, fs.constants.O_WRONLY) };
    } catch (e) {
      fs.closeSync(read);
      throw e;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
