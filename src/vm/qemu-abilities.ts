// What a QEMU binary is and can do (its version, its machine types), asked once per binary: the
// answers are remembered under its path and reused while its size, mtime and inode are unchanged,
// so a warm run starts no QEMU but the one that boots.
import { execFileSync } from 'node:child_process';
import { fileIdentity } from '../file-identity.js';
import { memoFile, recall, remember } from '../memo-file.js';
import { noEvents, type OnEvent } from '../events.js';

export interface QemuAbilities {
  /** `7.2.22`; "unknown" when `--version` could not be run. */
  readonly version: string;
  /** Machine types from `-machine help` (`q35`, `microvm`, ...); empty when unknown. */
  readonly machines: readonly string[];
}

interface Remembered extends QemuAbilities {
  readonly identity: string;
}

const isRemembered = (e: unknown): e is Remembered => {
  const r = e as Partial<Remembered> | undefined;
  return typeof r?.identity === 'string' && typeof r.version === 'string' && Array.isArray(r.machines);
};

export interface QemuAbilitiesOptions {
  /** Default $MINOPS_CACHE/memo/qemu.json. */
  readonly memoFile?: string;
  readonly onEvent?: OnEvent;
}

export function qemuAbilities(qemu: string, options: QemuAbilitiesOptions = {}): QemuAbilities {
  const file = options.memoFile ?? memoFile('qemu');
  const onEvent = options.onEvent ?? noEvents;
  const identity = fileIdentity(qemu);
  const known = identity === undefined ? undefined : recall(file, qemu, isRemembered);
  if (known && known.identity === identity) {
    onEvent({ kind: 'debug', message: `${qemu}: version ${known.version}, remembered (binary unchanged)` });
    return { version: known.version, machines: known.machines };
  }
  const version = /version\s+(\S+)/i.exec(ask(qemu, ['--version'], onEvent) ?? '')?.[1] ?? 'unknown';
  const machines = machinesOf(ask(qemu, ['-machine', 'help'], onEvent) ?? '');
  // A QEMU that could not answer is asked again next time.
  if (identity !== undefined && version !== 'unknown') remember(file, qemu, { identity, version, machines } satisfies Remembered);
  return { version, machines };
}

/** `-machine help` lists one machine per line after a header: `microvm   microvm (i386)`. */
export function machinesOf(help: string): string[] {
  return help
    .split('\n')
    .slice(1)
    .map((line) => /^(\S+)\s/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
}

function ask(qemu: string, args: string[], onEvent: OnEvent): string | undefined {
  onEvent({ kind: 'command', argv: [qemu, ...args] });
  try {
    return execFileSync(qemu, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
  } catch {
    // a broken QEMU shows up properly when it is booted
    return undefined;
  }
}
