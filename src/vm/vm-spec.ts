// What a boot needs, as typed parts. `qemuArgv` turns one of these into QEMU's argv; nothing here
// knows about processes.

export type Machine = 'q35' | 'microvm';
export type Accel = 'kvm' | 'tcg';
/** `auto`: bootVm picks KVM or TCG (chooseAccel); printed argv lists both, as QEMU's own fallback. */
export type AccelMode = 'auto' | Accel;

export interface Disk {
  /** Host path of the image; made absolute when rendered. */
  readonly file: string;
  /** Default raw; qcow2 for the overlay minops puts over a cached image. */
  readonly format?: 'raw' | 'qcow2';
  /** The guest's writes reach `file`; otherwise QEMU's `-snapshot` keeps them in a temporary overlay. */
  readonly persist: boolean;
}

/** A host directory the guest mounts through virtio-9p; the manifest names it `%tag`. */
export interface Share {
  readonly tag: string;
  /** Host directory; made absolute when rendered. */
  readonly hostDir: string;
}

/** A disk after the boot disk (a volume); the guest finds its filesystem by label. Its writes
 * always reach the file, `-snapshot` or not. */
export interface ExtraDisk {
  readonly file: string;
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
  /** `none`: no network device at all (`-nic none`); `user`: QEMU user-mode networking. */
  readonly net: 'none' | 'user';
  /** Forwarded host ports; they need `net: 'user'`. */
  readonly ports: readonly PortForward[];
  readonly shares: readonly Share[];
  readonly volumes: readonly ExtraDisk[];
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
    shares: [],
    volumes: [],
    ...rest,
    net: rest.net ?? ((rest.ports?.length ?? 0) > 0 ? 'user' : 'none'),
    disk: { file: disk, persist: persist ?? false },
  };
}
