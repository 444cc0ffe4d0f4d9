// Real QEMU, no kernel: a blank disk makes SeaBIOS look for a boot device for a long while, which
// is all a timeout or a signal needs.
import { execa } from 'execa';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { bootVm } from '../../src/vm/boot-vm.js';
import { vmSpec } from '../../src/vm/vm-spec.js';
import { repoRoot } from '../support/debian-rootfs.js';
import { Capture } from './support/capture.js';
import { qemuPidsUsing, waitFor } from './support/qemu-processes.js';
import { describeWith } from '../support/needs.js';
import { needQemu } from '../support/machine-needs.js';

const disks: string[] = [];
// A failing test must not leave its QEMU behind for the next run to trip over.
afterEach(() => {
  for (const disk of disks.splice(0)) for (const pid of qemuPidsUsing(disk)) process.kill(pid, 'SIGKILL');
});

function blankDisk(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'minops boot,test:'));
  const disk = path.join(dir, 'blank.img');
  writeFileSync(disk, Buffer.alloc(1 << 20));
  disks.push(disk);
  return disk;
}

describeWith([needQemu], 'booting with the real QEMU (blank disk)', () => {
  test('--timeout 1: QEMU is killed, the result says timedOut with status 124, no QEMU is left', async () => {
    const disk = blankDisk();
    const r = await bootVm(vmSpec(disk, { accel: 'tcg', memoryMiB: 64 }), { timeoutSeconds: 1, stdout: new Capture(), stderr: new Capture() });
    expect(r).toMatchObject({ timedOut: true, status: 124, accel: 'tcg' });
    expect(qemuPidsUsing(disk)).toEqual([]);
  });

  test('a guest silent for a while gets one note: still running, how to stop it, how to see more', async () => {
    const disk = blankDisk();
    const notices: string[] = [];
    const r = await bootVm(vmSpec(disk, { accel: 'tcg', memoryMiB: 64 }), {
      timeoutSeconds: 2,
      silenceNoteSeconds: 0.5,
      onEvent: (e) => e.kind === 'notice' && notices.push(e.message),
      stdout: new Capture(),
      stderr: new Capture(),
    });
    expect(r.timedOut).toBe(true);
    expect(notices).toEqual([
      'the guest has printed nothing for 0.5 s and is still running: Ctrl-C stops it, or --timeout stops it after 2 s; nothing came from the kernel either: --verbose shows the QEMU command line',
    ]);
  });

  test.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
    // The terminal minops ran in was closed.
    ['SIGHUP', 129],
  ] as const)('%s to minops stops QEMU: exit %i and no orphan', async (signal, code) => {
    const disk = blankDisk();
    const driver = execa('node', ['--import', 'tsx', path.join(repoRoot, 'test/vm/support/boot-driver.ts'), disk], {
      cwd: repoRoot,
      reject: false,
    });
    expect(await waitFor(() => qemuPidsUsing(disk).length === 1, 20_000)).toBe(true);
    driver.kill(signal);
    const result = await driver;
    expect(result.exitCode).toBe(code);
    expect(qemuPidsUsing(disk)).toEqual([]);
  });

  test('a disk QEMU cannot open is QEMU_FAILED with QEMU\'s own words, not a guest status', async () => {
    const missing = path.join(os.tmpdir(), 'minops-no-such-dir', 'none.img');
    const boot = bootVm(vmSpec(missing, { accel: 'tcg' }), { stdout: new Capture(), stderr: new Capture() });
    await expect(boot).rejects.toMatchObject({ code: 'QEMU_FAILED', message: expect.stringContaining('none.img') });
  });
});

describe('QEMU not installed', () => {
  test('QEMU_MISSING with the install command, before anything runs', async () => {
    const emptyDir = mkdtempSync(path.join(os.tmpdir(), 'minops-empty-path-'));
    const boot = bootVm(vmSpec('/nonexistent.img', { accel: 'tcg' }), { envPath: emptyDir });
    await expect(boot).rejects.toMatchObject({
      code: 'QEMU_MISSING',
      message: `qemu-system-x86_64 was not found on PATH (${emptyDir})`,
      hint: 'install it with: sudo apt-get install qemu-system-x86',
    });
  });
});
