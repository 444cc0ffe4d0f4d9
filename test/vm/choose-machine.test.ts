// microvm by default wherever it carries the run's devices and QEMU has it; q35 otherwise or when
// asked. The rule is pure; the CLI part boots nothing (a stand-in QEMU logs its argv).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { chooseMachine } from '../../src/vm/choose-machine.js';
import { machineCarries } from '../../src/vm/machine-carries.js';
import { machinesOf } from '../../src/vm/qemu-abilities.js';
import { kernel, needGcc, needKernel } from '../support/machine-needs.js';
import { describeWith } from '../support/needs.js';
import { runMinops } from '../support/run-minops.js';
import { makeFakeQemu } from './support/fake-qemu.js';

describe('chooseMachine', () => {
  const both = ['microvm', 'q35', 'pc'];
  const bare = { shares: 0, volumes: 0, net: 'none' } as const;

  test('microvm when nothing is asked and QEMU has it: the disk, volumes and a NIC have virtio-mmio forms', () => {
    expect(chooseMachine(undefined, bare, both)).toEqual({ machine: 'microvm', why: 'microvm carries every device of this run' });
    expect(chooseMachine(undefined, { shares: 0, volumes: 2, net: 'user' }, both).machine).toBe('microvm');
  });

  test('a host share (9p, a PCI-only driver in Nanos) takes q35, saying why', () => {
    const choice = chooseMachine(undefined, { shares: 1, volumes: 0, net: 'none' }, both);
    expect(choice.machine).toBe('q35');
    expect(choice.why).toBe((machineCarries('microvm', { shares: 1, volumes: 0, net: 'none' }) as { why: string }).why);
  });

  test('a PCI-only disk bus (virtio-scsi, NVMe) or a boot through UEFI firmware takes q35; virtio-blk stays on microvm', () => {
    expect(chooseMachine(undefined, { ...bare, diskBus: 'scsi' }, both)).toEqual({ machine: 'q35', why: '--disk-bus scsi needs q35: Nanos drives virtio-scsi over PCI only, and microvm has none' });
    expect(chooseMachine(undefined, { ...bare, diskBus: 'nvme' }, both).machine).toBe('q35');
    expect(chooseMachine(undefined, { ...bare, uefi: true }, both)).toEqual({ machine: 'q35', why: '--uefi needs q35: microvm boots the kernel directly, with no firmware' });
    expect(chooseMachine(undefined, { ...bare, diskBus: 'virtio' }, both).machine).toBe('microvm');
  });

  test('a QEMU without microvm gets q35, saying so; an unknown QEMU (a printed line) gets microvm', () => {
    expect(chooseMachine(undefined, bare, ['q35', 'pc'])).toEqual({ machine: 'q35', why: 'this QEMU has no microvm machine' });
    expect(chooseMachine(undefined, bare, []).machine).toBe('microvm');
  });

  test('what the user asks for is what boots', () => {
    expect(chooseMachine('q35', bare, both)).toEqual({ machine: 'q35', why: '--machine q35' });
    expect(chooseMachine('microvm', { shares: 0, volumes: 1, net: 'user' }, both)).toEqual({ machine: 'microvm', why: '--machine microvm' });
  });

  test('-machine help is read one machine per line', () => {
    expect(machinesOf('Supported machines are:\nmicrovm              microvm (i386)\npc                   Standard PC (alias of pc-i440fx-7.2)\nq35                  Standard PC (Q35 + ICH9, 2009)\n')).toEqual(['microvm', 'pc', 'q35']);
  });
});

describeWith([needKernel, needGcc], 'minops run and mkimage pick the machine by the same rule', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'minops-machine-'));
  writeFileSync(path.join(dir, 'hello.c'), '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n');
  execFileSync('gcc', ['-static', '-O2', '-o', path.join(dir, 'hello'), path.join(dir, 'hello.c')]);
  const env = (qemuDir: string) => ({ PATH: `${qemuDir}:${process.env.PATH}`, MINOPS_CACHE: path.join(dir, 'cache'), MINOPS_KERNEL_DIR: kernel!.dir });
  const machineOf = (argv: string) => /-machine (\S+)/.exec(argv)?.[1]?.split(',')[0];

  test('default: microvm, booted with the kernel handed over; -v says why', async () => {
    const qemu = makeFakeQemu('works');
    const r = await runMinops(['run', 'hello', '--rootfs', 'host', '--accel', 'tcg', '--verbose'], { cwd: dir, env: env(qemu.dir) });
    expect(r.stderr).toContain('minops: debug: machine: microvm (microvm carries every device of this run)');
    expect(qemu.calls().map(machineOf)).toEqual(['microvm']);
    expect(qemu.calls()[0]).toContain(`-kernel ${kernel!.kernelImg}`);
    // An ELF program from the host needs no Python: the host's python3 is not asked about itself.
    expect(r.stderr).not.toMatch(/^\+ python3 /m);
  });

  test('a host share: q35, by itself', async () => {
    const qemu = makeFakeQemu('works');
    const share = mkdtempSync(path.join(tmpdir(), 'minops-share-'));
    const r = await runMinops(['run', 'hello', '--rootfs', 'host', '--accel', 'tcg', '--verbose', '-v', `${share}:/data`], { cwd: dir, env: env(qemu.dir) });
    expect(r.stderr).toContain('minops: debug: machine: q35 (host directory shares');
    expect(qemu.calls().map(machineOf)).toEqual(['q35']);
  });

  test('a QEMU without microvm, or --machine q35: q35', async () => {
    const old = makeFakeQemu('works', ['q35', 'pc']);
    await runMinops(['run', 'hello', '--rootfs', 'host', '--accel', 'tcg'], { cwd: dir, env: env(old.dir) });
    const asked = makeFakeQemu('works');
    await runMinops(['run', 'hello', '--rootfs', 'host', '--accel', 'tcg', '--machine', 'q35'], { cwd: dir, env: env(asked.dir) });
    expect([...old.calls(), ...asked.calls()].map(machineOf)).toEqual(['q35', 'q35']);
  });

  test("mkimage's printed line follows the rule", async () => {
    const qemu = makeFakeQemu('works');
    const out = path.join(dir, 'hello.img');
    const line = (await runMinops(['mkimage', 'hello', out, '--rootfs', 'host', '--accel', 'tcg'], { cwd: dir, env: env(qemu.dir) })).stdout;
    expect(line).toMatch(/^qemu-system-x86_64 -machine microvm,rtc=on,ioapic2=off -kernel \S+ /);
    const q35 = (await runMinops(['mkimage', 'hello', out, '--rootfs', 'host', '--accel', 'tcg', '--machine', 'q35'], { cwd: dir, env: env(qemu.dir) })).stdout;
    expect(q35).toMatch(/^qemu-system-x86_64 -nodefaults -machine q35 /);
  });
});
