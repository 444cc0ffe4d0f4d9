// The flags shared by run, mkimage, manifest and rootfs report, and the command-specific ones,
// as yargs options; `buildFlagsFrom` turns parsed argv back into typed BuildFlags.
import type { Argv, Options } from 'yargs';
import type { BuildFlags } from '../config/build-flags.js';
import { MinopsError } from '../errors.js';

const group = 'Build options:';

/** The flags of every build command, as data: yargs gets them for help and full parsing, and
 * `quickParse` reads the same table for the fast path of `minops run` and `mkimage`. */
export const buildOptions = {
  config: { alias: 'c', type: 'string', group, describe: 'ops-style config.json (default: ./config.json when present)', requiresArg: true },
  memory: { alias: 'm', type: 'string', group, describe: 'guest memory: 512 (MiB), 512M, 2G (default 512M)', requiresArg: true },
  smp: { type: 'string', group, describe: 'number of virtual CPUs (default 1)', requiresArg: true },
  env: { alias: 'e', type: 'string', group, describe: 'set KEY=VALUE in the guest environment (repeatable; the value may contain =)', requiresArg: true },
  port: { alias: 'p', type: 'string', group, describe: 'forward a host port: 8080, 8080:80, 8000-8010, 53/udp (repeatable)', requiresArg: true },
  volume: {
    alias: 'v',
    type: 'string',
    group,
    describe: 'mount a host directory (./in:/in, ./in:/in:ro) or a named volume (NAME:/data) in the guest (repeatable; as docker -v)',
    requiresArg: true,
  },
  net: { alias: 'network', type: 'string', choices: ['none', 'user'], group, describe: 'guest network: none (default) or user (QEMU user-mode: DNS, host at 10.0.2.2); -p implies user' },
  rootfs: {
    type: 'string',
    group,
    describe: 'where Python comes from: dockerfile:PATH (default dockerfile:Dockerfile.rootfs), docker-daemon:REF, podman:REF, docker-archive:FILE, oci-archive:FILE, oci:DIR, dir:PATH, host',
    requiresArg: true,
  },
  slim: { type: 'string', choices: ['none', 'stdlib', 'imports', 'probe'], group, describe: 'what to keep of the Python tree (default imports; probe: imports plus what one boot with the whole rootfs opens)' },
  'kernel-dir': { type: 'string', group, describe: 'where Nanos kernels are kept', requiresArg: true },
  accel: { type: 'string', choices: ['auto', 'kvm', 'tcg'], group, describe: 'QEMU accelerator (default auto: kvm when it works)' },
  machine: { type: 'string', choices: ['q35', 'microvm'], group, describe: "QEMU machine type (default: microvm when it can carry the run's devices, else q35)" },
  'disk-bus': { type: 'string', group, describe: 'how the guest sees its disk: scsi (virtio-scsi, default on q35), virtio (virtio-blk, default on microvm), nvme; scsi and nvme need q35', requiresArg: true },
  timeout: { type: 'string', group, describe: 'stop the guest after SECONDS (exit status 124)', requiresArg: true },
} satisfies Record<string, Options>;

const runGroup = 'Run options:';
export const runOptions = {
  persist: { type: 'boolean', group: runGroup, describe: 'keep what the guest writes to its disk for the next run' },
  'quiet-kernel': { type: 'boolean', group: runGroup, describe: "hide the kernel's own console messages" },
  'trace-missing': { type: 'boolean', group: runGroup, describe: 'list the full paths the program failed to open that are not in the image (kernel strace klib), noise left out, with a Minops.Include line' },
  'allow-missing': { type: 'boolean', group: runGroup, describe: 'build even when a needed shared library is missing' },
  uefi: { type: 'boolean', group: runGroup, describe: 'boot through UEFI firmware (OVMF), with an EFI System Partition in the image' },
  image: {
    type: 'string',
    group: runGroup,
    describe: 'boot an image built earlier instead of a script: a file (raw, qcow2, vmdk, vhd, gce, containerdisk) or a containerdisk reference (podman storage or a registry)',
    requiresArg: true,
  },
  'tls-verify': { type: 'boolean', group: runGroup, describe: 'check TLS when pulling --image REF from a registry (--tls-verify=false for a local registry)' },
} satisfies Record<string, Options>;

const imageGroup = 'Image options:';
export const mkimageOptions = {
  mkfs: { type: 'string', group: imageGroup, describe: "build with this Nanos mkfs instead of minops's own writer (auto: find a Nanos build's output/tools/bin/mkfs)", requiresArg: true },
  size: { type: 'string', group: imageGroup, describe: 'image size: 100m, 1g (default: as small as fits)', requiresArg: true },
  uefi: { type: 'boolean', group: imageGroup, describe: 'make the image bootable with UEFI too' },
  format: { type: 'string', group: imageGroup, describe: 'raw (default), qcow2, vmdk (AWS), vhd (Azure), gce (Google Compute Engine), containerdisk (KubeVirt)', requiresArg: true },
  uuid: { type: 'string', group: imageGroup, describe: 'volume UUID (for reproducible images)', requiresArg: true },
  label: { type: 'string', group: imageGroup, describe: 'volume label', requiresArg: true },
} satisfies Record<string, Options>;

/** Flags every command takes (main.ts gives them to yargs). No -v: as in docker, -v mounts a
 * volume (run, mkimage, manifest, rootfs report). */
export const globalOptions = {
  verbose: { type: 'boolean', describe: 'print every external command before it runs, and stack traces' },
  json: { type: 'boolean', describe: 'machine-readable output on stdout; no spinner' },
} satisfies Record<string, Options>;

// Handlers read parsed flags as plain records, so the inferred option types are not kept.
const withOptions = <T>(y: Argv<T>, options: Record<string, Options>): Argv<T> => y.options(options) as unknown as Argv<T>;
export const withBuildOptions = <T>(y: Argv<T>): Argv<T> => withOptions(y, buildOptions);
export const withRunOptions = <T>(y: Argv<T>): Argv<T> => withOptions(y, runOptions);
export const withMkimageOptions = <T>(y: Argv<T>): Argv<T> => withOptions(y, mkimageOptions);

type Argvish = Record<string, unknown>;

// A flag given twice arrives as an array; given once, as a string.
const list = (v: unknown): string[] | undefined => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).map(String));
const last = (v: unknown): string | undefined => (v === undefined ? undefined : String(Array.isArray(v) ? v[v.length - 1] : v));
const bool = (v: unknown): boolean | undefined => (v === undefined ? undefined : Boolean(Array.isArray(v) ? v[v.length - 1] : v));
const num = (v: unknown, flag: string): number | undefined => {
  const s = last(v);
  if (s === undefined) return undefined;
  if (!/^\s*\d+(\.\d+)?\s*$/.test(s)) throw new MinopsError('USAGE', `${flag}: "${s}" is not a number`);
  return Number(s);
};

export function buildFlagsFrom(a: Argvish): BuildFlags {
  return {
    memory: last(a.memory),
    smp: num(a.smp, '--smp'),
    env: list(a.env),
    port: list(a.port),
    volume: list(a.volume),
    net: last(a.net) as BuildFlags['net'],
    rootfs: last(a.rootfs),
    slim: last(a.slim) as BuildFlags['slim'],
    kernelDir: last(a['kernel-dir']),
    accel: last(a.accel) as BuildFlags['accel'],
    machine: last(a.machine) as BuildFlags['machine'],
    diskBus: last(a['disk-bus']),
    timeout: num(a.timeout, '--timeout'),
    verbose: bool(a.verbose),
    json: bool(a.json),
    persist: bool(a.persist),
    quietKernel: bool(a['quiet-kernel']),
    traceMissing: bool(a['trace-missing']),
    allowMissing: bool(a['allow-missing']),
    image: last(a.image),
    tlsVerify: bool(a['tls-verify']),
    mkfs: last(a.mkfs),
    size: last(a.size),
    uefi: bool(a.uefi),
    format: last(a.format),
    uuid: last(a.uuid),
    label: last(a.label),
  };
}
