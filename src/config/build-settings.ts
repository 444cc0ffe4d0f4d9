// THE typed, validated result of config.json + flags that the build stages take. Everything a
// build flag or a config key can say is here, already parsed (sizes in bytes/MiB, sources typed).
import type { ImageFormat } from '../image/format/image-format.js';
import type { DiskBus } from '../vm/vm-spec.js';
import type { RootfsSource } from './rootfs-source.js';

/** `probe`: `imports`, plus what the program opened in one boot with the whole rootfs. */
export type Slim = 'none' | 'stdlib' | 'imports' | 'probe';
export type Accel = 'auto' | 'kvm' | 'tcg';
export type Machine = 'q35' | 'microvm';

/** ops's `MapDirs`: a host glob mapped to a guest directory. */
export interface MapDir {
  readonly host: string;
  readonly guest: string;
}

export interface PortSpec {
  /** Host port (or the first of a range). */
  readonly host: number;
  readonly guest: number;
  readonly protocol: 'tcp' | 'udp';
}

interface MountCommon {
  /** Absolute guest directory, normalised; never `/`. */
  readonly guest: string;
  readonly readOnly: boolean;
  /** Where the user wrote it (`-v ./in:/in`, `Minops.Volumes[0]`), for errors. */
  readonly from: string;
}

/** A host directory shared with the guest through virtio-9p. */
export interface ShareMount extends MountCommon {
  readonly kind: 'share';
  /** Absolute host directory. */
  readonly host: string;
  /** The 9p mount tag, and `%tag` in the manifest: the share's index among the shares. */
  readonly tag: string;
}

/** A named volume: a TFS disk of its own, found by the guest through its label (the name). */
export interface VolumeMount extends MountCommon {
  readonly kind: 'volume';
  readonly name: string;
}

export type MountSpec = ShareMount | VolumeMount;

/** `none`: no network device at all; `user`: QEMU user-mode networking (DNS, host at 10.0.2.2). */
export type Net = 'none' | 'user';

export interface BuildSettings {
  /** Absolute path of the config file read, if any. Relative paths below are relative to its dir. */
  readonly configFile?: string;
  /** Absolute directory that Files, Dirs and MapDirs host paths start from (ops: the current
   * directory, or LocalFilesParentDirectory). Every other host path below is already absolute. */
  readonly baseDir: string;

  // --- ops's meaning ---
  /** ops `Program`: the ELF to exec instead of the Python interpreter (rare). */
  readonly program?: string;
  /** ops `Args`: extra arguments after the script, before command-line script args. */
  readonly args: readonly string[];
  /** ops `Env` merged with `-e` (flags win), sorted by key. */
  readonly env: readonly (readonly [string, string])[];
  /** ops `Files`: host files placed at the same (relative to baseDir) path in the guest. */
  readonly files: readonly string[];
  /** ops `Dirs`: host directories placed at the same path in the guest. */
  readonly dirs: readonly string[];
  /** ops `MapDirs`, sorted by host glob. */
  readonly mapDirs: readonly MapDir[];
  /** ops `ManifestPassthrough`: raw keys copied to the manifest's root tuple. Values are JSON. */
  readonly manifestPassthrough: readonly (readonly [string, unknown])[];
  /** ops `BaseVolumeSz` / `--size`, in bytes; undefined = as small as fits. */
  readonly imageSize?: number;
  /** ops `Kernel` (or RunConfig.Kernel): absolute path of the kernel image. */
  readonly kernel?: string;
  /** ops `Boot`: absolute path of the boot loader. */
  readonly boot?: string;
  /** ops `UefiBoot`: absolute path of the UEFI boot loader. */
  readonly uefiBoot?: string;
  readonly klibDir?: string;
  /** ops `Klibs` and RunConfig.Klibs, sorted, no duplicates. */
  readonly klibs: readonly string[];
  readonly nanosVersion?: string;
  readonly targetRoot?: string;

  // --- run (ops RunConfig + flags) ---
  readonly memoryMiB: number;
  readonly smp: number;
  /** RunConfig.Ports (tcp), RunConfig.UDPPorts (udp) and -p; sorted by protocol then host port. */
  readonly ports: readonly PortSpec[];
  /** `user` when asked for, or when a port is forwarded. */
  readonly net: Net;
  /** Host shares and volumes, in the order given: config Mounts, Minops.Volumes, then -v. */
  readonly mounts: readonly MountSpec[];
  readonly accel: Accel;
  /** undefined: not asked for; the run takes microvm where it carries the run's devices (chooseMachine). */
  readonly machine?: Machine;
  /** How the guest sees its disk; undefined: the machine's own (virtio-scsi on q35, virtio-blk on
   * microvm). */
  readonly diskBus?: DiskBus;
  /** Seconds; undefined = no timeout. */
  readonly timeoutSeconds?: number;
  readonly verbose: boolean;
  readonly json: boolean;

  // --- minops's own ---
  readonly rootfs: RootfsSource;
  /** Neither --rootfs nor Minops.Rootfs chose: `rootfs` is the default Dockerfile, used when docker
   * or podman works; otherwise the host's Python is used (with a notice). */
  readonly rootfsIsDefault: boolean;
  readonly slim: Slim;
  /** Guest globs always kept / always dropped, on top of what --slim selects. */
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly python: {
    /** Ship compiled bytecode (.pyc) alongside sources. Default true. */
    readonly writeBytecode: boolean;
    /** Guest path of the interpreter when the user names it; default: found in the rootfs. */
    readonly interpreter?: string;
  };
  /** Where kernels are kept (kernel ls/fetch, and the default for `kernel`). */
  readonly kernelDir?: string;
  /** Path of ops's mkfs to build the image with instead of minops's own writer. */
  readonly mkfs?: string;
  readonly label?: string;
  readonly uuid?: string;
  /** mkimage: add an EFI System Partition; run: that, and boot through UEFI firmware. */
  readonly uefi: boolean;
  /** mkimage: the file format written (default raw). */
  readonly format: ImageFormat;

  // --- run only ---
  readonly persist: boolean;
  readonly quietKernel: boolean;
  readonly traceMissing: boolean;
  readonly allowMissing: boolean;
  /** run: boot this image file or containerdisk reference instead of building one. */
  readonly image?: string;
  /** run --image REF / push: false to reach a registry without TLS checks. */
  readonly tlsVerify: boolean;
}
