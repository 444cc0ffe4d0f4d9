// QEMU's version as [major, minor], for the checks that depend on it (NVMe). The binary is asked
// once and the answer remembered with its other abilities (qemu-abilities.ts).
import { qemuAbilities } from './qemu-abilities.js';

/** Undefined when QEMU does not answer in the usual form ("QEMU emulator version 7.2.22 (…)"). */
export function qemuVersion(qemu: string): [number, number] | undefined {
  return parseQemuVersion(`QEMU emulator version ${qemuAbilities(qemu).version}`);
}

export function parseQemuVersion(text: string): [number, number] | undefined {
  const m = /QEMU emulator version (\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}
