import { describe, expect, test } from 'vitest';
import type { BuildSettings } from '../../src/config/build-settings.js';
import { parseConfigText } from '../../src/config/read-config.js';
import { resolveSettings } from '../../src/config/resolve-settings.js';
import { MinopsError } from '../../src/errors.js';

const cwd = '/work/app';
const configOf = (text: string) => parseConfigText(text, '/work/app/config.json').config;

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
      accel: 'auto',
      machine: 'q35',
      diskBus: 'scsi',
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

  test('the disk bus defaults per machine (q35: scsi, microvm: virtio); Minops.DiskBus and --disk-bus choose', () => {
    expect(resolveSettings({ config: {}, flags: { machine: 'microvm' }, cwd }).diskBus).toBe('virtio');
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
    let error: unknown;
    try {
      resolveSettings({ config: {}, flags, cwd });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MinopsError);
    expect((error as MinopsError).code).toBe('USAGE');
    expect((error as MinopsError).message).toContain(message);
  });
});
