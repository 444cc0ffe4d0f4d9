// The flags shared by run, mkimage, manifest and rootfs report, and the command-specific ones,
// as yargs options; `buildFlagsFrom` turns parsed argv back into typed BuildFlags.
import type { Argv } from 'yargs';
import type { BuildFlags } from '../config/build-flags.js';
import { MinopsError } from '../errors.js';

const group = 'Build options:';

export function withBuildOptions<T>(y: Argv<T>): Argv<T> {
  return y
    .option('config', { alias: 'c', type: 'string', group, describe: 'ops-style config.json (default: ./config.json when present)', requiresArg: true })
    .option('memory', { alias: 'm', type: 'string', group, describe: 'guest memory: 512 (MiB), 512M, 2G (default 512M)', requiresArg: true })
    .option('smp', { type: 'string', group, describe: 'number of virtual CPUs (default 1)', requiresArg: true })
    .option('env', { alias: 'e', type: 'string', group, describe: 'set KEY=VALUE in the guest environment (repeatable; the value may contain =)', requiresArg: true })
    .option('port', { alias: 'p', type: 'string', group, describe: 'forward a host port: 8080, 8080:80, 8000-8010, 53/udp (repeatable)', requiresArg: true })
    .option('volume', {
      alias: 'v',
      type: 'string',
      group,
      describe: 'mount a host directory (./in:/in, ./in:/in:ro) or a named volume (NAME:/data) in the guest (repeatable; as docker -v)',
      requiresArg: true,
    })
    .option('net', { alias: 'network', type: 'string', choices: ['none', 'user'], group, describe: 'guest network: none (default) or user (QEMU user-mode: DNS, host at 10.0.2.2); -p implies user' })
    .option('rootfs', {
      type: 'string',
      group,
      describe: 'where Python comes from: dockerfile:PATH (default dockerfile:Dockerfile.rootfs), docker-daemon:REF, podman:REF, docker-archive:FILE, oci-archive:FILE, oci:DIR, dir:PATH, host',
      requiresArg: true,
    })
    .option('slim', { type: 'string', choices: ['none', 'stdlib', 'imports', 'probe'], group, describe: 'what to keep of the Python tree (default imports; probe: imports plus what one boot with the whole rootfs opens)' })
    .option('kernel-dir', { type: 'string', group, describe: 'where Nanos kernels are kept', requiresArg: true })
    .option('accel', { type: 'string', choices: ['auto', 'kvm', 'tcg'], group, describe: 'QEMU accelerator (default auto: kvm when it works)' })
    .option('machine', { type: 'string', choices: ['q35', 'microvm'], group, describe: 'QEMU machine type (default q35)' })
    .option('disk-bus', { type: 'string', group, describe: 'how the guest sees its disk: scsi (virtio-scsi, default on q35), virtio (virtio-blk, default on microvm), nvme', requiresArg: true })
    .option('timeout', { type: 'string', group, describe: 'stop the guest after SECONDS (exit status 124)', requiresArg: true });
}

export function withRunOptions<T>(y: Argv<T>): Argv<T> {
  const g = 'Run options:';
  return y
    .option('persist', { type: 'boolean', group: g, describe: 'keep what the guest writes to its disk for the next run' })
    .option('quiet-kernel', { type: 'boolean', group: g, describe: "hide the kernel's own console messages" })
    .option('trace-missing', { type: 'boolean', group: g, describe: 'list the full paths the program failed to open that are not in the image (kernel strace klib), noise left out, with a Minops.Include line' })
    .option('allow-missing', { type: 'boolean', group: g, describe: 'build even when a needed shared library is missing' })
    .option('uefi', { type: 'boolean', group: g, describe: 'boot through UEFI firmware (OVMF), with an EFI System Partition in the image' })
    .option('image', {
      type: 'string',
      group: g,
      describe: 'boot an image built earlier instead of a script: a file (raw, qcow2, vmdk, vhd, gce, containerdisk) or a containerdisk reference (podman storage or a registry)',
      requiresArg: true,
    })
    .option('tls-verify', { type: 'boolean', group: g, describe: 'check TLS when pulling --image REF from a registry (--tls-verify=false for a local registry)' });
}

export function withMkimageOptions<T>(y: Argv<T>): Argv<T> {
  const g = 'Image options:';
  return y
    .option('mkfs', { type: 'string', group: g, describe: "build with this Nanos mkfs instead of minops's own writer (auto: find a Nanos build's output/tools/bin/mkfs)", requiresArg: true })
    .option('size', { type: 'string', group: g, describe: 'image size: 100m, 1g (default: as small as fits)', requiresArg: true })
    .option('uefi', { type: 'boolean', group: g, describe: 'make the image bootable with UEFI too' })
    .option('format', { type: 'string', group: g, describe: 'raw (default), qcow2, vmdk (AWS), vhd (Azure), gce (Google Compute Engine), containerdisk (KubeVirt)', requiresArg: true })
    .option('uuid', { type: 'string', group: g, describe: 'volume UUID (for reproducible images)', requiresArg: true })
    .option('label', { type: 'string', group: g, describe: 'volume label', requiresArg: true });
}

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
