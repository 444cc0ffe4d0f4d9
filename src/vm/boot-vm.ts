// Boot an image and report how the guest ended. The guest's exit status is data in the result;
// only minops's own failures (no QEMU, a busy port, QEMU refusing its arguments) throw.
import type { Writable } from 'node:stream';
import { MinopsError } from '../errors.js';
import { noEvents, type OnEvent } from '../events.js';
import { rememberAccel } from './accel-memo.js';
import { chooseAccel, defaultAccelMemoFile, type AccelChoice } from './choose-accel.js';
import { checkNvmeOnQemu } from './disk-bus.js';
import { decodeExitStatus } from './exit-status.js';
import { findQemu } from './find-qemu.js';
import type { GuestFailure } from './guest-failure.js';
import { kvmFailureReason } from './kvm-failure.js';
import { qemuArgv } from './qemu-argv.js';
import type { FileTrace } from './file-trace.js';
import { qemuVersion } from './qemu-version.js';
import { runQemu, type QemuRun, type StopSignal } from './run-qemu.js';
import type { Accel, VmSpec } from './vm-spec.js';

export interface BootOptions {
  /** Stop QEMU after this many seconds; the result then has timedOut (CLI exit 124). */
  timeoutSeconds?: number;
  /** Drop the lines Nanos prints itself from the console stream. */
  quietKernel?: boolean;
  /** Collect the missing_files block (the image must carry `missing_files`) into `missingFiles`. */
  traceMissing?: boolean;
  /** The image traces file lookups with the strace klib (file-trace.ts): collect them into
   * `fileTrace`, relative paths against `cwd`, and keep the trace lines off the console. */
  fileTrace?: { readonly cwd: string };
  onEvent?: OnEvent;
  /** Where the guest's console goes, as it arrives; default process.stdout. */
  stdout?: Writable;
  /** Where QEMU's own messages go; default process.stderr. */
  stderr?: Writable;
  /** The QEMU binary; default qemu-system-x86_64 found on `envPath`. */
  qemu?: string;
  /** PATH to look for QEMU in; default process.env.PATH. */
  envPath?: string;
  /** The `--accel auto` memory; default ~/.cache/minops/accel.json. */
  accelMemoFile?: string;
  /** Default /dev/kvm. */
  kvmDevice?: string;
  /** Open files QEMU gets as fd 3, 4, … (a disk named `/proc/self/fd/3`). */
  fds?: readonly number[];
  /** Keep the kernel's dump after a failure it reported (out of memory): --verbose. */
  keepFailureDumps?: boolean;
  /** One note after this long without output; default 10 s, 0 for none. */
  silenceNoteSeconds?: number;
  /** What QEMU binaries can do, remembered per binary; default $MINOPS_CACHE/memo/qemu.json. */
  qemuMemoFile?: string;
}

/** Seconds of silence before the one note that the guest is still running. */
export const SILENCE_NOTE_SECONDS = 10;

export interface BootResult {
  /**
   * What the CLI exits with: the guest's status (decoded from QEMU's `(status << 1) | 1`), 124
   * after a timeout, 130/143/129 when minops got SIGINT/SIGTERM/SIGHUP.
   */
  status: number;
  /** QEMU's own exit code (null when it was killed). */
  rawExit: number | null;
  timedOut: boolean;
  /** The signal minops received that stopped the boot. */
  signal?: StopSignal;
  /** Caveats for the user (status ambiguity, no debug_exit, accelerator fallback). */
  notes: string[];
  accel: Accel;
  /** The argv QEMU ran with (the last attempt). */
  argv: string[];
  /** Files the guest looked for and did not find (with traceMissing and `missing_files` in the image). */
  missingFiles: string[];
  /** With `fileTrace`: the paths the guest found and those it failed to open. */
  fileTrace?: FileTrace;
  /** Failures the kernel reported in its own words (out of memory, no program, …). */
  failures: GuestFailure[];
}

export async function bootVm(spec: VmSpec, options: BootOptions = {}): Promise<BootResult> {
  const onEvent = options.onEvent ?? noEvents;
  const qemu = options.qemu ?? findQemu(options.envPath);
  if (spec.disk.bus === 'nvme') checkNvmeOnQemu(qemuVersion(qemu), qemu);
  if (spec.ports.length > 0) {
    const { checkPortsFree } = await import('./port-check.js');
    await checkPortsFree(spec.ports);
  }
  const memoFile = options.accelMemoFile ?? defaultAccelMemoFile();
  const choice = chooseAccel(spec.accel, { qemu, memoFile, kvmDevice: options.kvmDevice, qemuMemoFile: options.qemuMemoFile, onEvent });
  onEvent({ kind: 'debug', message: `accelerator: ${choice.accel} (${choice.reason})` });

  const notes: string[] = [];
  let accel = choice.accel;
  let argv = qemuArgv({ ...spec, accel });
  let run = await runOnce(qemu, argv, options, onEvent, isTentativeKvm(choice));
  if (isTentativeKvm(choice) && choice.memoKey) {
    const failure = !run.timedOut && !run.interruptedBy ? kvmFailureReason(endingOf(run)) : undefined;
    if (failure) {
      rememberAccel(memoFile, choice.memoKey, { accel: 'tcg', reason: `KVM failed: ${failure}` });
      onEvent({ kind: 'debug', message: `KVM failed (${failure}); using TCG now and on later runs on this host` });
      if (run.consoleBytes > 0) notes.push('KVM failed after the guest had started; it was booted again under TCG');
      accel = 'tcg';
      argv = qemuArgv({ ...spec, accel });
      run = await runOnce(qemu, argv, options, onEvent, false);
    } else if (!choice.remembered && !run.timedOut && !run.interruptedBy) {
      rememberAccel(memoFile, choice.memoKey, { accel: 'kvm', reason: 'a KVM boot worked' });
    }
  }
  return resultOf(run, qemu, accel, argv, notes);
}

/** A KVM run under `auto` that has not been proven on this host yet may still fall back. */
const isTentativeKvm = (choice: AccelChoice): boolean => choice.memoKey !== undefined && choice.accel === 'kvm';

const endingOf = (run: QemuRun) => ({ exitCode: run.exitCode, signal: run.qemuSignal, stderr: run.stderr });

function runOnce(qemu: string, argv: string[], o: BootOptions, onEvent: OnEvent, hideKvmMessages: boolean): Promise<QemuRun> {
  return runQemu({
    qemu,
    argv,
    timeoutSeconds: o.timeoutSeconds,
    quietKernel: o.quietKernel ?? false,
    traceMissing: o.traceMissing ?? false,
    ...(o.fileTrace ? { fileTrace: o.fileTrace } : {}),
    hideKvmMessages,
    onEvent,
    stdout: o.stdout ?? process.stdout,
    stderr: o.stderr ?? process.stderr,
    fds: o.fds,
    keepFailureDumps: o.keepFailureDumps,
    silenceNoteSeconds: o.silenceNoteSeconds ?? SILENCE_NOTE_SECONDS,
  });
}

const SIGNAL_EXIT: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

function resultOf(run: QemuRun, qemu: string, accel: Accel, argv: string[], notes: string[]): BootResult {
  const base = { rawExit: run.exitCode, accel, argv, missingFiles: run.missingFiles, failures: run.failures, ...(run.fileTrace ? { fileTrace: run.fileTrace } : {}) };
  if (run.interruptedBy) {
    return { ...base, status: SIGNAL_EXIT[run.interruptedBy], timedOut: false, signal: run.interruptedBy, notes };
  }
  if (run.timedOut) return { ...base, status: 124, timedOut: true, notes };
  const kvmFailure = accel === 'kvm' ? kvmFailureReason(endingOf(run)) : undefined;
  if (kvmFailure) {
    throw new MinopsError('QEMU_FAILED', `${qemu} failed under KVM: ${kvmFailure}`, {
      where: { file: qemu },
      hint: 'use --accel tcg (or --accel auto, which falls back by itself)',
    });
  }
  if (run.exitCode === null) throw qemuFailed(qemu, `was killed by ${run.qemuSignal ?? 'a signal'}`, run.stderr);
  const qemuError = qemuErrorLine(run.stderr);
  // QEMU exits 1 when it rejects its arguments — the same code as a guest status of 0.
  if (run.exitCode === 1 && qemuError && run.consoleBytes === 0) throw qemuFailed(qemu, `exited with 1`, run.stderr);
  const decoded = decodeExitStatus(run.exitCode);
  if (decoded.kind === 'qemu-error') throw qemuFailed(qemu, `exited with ${decoded.rawExit}`, run.stderr);
  // A failure the kernel named says more than the 7-bit caveat about its status.
  return { ...base, status: decoded.status, timedOut: false, notes: run.failures.length > 0 ? notes : [...notes, ...decoded.notes] };
}

/** QEMU's own error line (`qemu-system-x86_64: -drive …: Could not open …`), warnings excluded. */
function qemuErrorLine(stderr: string): string | undefined {
  return stderr
    .split('\n')
    .find((l) => /^qemu-system-\w+: /.test(l) && !/: warning: |terminating on signal/.test(l));
}

function qemuFailed(qemu: string, how: string, stderr: string): MinopsError {
  const said = qemuErrorLine(stderr) ?? stderr.trim().split('\n').pop();
  return new MinopsError('QEMU_FAILED', `${qemu} ${how}${said ? `: ${said}` : ''}`, {
    where: { file: qemu },
    hint: 'run with --verbose to see the QEMU command line',
  });
}
