// One QEMU process: spawn, stream the serial console through the filter as it arrives, stop it on
// timeout or when minops is signalled, and report how it ended. The only file in vm/ that spawns.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Writable } from 'node:stream';
import { MinopsError } from '../errors.js';
import type { OnEvent } from '../events.js';
import { ConsoleFilter } from './console-filter.js';
import type { FileTrace } from './file-trace.js';
import { qemuMissingError } from './find-qemu.js';
import type { GuestFailure } from './guest-failure.js';
import { isKvmMessage } from './kvm-failure.js';
import { tiedCommand } from '../tied-command.js';

export interface RunQemuOptions {
  readonly qemu: string;
  readonly argv: readonly string[];
  readonly timeoutSeconds?: number;
  readonly quietKernel: boolean;
  readonly traceMissing: boolean;
  /** The image traces file lookups with the strace klib (file-trace.ts); the working directory. */
  readonly fileTrace?: { readonly cwd: string };
  /** Hide QEMU's KVM complaints from stderr (an `auto` KVM attempt that may fall back). */
  readonly hideKvmMessages: boolean;
  readonly onEvent: OnEvent;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Open files QEMU gets as fd 3, 4, … (a disk named `/proc/self/fd/3`). */
  readonly fds?: readonly number[];
  /** Keep the kernel's dump after a recognised failure (--verbose). */
  readonly keepFailureDumps?: boolean;
  /** After this long without console output, one note says the guest is still running. */
  readonly silenceNoteSeconds?: number;
}

export interface QemuRun {
  readonly exitCode: number | null;
  /** The signal that ended QEMU itself, if any. */
  readonly qemuSignal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  /** SIGINT/SIGTERM/SIGHUP (its terminal closed) received by minops while QEMU ran. */
  readonly interruptedBy?: StopSignal;
  /** The last 64 KiB of QEMU's own stderr. */
  readonly stderr: string;
  /** Bytes of console output the guest produced. */
  readonly consoleBytes: number;
  readonly missingFiles: string[];
  readonly fileTrace?: FileTrace;
  /** Failures the kernel reported in its own words. */
  readonly failures: GuestFailure[];
}

const STDERR_TAIL = 64 * 1024;
/** What makes minops stop the guest and end with 128 + the signal's number. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** After SIGTERM, QEMU gets this long to exit before SIGKILL. */
const KILL_GRACE_MS = 3000;

export function runQemu(o: RunQemuOptions): Promise<QemuRun> {
  return new Promise((resolve, reject) => {
    o.onEvent({ kind: 'command', argv: [o.qemu, ...o.argv] });
    // Through the tie, a missing QEMU would be a shell's "not found" instead of a spawn error.
    try {
      accessSync(o.qemu, constants.X_OK);
    } catch {
      reject(qemuMissingError(o.qemu));
      return;
    }
    const filter = new ConsoleFilter({
      dropKernelLines: o.quietKernel,
      dropMissingFiles: o.traceMissing || o.quietKernel,
      keepFailureDumps: o.keepFailureDumps ?? false,
      ...(o.fileTrace ? { fileTrace: o.fileTrace } : {}),
    });
    const outDecoder = new StringDecoder('utf8');
    const errDecoder = new StringDecoder('utf8');
    let stderrTail = '';
    let stderrPartial = '';
    let consoleBytes = 0;
    let timedOut = false;
    let interruptedBy: StopSignal | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    let settled = false;
    let child: ChildProcess | undefined;

    const stop = (): void => {
      if (!child) return;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      killTimer ??= setTimeout(() => child?.kill('SIGKILL'), KILL_GRACE_MS);
    };
    const timer =
      o.timeoutSeconds !== undefined
        ? setTimeout(() => {
            timedOut = true;
            o.onEvent({ kind: 'debug', message: `timeout of ${o.timeoutSeconds} s reached; stopping QEMU` });
            stop();
          }, o.timeoutSeconds * 1000)
        : undefined;
    // A guest that prints nothing for a long while gets one note: it is running, how to stop it.
    let lastShown = Date.now();
    let silenceTimer: NodeJS.Timeout | undefined;
    const silenceMs = (o.silenceNoteSeconds ?? 0) * 1000;
    const watchSilence = (): void => {
      silenceTimer = setTimeout(() => {
        if (Date.now() - lastShown < silenceMs) return watchSilence();
        silenceTimer = undefined;
        o.onEvent({ kind: 'notice', message: silenceNote(o, consoleBytes) });
      }, Math.max(50, lastShown + silenceMs - Date.now()));
    };
    if (silenceMs > 0) watchSilence();
    const onSignal = (signal: StopSignal): void => {
      interruptedBy ??= signal;
      o.onEvent({ kind: 'debug', message: `${signal} received; stopping QEMU` });
      stop();
    };
    const handlers = STOP_SIGNALS.map((signal) => [signal, (): void => onSignal(signal)] as const);
    for (const [signal, handler] of handlers) process.on(signal, handler);
    // Handlers first: a signal that lands while QEMU is being spawned must not kill minops alone.
    // stdin is not the terminal: QEMU would put a tty into raw mode and a killed QEMU leaves it so.
    // Tied: a minops killed with SIGKILL takes QEMU with it.
    const cmd = tiedCommand(o.qemu, o.argv);
    const proc = spawn(cmd.file, [...cmd.args], { stdio: ['ignore', 'pipe', 'pipe', ...(o.fds ?? [])] });
    child = proc;
    const cleanup = (): void => {
      if (timer) clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      if (silenceTimer) clearTimeout(silenceTimer);
      for (const [signal, handler] of handlers) process.off(signal, handler);
    };

    proc.stdout!.on('data', (chunk: Buffer) => {
      consoleBytes += chunk.length;
      const text = filter.push(outDecoder.write(chunk));
      if (text) {
        o.stdout.write(text);
        lastShown = Date.now();
      }
    });
    const passStderrLine = (line: string): void => {
      // After a KVM internal error QEMU pauses the guest and waits forever: end it here.
      if (/KVM internal error/i.test(line)) {
        o.onEvent({ kind: 'debug', message: 'QEMU reported a KVM internal error; stopping it' });
        stop();
      }
      // QEMU's own "terminating on signal 15 from pid N" is our doing, not news for the user; newer
      // QEMU warns on every share that it caps the msize Nanos's 9p client asks for, and the share works.
      if (/terminating on signal \d+|: warning: 9p: client msize capped/.test(line) || (o.hideKvmMessages && isKvmMessage(line))) {
        o.onEvent({ kind: 'debug', message: `qemu: ${line}` });
        return;
      }
      o.stderr.write(`${line}\n`);
    };
    proc.stderr!.on('data', (chunk: Buffer) => {
      const text = errDecoder.write(chunk);
      stderrTail = (stderrTail + text).slice(-STDERR_TAIL);
      const lines = (stderrPartial + text).split('\n');
      stderrPartial = lines.pop() ?? '';
      for (const line of lines) passStderrLine(line);
    });

    proc.on('error', (e: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(
        e.code === 'ENOENT'
          ? qemuMissingError(o.qemu)
          : new MinopsError('QEMU_FAILED', `could not start ${o.qemu}: ${e.message}`, { where: { file: o.qemu }, cause: e }),
      );
    });
    proc.on('close', (exitCode, qemuSignal) => {
      if (settled) return;
      settled = true;
      cleanup();
      const rest = filter.push(outDecoder.end()) + filter.end();
      if (rest) o.stdout.write(rest);
      const errRest = stderrPartial + errDecoder.end();
      if (errRest) passStderrLine(errRest);
      resolve({
        exitCode,
        qemuSignal,
        timedOut,
        interruptedBy,
        stderr: stderrTail,
        consoleBytes,
        missingFiles: filter.missingFiles,
        ...(o.fileTrace ? { fileTrace: filter.fileTrace() } : {}),
        failures: filter.failures,
      });
    });
  });
}

function silenceNote(o: RunQemuOptions, consoleBytes: number): string {
  const stop = o.timeoutSeconds === undefined ? 'Ctrl-C stops it (--timeout SECONDS stops it by itself)' : `Ctrl-C stops it, or --timeout stops it after ${o.timeoutSeconds} s`;
  const see =
    consoleBytes === 0
      ? '; nothing came from the kernel either: --verbose shows the QEMU command line'
      : o.quietKernel
        ? '; without --quiet-kernel the kernel\'s own messages show'
        : '';
  return `the guest has printed nothing for ${o.silenceNoteSeconds} s and is still running: ${stop}${see}`;
}
