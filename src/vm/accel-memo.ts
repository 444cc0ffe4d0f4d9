// What worked last time on this host with this QEMU, so `--accel auto` does not pay for a failed
// KVM start on every run.
import { recall, remember } from '../memo-file.js';
import type { Accel } from './vm-spec.js';

export interface AccelMemory {
  readonly accel: Accel;
  readonly reason: string;
}

export const accelMemoKey = (host: string, qemuVersion: string): string => `${host} qemu-${qemuVersion}`;

const isAccelMemory = (entry: unknown): entry is AccelMemory => {
  const e = entry as Partial<AccelMemory> | undefined;
  return (e?.accel === 'kvm' || e?.accel === 'tcg') && typeof e.reason === 'string';
};

export const recallAccel = (file: string, key: string): AccelMemory | undefined => recall(file, key, isAccelMemory);

export const rememberAccel = (file: string, key: string, memory: AccelMemory): void => remember(file, key, memory);
