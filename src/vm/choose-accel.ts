// `--accel auto|kvm|tcg` → the accelerator for this boot, and why.
import { accessSync, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { minopsCacheDir } from '../cache-dir.js';
import type { OnEvent } from '../events.js';
import { accelMemoKey, recallAccel } from './accel-memo.js';
import { qemuAbilities } from './qemu-abilities.js';
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
  /** Default $MINOPS_CACHE/memo/qemu.json. */
  readonly qemuMemoFile?: string;
  readonly onEvent?: OnEvent;
}

export const defaultAccelMemoFile = (): string => path.join(minopsCacheDir(), 'accel.json');

export function chooseAccel(mode: AccelMode, options: ChooseAccelOptions): AccelChoice {
  if (mode !== 'auto') return { accel: mode, reason: `--accel ${mode}`, remembered: false };
  const memoKey = accelMemoKey(os.hostname(), qemuAbilities(options.qemu, { memoFile: options.qemuMemoFile, onEvent: options.onEvent }).version);
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
