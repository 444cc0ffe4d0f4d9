// The image boots on the buses cloud and cluster engines attach its disk with — virtio-scsi (GCE),
// virtio-blk (KubeVirt, Firecracker), NVMe (AWS Nitro) — under SeaBIOS and under UEFI firmware
// (OVMF), on the real kernel (TCG). NVMe hangs this kernel on QEMU before 11.1 (src/vm/disk-bus.ts):
// there minops refuses it with one line instead of booting a guest that never ends, and the NVMe
// boots run on Debian 13's QEMU, unpacked beside the machine's by scripts/install-test-qemu.sh.
import { expect, test } from 'vitest';
import { MinopsError } from '../../src/errors.js';
import { bootVm } from '../../src/vm/boot-vm.js';
import { findOvmf } from '../../src/vm/find-ovmf.js';
import { parseQemuVersion, qemuVersion } from '../../src/vm/qemu-version.js';
import { nvmeHangsOn } from '../../src/vm/disk-bus.js';
import { vmSpec, type DiskBus } from '../../src/vm/vm-spec.js';
import { findQemu } from '../../src/vm/find-qemu.js';
import { describeWith } from '../support/needs.js';
import { bootNeeds, kernel, needNvmeQemu, needUefi, nvmeQemu } from '../support/machine-needs.js';
import { Capture } from './support/capture.js';
import { staticProgram, testImage } from './support/nanos-test-image.js';

const HELLO = `#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) { printf("hello from nanos\\n"); return argc > 1 ? atoi(argv[1]) : 0; }
`;
const LIMIT = { timeoutSeconds: 120 };

async function boot(bus: DiskBus, uefi: boolean, qemu?: string) {
  const disk = await testImage(kernel!, staticProgram(HELLO), { args: ['6'], uefi });
  const stdout = new Capture();
  const r = await bootVm(vmSpec(disk, { bus, accel: 'tcg', firmware: uefi ? findOvmf() : undefined }), { quietKernel: true, stdout, stderr: new Capture(), qemu, ...LIMIT });
  return { r, stdout: stdout.text };
}

describeWith(bootNeeds, 'disk buses on the real kernel', () => {
  test('virtio-blk on q35 (SeaBIOS): the program runs and its status comes back', async () => {
    const { r, stdout } = await boot('virtio', false);
    expect(r.argv).toContain('virtio-blk-pci,bus=pci.2,addr=0x0,drive=hd0');
    expect(stdout).toBe('hello from nanos\n');
    expect(r.status).toBe(6);
  });

  describeWith([needUefi], 'through UEFI firmware (OVMF)', () => {
    test.each(['scsi', 'virtio'] as const)('%s', async (bus) => {
      const { r, stdout } = await boot(bus, true);
      expect(r.argv.some((a) => a.startsWith('if=pflash,format=raw,unit=0,readonly=on,file='))).toBe(true);
      expect(stdout).toBe('hello from nanos\n');
      expect(r.status).toBe(6);
    }, 240_000);
  });

  test('NVMe on QEMU before 11.1 (this machine’s): refused with one line, the guest never started', async () => {
    const qemu = findQemu();
    const [major, minor] = qemuVersion(qemu)!;
    expect(nvmeHangsOn([major, minor]), `this test needs the machine's QEMU to be older than 11.1, not ${major}.${minor}`).toBe(true);
    const disk = await testImage(kernel!, staticProgram(HELLO), { args: ['6'] });
    const error = await bootVm(vmSpec(disk, { bus: 'nvme', accel: 'tcg' }), { quietKernel: true, stdout: new Capture(), stderr: new Capture(), ...LIMIT }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MinopsError);
    expect((error as MinopsError).message).toBe(`--disk-bus nvme: the guest would hang on this QEMU (${major}.${minor}), whose NVMe device drops the first interrupt of Nanos's NVMe driver`);
  });

  describeWith([needNvmeQemu], 'NVMe on QEMU 11.1 (Debian 13 backports)', () => {
    test('SeaBIOS: the program runs and its status comes back', async () => {
      expect(qemuVersion(nvmeQemu)).toEqual([11, 1]);
      const { r, stdout } = await boot('nvme', false, nvmeQemu);
      expect(r.argv).toContain('nvme,bus=pci.2,addr=0x0,serial=hd0,drive=hd0');
      expect(stdout).toBe('hello from nanos\n');
      expect(r.status).toBe(6);
    });

    describeWith([needUefi], 'through UEFI firmware (OVMF)', () => {
      test('the program runs and its status comes back', async () => {
        const { r, stdout } = await boot('nvme', true, nvmeQemu);
        expect(r.argv).toContain('nvme,bus=pci.2,addr=0x0,serial=hd0,drive=hd0');
        expect(stdout).toBe('hello from nanos\n');
        expect(r.status).toBe(6);
      }, 240_000);
    });
  });
});

test('NVMe is refused on the QEMU releases whose nvme device drops the first interrupt (before 11.1), not on later ones', () => {
  expect([[5, 2], [7, 2], [8, 2], [10, 0], [10, 2], [11, 0]].map((v) => nvmeHangsOn(v as [number, number]))).toEqual([true, true, true, true, true, true]);
  expect([[11, 1], [11, 2], [12, 0]].map((v) => nvmeHangsOn(v as [number, number]))).toEqual([false, false, false]);
});

test('QEMU’s version line is read as major.minor', () => {
  expect(parseQemuVersion('QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\nCopyright')).toEqual([7, 2]);
  expect(parseQemuVersion('QEMU emulator version 11.1.3 (Debian 1:11.1.3+ds-1~bpo13+1)')).toEqual([11, 1]);
  expect(parseQemuVersion('something else')).toBeUndefined();
});
