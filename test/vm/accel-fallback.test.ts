import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { StageEvent } from '../../src/events.js';
import { bootVm } from '../../src/vm/boot-vm.js';
import { kvmUsable } from '../../src/vm/choose-accel.js';
import { vmSpec } from '../../src/vm/vm-spec.js';
import { Capture } from './support/capture.js';
import { makeFakeQemu } from './support/fake-qemu.js';
import { describeWith } from '../support/needs.js';
import { needQemu } from '../support/machine-needs.js';

function scratch() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'minops-accel-'));
  const kvmDevice = path.join(dir, 'kvm'); // a readable, writable stand-in for /dev/kvm
  writeFileSync(kvmDevice, '');
  const disk = path.join(dir, 'disk.img');
  writeFileSync(disk, Buffer.alloc(1 << 20));
  return { dir, kvmDevice, disk, memoFile: path.join(dir, 'accel.json') };
}

const memo = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, { accel: string; reason: string }>;

describe('--accel auto with a QEMU that aborts under KVM (fake qemu)', () => {
  test('falls back to TCG, hides the abort, remembers it, and the next run goes straight to TCG', async () => {
    const qemu = makeFakeQemu('abort');
    const s = scratch();
    const stdout = new Capture();
    const stderr = new Capture();
    const events: StageEvent[] = [];
    const opts = { qemu: qemu.bin, kvmDevice: s.kvmDevice, accelMemoFile: s.memoFile, stdout, stderr, onEvent: (e: StageEvent) => events.push(e) };

    const first = await bootVm(vmSpec(s.disk), opts);
    expect(first).toMatchObject({ status: 3, accel: 'tcg', timedOut: false, rawExit: 7 });
    expect(qemu.calls().map((c) => / -accel (\w+)/.exec(c)?.[1])).toEqual(['kvm', 'tcg']);
    expect(stdout.text).toBe('hello from the fake guest\n');
    expect(stderr.text).toBe('');
    expect(events).toContainEqual({ kind: 'debug', message: expect.stringMatching(/^KVM failed \(QEMU said: error: failed to set MSR 0x10a/) });
    expect(Object.values(memo(s.memoFile))).toEqual([{ accel: 'tcg', reason: expect.stringContaining('failed to set MSR') }]);
    expect(Object.keys(memo(s.memoFile))[0]).toMatch(new RegExp(`^${os.hostname()} qemu-9\\.9\\.9$`));

    events.length = 0;
    const second = await bootVm(vmSpec(s.disk), opts);
    expect(second).toMatchObject({ status: 3, accel: 'tcg' });
    expect(qemu.calls()).toHaveLength(3);
    expect(qemu.calls()[2]).toContain('-accel tcg');
    expect(events).toContainEqual({ kind: 'debug', message: expect.stringMatching(/^accelerator: tcg \(remembered for this host: KVM failed/) });
  });

  test('a KVM internal error after the guest started: QEMU is stopped, the boot is redone under TCG, with a note', async () => {
    const qemu = makeFakeQemu('internal-error');
    const s = scratch();
    const stdout = new Capture();
    const r = await bootVm(vmSpec(s.disk), { qemu: qemu.bin, kvmDevice: s.kvmDevice, accelMemoFile: s.memoFile, stdout, stderr: new Capture() });
    expect(r).toMatchObject({ status: 3, accel: 'tcg' });
    expect(r.notes).toContain('KVM failed after the guest had started; it was booted again under TCG');
    expect(stdout.text).toBe('guest started under kvm\nhello from the fake guest\n');
  });

  test('a KVM that works is used and remembered', async () => {
    const qemu = makeFakeQemu('works');
    const s = scratch();
    const r = await bootVm(vmSpec(s.disk), { qemu: qemu.bin, kvmDevice: s.kvmDevice, accelMemoFile: s.memoFile, stdout: new Capture() });
    expect(r).toMatchObject({ status: 3, accel: 'kvm' });
    expect(Object.values(memo(s.memoFile))).toEqual([{ accel: 'kvm', reason: 'a KVM boot worked' }]);
  });

  test('no usable /dev/kvm: TCG at once, nothing remembered', async () => {
    const qemu = makeFakeQemu('abort');
    const s = scratch();
    const r = await bootVm(vmSpec(s.disk), { qemu: qemu.bin, kvmDevice: path.join(s.dir, 'no-kvm'), accelMemoFile: s.memoFile, stdout: new Capture() });
    expect(r.accel).toBe('tcg');
    expect(qemu.calls()).toHaveLength(1);
    expect(existsSync(s.memoFile)).toBe(false);
  });

  test('--accel kvm does not fall back: the KVM failure is a QEMU_FAILED error saying what to do', async () => {
    const qemu = makeFakeQemu('abort');
    const s = scratch();
    const boot = bootVm(vmSpec(s.disk, { accel: 'kvm' }), { qemu: qemu.bin, accelMemoFile: s.memoFile, stdout: new Capture(), stderr: new Capture() });
    await expect(boot).rejects.toMatchObject({
      code: 'QEMU_FAILED',
      message: expect.stringContaining('failed under KVM: QEMU said: error: failed to set MSR 0x10a to 0x69'),
      hint: expect.stringContaining('--accel tcg'),
    });
  });
});

describeWith([needQemu], '--accel auto with the real QEMU (blank disk, no kernel needed)', () => {
  test('ends on an accelerator that runs, and remembers why', async () => {
    const s = scratch();
    const r = await bootVm(vmSpec(s.disk), { timeoutSeconds: 2, accelMemoFile: s.memoFile, stdout: new Capture(), stderr: new Capture() });
    expect(r.timedOut).toBe(true);
    if (kvmUsable('/dev/kvm')) {
      // On this project's machines KVM aborts at start, so this is TCG with the reason recorded.
      const [entry] = Object.values(memo(s.memoFile));
      expect(entry?.accel).toBe(r.accel);
      expect(r.accel === 'kvm' || /KVM failed/.test(entry?.reason ?? '')).toBe(true);
    } else {
      expect(r.accel).toBe('tcg');
    }
  });
});
