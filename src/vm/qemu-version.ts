// `qemu-system-x86_64 -version` → [major, minor], asked only when a check needs it.
import { spawnSync } from 'node:child_process';

/** Undefined when QEMU does not answer in the usual form ("QEMU emulator version 7.2.22 (…)"). */
export function qemuVersion(qemu: string): [number, number] | undefined {
  const r = spawnSync(qemu, ['-version'], { encoding: 'utf8', timeout: 10_000 });
  return parseQemuVersion(r.stdout ?? '');
}

export function parseQemuVersion(text: string): [number, number] | undefined {
  const m = /QEMU emulator version (\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}
