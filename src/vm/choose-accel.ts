// `--accel auto|kvm|tcg` → the accelerator for this boot, and why.
import { accessSync, constants } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { minopsCacheDir } from '../cache-dir.js';
import { accelMemoKey, recallAccel } from './accel-memo.js';
import type { Accel, AccelMode } from './vm-spec.js';

export interface AccelChoice {
  readonly accel: Accel;
  readonly reason: string;
  /** Key under which the outcome of an `auto` choice is remembered; undefined when not `auto`. */
  readonly memoKey?: string;
  /** True when the choice came from memory (so a failure there is news). */
  readonly remembered: boolean;
}

export interface ChooseAccelOptions {
  readonly qemu: string;
  /** Default ~/.cache/minops/accel.json. */
  readonly memoFile?: string;
  readonly kvmDevice?: string;
}

export const defaultAccelMemoFile = (): string => path.join(minopsCacheDir(), 'accel.json');

export function chooseAccel(mode: AccelMode, options: ChooseAccelOptions): AccelChoice {
  if (mode !== 'auto') return { accel: mode, reason: `--accel ${mode}`, remembered: false };
  const memoKey = accelMemoKey(os.hostname(), qemuVersion(options.qemu));
  const memory = recallAccel(options.memoFile ?? defaultAccelMemoFile(), memoKey);
  if (memory) return { accel: memory.accel, reason: `remembered for this host: ${memory.reason}`, memoKey, remembered: true };
  const kvmDevice = options.kvmDevice ?? '/dev/kvm';
  if (kvmUsable(kvmDevice)) return { accel: 'kvm', reason: `${kvmDevice} is usable`, memoKey, remembered: false };
  return { accel: 'tcg', reason: `${kvmDevice} is missing or not readable and writable`, memoKey, remembered: false };
}

export function kvmUsable(device: string): boolean {
  try {
    accessSync(device, constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

const versions = new Map<string, string>();

/** `7.2.22` from `qemu-system-x86_64 --version`; "unknown" if it cannot be run. */
export function qemuVersion(qemu: string): string {
  const known = versions.get(qemu);
  if (known) return known;
  let version = 'unknown';
  try {
    const out = execFileSync(qemu, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    version = /version\s+(\S+)/i.exec(out)?.[1] ?? 'unknown';
  } catch {
    // a broken qemu shows up properly when it is booted
  }
  versions.set(qemu, version);
  return version;
}
