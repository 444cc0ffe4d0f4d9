// What worked last time on this host with this QEMU, so `--accel auto` does not pay for a failed
// KVM start on every run. A small JSON file; a bad or missing file just means "no memory".
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { trackTemp } from '../track-temp.js';
import type { Accel } from './vm-spec.js';

export interface AccelMemory {
  readonly accel: Accel;
  readonly reason: string;
}

type MemoFile = Record<string, AccelMemory>;

export const accelMemoKey = (host: string, qemuVersion: string): string => `${host} qemu-${qemuVersion}`;

export function recallAccel(file: string, key: string): AccelMemory | undefined {
  const entry = readMemo(file)[key];
  return entry && (entry.accel === 'kvm' || entry.accel === 'tcg') && typeof entry.reason === 'string'
    ? entry
    : undefined;
}

export function rememberAccel(file: string, key: string, memory: AccelMemory): void {
  const memo = { ...readMemo(file), [key]: memory };
  const sorted = Object.fromEntries(Object.entries(memo).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  mkdirSync(path.dirname(file), { recursive: true });
  // Written aside and renamed: two runs at once never leave half a file.
  const tmp = `${file}.tmp-${process.pid}`;
  trackTemp(tmp);
  writeFileSync(tmp, `${JSON.stringify(sorted, null, 2)}\n`);
  renameSync(tmp, file);
}

function readMemo(file: string): MemoFile {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as MemoFile) : {};
  } catch {
    return {};
  }
}
