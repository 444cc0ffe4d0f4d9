import { describe, expect, test } from 'vitest';
import { diskBusArgs } from '../../src/vm/argv/disk-bus.js';
import { optList } from '../../src/vm/argv/opt-list.js';
import { machineCarries } from '../../src/vm/machine-carries.js';
import { qemuArgv } from '../../src/vm/qemu-argv.js';
import { shellQuote } from '../../src/shell-quote.js';
import { vmSpec } from '../../src/vm/vm-spec.js';

// The spec's "Verified on the real kernel" q35 line, token by token, without q35's default devices.
const VERIFIED_Q35 = [
  '-nodefaults',
  '-machine', 'q35',
  '-accel', 'tcg',
  '-cpu', 'max',
  '-m', '512M',
  '-display', 'none',
  '-serial', 'stdio',
  '-device', 'pcie-root-port,port=0x10,chassis=1,id=pci.1,bus=pcie.0,multifunction=on,addr=0x3',
  '-device', 'pcie-root-port,port=0x11,chassis=2,id=pci.2,bus=pcie.0,addr=0x3.0x1',
  '-device', 'pcie-root-port,port=0x12,chassis=3,id=pci.3,bus=pcie.0,addr=0x3.0x2',
  '-device', 'virtio-rng-pci',
  '-device', 'isa-debug-exit',
  '-no-reboot',
  '-drive', 'if=none,id=hd0,format=raw,file=/images/hello.img',
  '-device', 'virtio-scsi-pci,bus=pci.2,addr=0x0,id=scsi0',
  '-device', 'scsi-hd,bus=scsi0.0,drive=hd0',
  '-snapshot',
  '-nic', 'none',
];

describe('qemuArgv', () => {
  test('default q35 line is the verified one', () => {
    expect(qemuArgv(vmSpec('/images/hello.img', { accel: 'tcg' }))).toEqual(VERIFIED_Q35);
  });

  test('a disk path with a space, a comma and a colon stays one token, made absolute, comma doubled', () => {
    const argv = qemuArgv(vmSpec('my dir/a,b:c.img', { accel: 'tcg' }));
    const drive = argv[argv.indexOf('-drive') + 1];
    expect(drive).toBe(`if=none,id=hd0,format=raw,file=${process.cwd()}/my dir/a,,b:c.img`);
    expect(shellQuote(['-drive', drive!])).toBe(`-drive 'if=none,id=hd0,format=raw,file=${process.cwd()}/my dir/a,,b:c.img'`);
  });

  test('microvm boots the kernel directly with a virtio-mmio disk', () => {
    const argv = qemuArgv(vmSpec('/i.img', { machine: 'microvm', accel: 'tcg', kernelImg: '/k/kernel.img' }));
    expect(argv).toEqual([
      '-machine', 'microvm,rtc=on,ioapic2=off',
      '-kernel', '/k/kernel.img',
      '-global', 'virtio-mmio.force-legacy=false',
      '-accel', 'tcg',
      '-cpu', 'max',
      '-m', '512M',
      '-display', 'none',
      '-serial', 'stdio',
      '-device', 'virtio-rng-device',
      '-device', 'isa-debug-exit',
      '-no-reboot',
      '-drive', 'if=none,id=hd0,format=raw,file=/i.img',
      '-device', 'virtio-blk-device,drive=hd0',
      '-snapshot',
      '-nic', 'none',
    ]);
  });

  test('microvm without a kernel is a programming error, not a silent q35 boot', () => {
    expect(() => qemuArgv(vmSpec('/i.img', { machine: 'microvm' }))).toThrow(/kernelImg/);
  });

  test('persist drops -snapshot; memory, smp, cpu and accel come from the spec', () => {
    const argv = qemuArgv(vmSpec('/i.img', { persist: true, memoryMiB: 1024, smp: 2, accel: 'kvm' }));
    expect(argv).not.toContain('-snapshot');
    expect(argv.join(' ')).toContain('-accel kvm -cpu host -m 1024M -smp 2');
  });

  test('auto lists KVM then TCG (QEMU falls back itself) with a CPU model both accept', () => {
    const argv = qemuArgv(vmSpec('/i.img'));
    expect(argv.slice(3, 9)).toEqual(['-accel', 'kvm', '-accel', 'tcg', '-cpu', 'max']);
  });

  test('ports turn on user-mode networking with one hostfwd each, behind pci.3', () => {
    const argv = qemuArgv(
      vmSpec('/i.img', { accel: 'tcg', ports: [{ host: 8080, guest: 80, protocol: 'tcp' }, { host: 5353, guest: 53, protocol: 'udp' }] }),
    );
    expect(argv).not.toContain('-nic');
    const at = argv.indexOf('-netdev');
    expect(argv.slice(at, at + 4)).toEqual([
      '-netdev', 'user,id=n0,hostfwd=tcp::8080-:80,hostfwd=udp::5353-:53',
      '-device', 'virtio-net-pci,bus=pci.3,addr=0x0,netdev=n0',
    ]);
  });

  test('--net user without ports: a user-mode NIC with no forwards', () => {
    const argv = qemuArgv(vmSpec('/i.img', { accel: 'tcg', net: 'user' }));
    expect(argv.slice(-4)).toEqual(['-netdev', 'user,id=n0', '-device', 'virtio-net-pci,bus=pci.3,addr=0x0,netdev=n0']);
  });

  test('shares: one local fsdev (absolute path, commas doubled) and one virtio-9p-pci per share, tagged as the manifest names them', () => {
    const argv = qemuArgv(vmSpec('/i.img', { accel: 'tcg', shares: [{ tag: '0', hostDir: '/srv/in' }, { tag: '1', hostDir: 'out,put' }] }));
    const at = argv.indexOf('-fsdev');
    expect(argv.slice(at, at + 8)).toEqual([
      '-fsdev', 'local,id=fs0,path=/srv/in,security_model=none',
      '-device', 'virtio-9p-pci,fsdev=fs0,mount_tag=0',
      '-fsdev', `local,id=fs1,path=${process.cwd()}/out,,put,security_model=none`,
      '-device', 'virtio-9p-pci,fsdev=fs1,mount_tag=1',
    ]);
    // Read-only is the kernel's to enforce: QEMU's readonly=on would make every read fail.
    expect(argv.join(' ')).not.toContain('readonly');
  });

  test('volumes on q35: more scsi-hd disks after the boot disk, kept out of -snapshot', () => {
    const argv = qemuArgv(vmSpec('/i.img', { accel: 'tcg', volumes: [{ file: '/v/data.img' }, { file: '/v/b.img' }] }));
    const drives = argv.flatMap((a, i) => (argv[i - 1] === '-drive' ? [a] : []));
    expect(drives).toEqual([
      'if=none,id=hd0,format=raw,file=/i.img',
      'if=none,id=vol0,format=raw,file=/v/data.img,snapshot=off',
      'if=none,id=vol1,format=raw,file=/v/b.img,snapshot=off',
    ]);
    expect(argv.filter((a) => a.startsWith('scsi-hd'))).toEqual(['scsi-hd,bus=scsi0.0,drive=hd0,bootindex=0', 'scsi-hd,bus=scsi0.0,drive=vol0', 'scsi-hd,bus=scsi0.0,drive=vol1']);
    expect(argv).toContain('-snapshot');
  });

  test('volumes on microvm: virtio-blk-device after the boot disk; with --persist no snapshot=off is needed', () => {
    const argv = qemuArgv(vmSpec('/i.img', { machine: 'microvm', kernelImg: '/k', accel: 'tcg', persist: true, volumes: [{ file: '/v/data.img' }] }));
    expect(argv.filter((a) => a.startsWith('virtio-blk-device'))).toEqual(['virtio-blk-device,drive=hd0', 'virtio-blk-device,drive=vol0']);
    expect(argv).toContain('if=none,id=vol0,format=raw,file=/v/data.img');
    expect(argv).not.toContain('-snapshot');
  });

  test('a share on microvm is a programming error (machineCarries refuses it first)', () => {
    expect(() => qemuArgv(vmSpec('/i.img', { machine: 'microvm', kernelImg: '/k', shares: [{ tag: '0', hostDir: '/in' }] }))).toThrow(/q35/);
  });

  test('each disk bus is its own device set behind pci.2; the drive keeps the file’s format', () => {
    const devices = (bus: 'scsi' | 'virtio' | 'nvme', format: 'raw' | 'qcow2' | 'vmdk' | 'vpc' = 'raw') => {
      const argv = qemuArgv(vmSpec('/i.img', { accel: 'tcg', bus, format }));
      const at = argv.indexOf('-drive');
      return argv.slice(at, argv.indexOf('-snapshot'));
    };
    expect(devices('scsi')).toEqual([
      '-drive', 'if=none,id=hd0,format=raw,file=/i.img',
      '-device', 'virtio-scsi-pci,bus=pci.2,addr=0x0,id=scsi0',
      '-device', 'scsi-hd,bus=scsi0.0,drive=hd0',
    ]);
    expect(devices('virtio', 'qcow2')).toEqual(['-drive', 'if=none,id=hd0,format=qcow2,file=/i.img', '-device', 'virtio-blk-pci,bus=pci.2,addr=0x0,drive=hd0']);
    expect(devices('nvme', 'vpc')).toEqual(['-drive', 'if=none,id=hd0,format=vpc,file=/i.img', '-device', 'nvme,bus=pci.2,addr=0x0,serial=hd0,drive=hd0']);
  });

  test('the bus part does not care how many drives there are: one controller, one device per drive, the image first to boot', () => {
    expect(diskBusArgs('q35', 'scsi', ['hd0', 'v1'])).toEqual([
      '-device', 'virtio-scsi-pci,bus=pci.2,addr=0x0,id=scsi0',
      '-device', 'scsi-hd,bus=scsi0.0,drive=hd0,bootindex=0',
      '-device', 'scsi-hd,bus=scsi0.0,drive=v1',
    ]);
    expect(diskBusArgs('q35', 'virtio', ['hd0', 'v1'])).toEqual(['-device', 'virtio-blk-pci,bus=pci.2,addr=0x0,drive=hd0,bootindex=0', '-device', 'virtio-blk-pci,drive=v1']);
    expect(diskBusArgs('q35', 'nvme', ['hd0', 'v1'])).toEqual(['-device', 'nvme,bus=pci.2,addr=0x0,serial=hd0,drive=hd0,bootindex=0', '-device', 'nvme,serial=v1,drive=v1']);
    expect(diskBusArgs('microvm', 'virtio', ['hd0', 'v1'])).toEqual(['-device', 'virtio-blk-device,drive=hd0', '-device', 'virtio-blk-device,drive=v1']);
    expect(diskBusArgs('q35', 'scsi', [])).toEqual([]);
  });

  test('UEFI firmware: the code read-only, the variable store behind a snapshot, right after -machine', () => {
    const argv = qemuArgv(vmSpec('/i.img', { accel: 'tcg', firmware: { code: '/fw/CODE.fd', vars: '/fw/VARS,1.fd' } }));
    expect(argv.slice(0, 7)).toEqual([
      '-nodefaults',
      '-machine', 'q35',
      '-drive', 'if=pflash,format=raw,unit=0,readonly=on,file=/fw/CODE.fd',
      '-drive', 'if=pflash,format=raw,unit=1,snapshot=on,file=/fw/VARS,,1.fd',
    ]);
    expect(() => qemuArgv(vmSpec('/i.img', { machine: 'microvm', kernelImg: '/k', firmware: { code: '/c', vars: '/v' } }))).toThrow(/UEFI/);
  });

  test('extra arguments come last, untouched', () => {
    const argv = qemuArgv(vmSpec('/i.img', { accel: 'tcg', extraArgs: ['-d', 'int,cpu_reset'] }));
    expect(argv.slice(-2)).toEqual(['-d', 'int,cpu_reset']);
  });
});

describe('machineCarries', () => {
  test('shares need q35; volumes and the network fit on both machines', () => {
    expect(machineCarries('q35', { shares: 2, volumes: 1, net: 'user' })).toEqual({ ok: true });
    expect(machineCarries('microvm', { shares: 0, volumes: 2, net: 'user' })).toEqual({ ok: true });
    expect(machineCarries('microvm', { shares: 1, volumes: 0, net: 'none' })).toEqual({ ok: false, why: expect.stringContaining('need q35') });
  });
});

describe('optList', () => {
  test('doubles commas in values, renders flags bare, drops false and undefined', () => {
    expect(optList([['file', 'a,b'], ['readonly', true], ['x', false], ['y', undefined], ['n', 3]])).toBe('file=a,,b,readonly,n=3');
  });
});

describe('shellQuote', () => {
  test('leaves safe words bare and single-quotes the rest', () => {
    expect(shellQuote(['qemu-system-x86_64', '-m', '512M', 'a b', "it's", ''])).toBe(
      `qemu-system-x86_64 -m 512M 'a b' 'it'\\''s' ''`,
    );
  });
  test('control characters are escaped so the line stays one line', () => {
    expect(shellQuote(['a\nb'])).toBe(`$'a\\nb'`);
  });
});

describe('qemuCommandLine', () => {
  test('is the argv after the binary name, pasteable into a shell', async () => {
    const { qemuCommandLine } = await import('../../src/vm/qemu-argv.js');
    expect(qemuCommandLine(vmSpec('/images/my image.img', { accel: 'tcg' }))).toBe(
      `qemu-system-x86_64 ${VERIFIED_Q35.join(' ').replace('if=none,id=hd0,format=raw,file=/images/hello.img', "'if=none,id=hd0,format=raw,file=/images/my image.img'")}`,
    );
  });
});
