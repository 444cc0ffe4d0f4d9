import { describe, expect, test } from 'vitest';
import type { BuildFlags } from '../../src/config/build-flags.js';
import type { BuildSettings } from '../../src/config/build-settings.js';
import { parseConfigText } from '../../src/config/read-config.js';
import { resolveSettings } from '../../src/config/resolve-settings.js';
import { MinopsError } from '../../src/errors.js';

const cwd = '/work/app';
const configOf = (text: string) => parseConfigText(text, '/work/app/config.json').config;

/** The USAGE error resolveSettings throws for these flags (fails the test if it throws none). */
function usageErrorOf(flags: BuildFlags): MinopsError {
  let error: unknown;
  try {
    resolveSettings({ config: {}, flags, cwd });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(MinopsError);
  expect((error as MinopsError).code).toBe('USAGE');
  return error as MinopsError;
}

const opsConfig = configOf(`{
  "Args": ["--verbose"],
  "Env": {"B": "from-file", "A": "from-file"},
  "Files": ["data/a.csv"],
  "MapDirs": {"/etc/ssl/*": "/etc/ssl", "/a/*": "/a"},
  "ManifestPassthrough": {"zeta": "1", "alpha": {"x": "y"}},
  "BaseVolumeSz": "100m",
  "Kernel": "k/kernel.img",
  "Klibs": ["ntp", "tls"],
  "RunConfig": {"Memory": "2G", "CPUs": 2, "Ports": ["8080"], "UDPPorts": ["53"], "Accel": false, "Klibs": ["ntp", "cloud_init"]},
  "Minops": {"Rootfs": "dir:rootfs", "Slim": "stdlib", "Timeout": 30, "Python": {"WriteBytecode": false}}
}`);

describe('resolveSettings', () => {
  test('defaults with no config and no flags', () => {
    const s = resolveSettings({ config: {}, flags: {}, cwd, defaultDockerfile: '/opt/minops/Dockerfile.rootfs' });
    expect(s).toEqual<BuildSettings>({
      configFile: undefined,
      baseDir: cwd,
      program: undefined,
      args: [],
      env: [],
      files: [],
      dirs: [],
      mapDirs: [],
      manifestPassthrough: [],
      imageSize: undefined,
      kernel: undefined,
      boot: undefined,
      uefiBoot: undefined,
      klibDir: undefined,
      klibs: [],
      nanosVersion: undefined,
      targetRoot: undefined,
      memoryMiB: 512,
      smp: 1,
      ports: [],
      net: 'none',
      mounts: [],
      accel: 'auto',
      machine: undefined,
      diskBus: undefined,
      timeoutSeconds: undefined,
      verbose: false,
      json: false,
      rootfs: { kind: 'dockerfile', path: '/opt/minops/Dockerfile.rootfs' },
      rootfsIsDefault: true,
      slim: 'imports',
      include: [],
      exclude: [],
      python: { writeBytecode: true, interpreter: undefined },
      kernelDir: undefined,
      mkfs: undefined,
      label: undefined,
      uuid: undefined,
      uefi: false,
      format: 'raw',
      persist: false,
      quietKernel: false,
      traceMissing: false,
      allowMissing: false,
      image: undefined,
      tlsVerify: true,
    });
  });

  test('the config file alone, with ops meaning', () => {
    const s = resolveSettings({ config: opsConfig, configFile: '/work/app/config.json', flags: {}, cwd });
    expect(s).toMatchObject({
      configFile: '/work/app/config.json',
      args: ['--verbose'],
      env: [['A', 'from-file'], ['B', 'from-file']],
      files: ['data/a.csv'],
      mapDirs: [{ host: '/a/*', guest: '/a' }, { host: '/etc/ssl/*', guest: '/etc/ssl' }],
      manifestPassthrough: [['alpha', { x: 'y' }], ['zeta', '1']],
      imageSize: 100 * 1024 * 1024,
      kernel: '/work/app/k/kernel.img',
      klibs: ['cloud_init', 'ntp', 'tls'],
      memoryMiB: 2048,
      smp: 2,
      ports: [
        { protocol: 'tcp', host: 8080, guest: 8080 },
        { protocol: 'udp', host: 53, guest: 53 },
      ],
      accel: 'tcg',
      timeoutSeconds: 30,
      rootfs: { kind: 'dir', path: '/work/app/rootfs' },
      rootfsIsDefault: false,
      slim: 'stdlib',
      python: { writeBytecode: false },
    });
  });

  test('flags override the file; -e merges per key and keeps "=" in values; -p adds ports', () => {
    const s = resolveSettings({
      config: opsConfig,
      flags: { memory: '768', smp: 4, env: ['B=flag=1', 'C=x'], port: ['9000:90', '8080'], accel: 'kvm', rootfs: 'podman:python:3.12', slim: 'none', timeout: 5, size: '1g', verbose: true },
      cwd,
    });
    expect(s).toMatchObject({
      memoryMiB: 768,
      smp: 4,
      env: [['A', 'from-file'], ['B', 'flag=1'], ['C', 'x']],
      ports: [
        { protocol: 'tcp', host: 8080, guest: 8080 },
        { protocol: 'tcp', host: 9000, guest: 90 },
        { protocol: 'udp', host: 53, guest: 53 },
      ],
      accel: 'kvm',
      rootfs: { kind: 'podman', ref: 'python:3.12' },
      slim: 'none',
      timeoutSeconds: 5,
      imageSize: 1024 ** 3,
      verbose: true,
    });
  });

  test('Minops.Accel wins over RunConfig.Accel; flag paths are from cwd, file paths from LocalFilesParentDirectory', () => {
    const config = configOf('{"LocalFilesParentDirectory": "../base", "Boot": "boot.img", "RunConfig": {"Accel": true}, "Minops": {"Accel": "tcg", "Mkfs": "bin/mkfs"}}');
    const s = resolveSettings({ config, flags: { kernelDir: 'kernels', rootfs: 'oci-archive:py.tar' }, cwd });
    expect(s).toMatchObject({
      baseDir: '/work/base',
      boot: '/work/base/boot.img',
      mkfs: '/work/base/bin/mkfs',
      accel: 'tcg',
      kernelDir: '/work/app/kernels',
      rootfs: { kind: 'oci-archive', file: '/work/app/py.tar' },
    });
  });

  test('mounts: config Mounts (ops), Minops.Volumes, then -v; file paths from the config, flag paths from cwd; 9p tags in order', () => {
    const config = configOf('{"LocalFilesParentDirectory": "../base", "Mounts": {"data": "/data", "./in": "/in:ro"}, "Minops": {"Volumes": ["./cfg:/cfg"]}}');
    const s = resolveSettings({ config, flags: { volume: ['out:/out', './out:/results'] }, cwd });
    expect(s.mounts).toEqual([
      { kind: 'volume', name: 'data', guest: '/data', readOnly: false, from: 'Mounts["data"]' },
      { kind: 'share', host: '/work/base/in', guest: '/in', readOnly: true, tag: '0', from: 'Mounts["./in"]' },
      { kind: 'share', host: '/work/base/cfg', guest: '/cfg', readOnly: false, tag: '1', from: 'Minops.Volumes[0]' },
      { kind: 'volume', name: 'out', guest: '/out', readOnly: false, from: '-v out:/out' },
      { kind: 'share', host: '/work/app/out', guest: '/results', readOnly: false, tag: '2', from: '-v ./out:/results' },
    ]);
  });

  test('--net: none by default, user when asked or when a port is forwarded', () => {
    expect(resolveSettings({ config: {}, flags: {}, cwd }).net).toBe('none');
    expect(resolveSettings({ config: {}, flags: { net: 'user' }, cwd }).net).toBe('user');
    expect(resolveSettings({ config: configOf('{"Minops": {"Net": "user"}}'), flags: {}, cwd }).net).toBe('user');
    expect(resolveSettings({ config: {}, flags: { port: ['8080'] }, cwd }).net).toBe('user');
  });

  test.each([
    [{ volume: ['./a:/data', 'v:/data'] }, '-v v:/data: /data is already mounted by -v ./a:/data'],
    [{ volume: ['./a:/data', 'v:/data/sub'] }, '-v v:/data/sub: /data/sub overlaps /data of -v ./a:/data (a mount inside another is hidden by it)'],
    [{ volume: ['./in:in'] }, '-v: "./in:in": the guest directory "in" is not absolute (write /in)'],
    [{ net: 'none' as const, port: ['8080'] }, '--net none: a forwarded port (-p, RunConfig.Ports) needs a network'],
  ])('bad mounts and networks: %j', (flags, line) => {
    const e = usageErrorOf(flags);
    expect(e.where ? `${e.where.file}: ${e.message}` : e.message).toBe(line);
  });

  test.each([
    ['{"Mounts": {"data": "data"}}', 'Mounts.data: "data:data": the guest directory "data" is not absolute (write /data)'],
    ['{"Minops": {"Volumes": ["./in:/"]}}', 'Minops.Volumes[0]: "./in:/": the guest directory is "/": a mount cannot hide the whole image'],
    ['{"Minops": {"Net": "bridge"}}', 'Minops.Net: "bridge" is not one of none, user'],
  ])('config %s is invalid with the key named', (text, message) => {
    expect(() => parseConfigText(text, '/work/app/config.json')).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ message })] }));
  });

  test("the disk bus is the machine's own unless Minops.DiskBus or --disk-bus chooses", () => {
    // Left to the machine the run boots (vmSpec: q35 scsi, microvm virtio).
    expect(resolveSettings({ config: {}, flags: { machine: 'microvm' }, cwd }).diskBus).toBeUndefined();
    expect(resolveSettings({ config: configOf('{"Minops": {"DiskBus": "nvme"}}'), flags: {}, cwd }).diskBus).toBe('nvme');
    expect(resolveSettings({ config: configOf('{"Minops": {"DiskBus": "nvme"}}'), flags: { diskBus: 'virtio' }, cwd }).diskBus).toBe('virtio');
    expect(resolveSettings({ config: {}, flags: { format: 'vhd' }, cwd }).format).toBe('vhd');
  });

  test.each([
    [{ memory: '2 gigs' }, '-m/--memory: "2 gigs" is not a memory size'],
    [{ smp: 0 }, '--smp: "0" is not a CPU count from 1 to 256'],
    [{ env: ['NOVALUE'] }, '-e: "NOVALUE" has no "="'],
    [{ port: ['http'] }, '-p/--port: "http" is not a port'],
    [{ port: ['8080:80', '8080:81'] }, '-p/--port: host port 8080/tcp is forwarded to both guest port 80 and 81'],
    [{ rootfs: 'docker:python' }, '--rootfs: unknown rootfs source "docker:python"'],
    [{ timeout: 0 }, '--timeout: "0" is not a number of seconds above 0'],
    [{ size: 'huge' }, '--size: "huge" is not a size'],
    [{ uuid: 'nope' }, '--uuid: "nope" is not a UUID'],
    [{ diskBus: 'ide' }, '--disk-bus: "ide" is not a disk bus; known: scsi, virtio, nvme'],
    [{ format: 'iso' }, '--format: "iso" is not an image format; known: raw, qcow2, vmdk, vhd, gce, containerdisk'],
    [{ machine: 'microvm' as const, diskBus: 'scsi' }, '--disk-bus scsi: microvm has only virtio-mmio devices, and Nanos drives virtio-scsi over PCI only'],
    [{ machine: 'microvm' as const, diskBus: 'nvme' }, '--disk-bus nvme: microvm has only virtio-mmio devices, and Nanos drives NVMe over PCI only'],
  ])('bad flag %j is a usage error naming the flag', (flags, message) => {
    expect(usageErrorOf(flags).message).toContain(message);
  });
});
