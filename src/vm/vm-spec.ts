// What a boot needs, as typed parts. `qemuArgv` turns one of these into QEMU's argv; nothing here
// knows about processes.

export type Machine = 'q35' | 'microvm';
export type Accel = 'kvm' | 'tcg';
/** `auto`: bootVm picks KVM or TCG (chooseAccel); printed argv lists both, as QEMU's own fallback. */
export type AccelMode = 'auto' | Accel;

export interface Disk {
  /** Host path of the raw image; made absolute when rendered. */
  readonly file: string;
  /** Write guest changes to a temporary overlay (`-snapshot`) unless the user asked to persist. */
  readonly persist: boolean;
}

/** A host port forwarded to the guest (user-mode networking). */
export interface PortForward {
  readonly host: number;
  readonly guest: number;
  readonly protocol: 'tcp' | 'udp';
}

export interface VmSpec {
  readonly machine: Machine;
  readonly accel: AccelMode;
  /** Defaults to `max` (what boots Nanos under TCG); `host` is usual under KVM. */
  readonly cpu?: string;
  readonly memoryMiB: number;
  readonly smp: number;
  readonly disk: Disk;
  /** microvm boots the kernel directly (`-kernel`); q35 boots from the image's MBR. */
  readonly kernelImg?: string;
  /** Empty: no network at all (`-nic none`). */
  readonly ports: readonly PortForward[];
  /** Extra raw QEMU arguments appended last, already split into tokens. */
  readonly extraArgs?: readonly string[];
}

/** Defaults for what the user did not say: the verified q35 line (spec, "Verified on the real kernel"). */
export function vmSpec(disk: string, more: Partial<Omit<VmSpec, 'disk'>> & { persist?: boolean } = {}): VmSpec {
  const { persist, ...rest } = more;
  return {
    machine: 'q35',
    accel: 'auto',
    memoryMiB: 512,
    smp: 1,
    ports: [],
    ...rest,
    disk: { file: disk, persist: persist ?? false },
  };
}
