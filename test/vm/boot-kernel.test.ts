// Real Nanos boots (TCG) of static C programs. Skipped, saying where it looked, without a kernel.
import { expect, test } from 'vitest';
import { bootVm } from '../../src/vm/boot-vm.js';
import { vmSpec } from '../../src/vm/vm-spec.js';
import { Capture } from './support/capture.js';
import { staticProgram, testImage } from './support/nanos-test-image.js';
import { qemuPidsUsing } from './support/qemu-processes.js';
import { describeWith } from '../support/needs.js';
import { bootNeeds, kernel } from '../support/machine-needs.js';


const HELLO = `#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) { printf("hello from nanos\\n"); return argc > 1 ? atoi(argv[1]) : 0; }
`;
const CRASH = `#include <stdio.h>
int main(void) { printf("before crash\\n"); fflush(stdout); fopen("/nope/missing.txt", "r"); *(volatile int *)8 = 1; return 0; }
`;
const SLOW = `#include <stdio.h>
#include <unistd.h>
int main(void) { printf("first line\\n"); fflush(stdout); sleep(2); printf("second line\\n"); return 0; }
`;

// A hung guest must not outlive the test.
const LIMIT = { timeoutSeconds: 50 };

describeWith(bootNeeds, `booting a real Nanos kernel (${kernel?.version ?? 'none found'})`, () => {
  test.each(['q35', 'microvm'] as const)('%s: the program prints, and its exit status 7 comes back', async (machine) => {
    const disk = await testImage(kernel!, staticProgram(HELLO), { args: ['7'] });
    const stdout = new Capture();
    const r = await bootVm(vmSpec(disk, { machine, kernelImg: kernel!.kernelImg }), { quietKernel: true, stdout, stderr: new Capture(), ...LIMIT });
    expect(r).toMatchObject({ status: 7, rawExit: 15, timedOut: false });
    expect(stdout.text).toBe('hello from nanos\n');
  });

  test('without --quiet-kernel the kernel lines are shown too', async () => {
    const disk = await testImage(kernel!, staticProgram(HELLO));
    const stdout = new Capture();
    const r = await bootVm(vmSpec(disk, { machine: 'microvm', kernelImg: kernel!.kernelImg }), { stdout, ...LIMIT });
    expect(r).toMatchObject({ status: 0, notes: [] });
    expect(stdout.text).toMatch(/^\[\d+\.\d+\] NET: no network interface found\nhello from nanos\n$/);
  });

  test('a crash: status 11, the dump dropped by --quiet-kernel, missing files listed', async () => {
    const disk = await testImage(kernel!, staticProgram(CRASH), { missingFiles: true });
    const stdout = new Capture();
    const r = await bootVm(vmSpec(disk, { machine: 'microvm', kernelImg: kernel!.kernelImg }), {
      quietKernel: true,
      traceMissing: true,
      stdout,
      ...LIMIT,
    });
    expect(r).toMatchObject({ status: 11, missingFiles: ['missing.txt'] });
    expect(stdout.text).toBe('before crash\n');
  });

  // q35 only: on microvm a Nanos guest without debug_exit halts and QEMU never exits.
  test('q35: an image without debug_exit powers off: status 0 with a note', async () => {
    const disk = await testImage(kernel!, staticProgram(HELLO), { args: ['5'], debugExit: false });
    const r = await bootVm(vmSpec(disk), { quietKernel: true, stdout: new Capture(), ...LIMIT });
    expect(r.status).toBe(0);
    expect(r.notes[0]).toMatch(/powered off without debug_exit/);
  });

  test('output is streamed as it arrives, while the guest still runs', async () => {
    const disk = await testImage(kernel!, staticProgram(SLOW));
    const seenWhileRunning: boolean[] = [];
    const stdout = new Capture();
    const origWrite = stdout.write.bind(stdout);
    stdout.write = ((chunk: string) => {
      if (String(chunk).includes('first line')) seenWhileRunning.push(qemuPidsUsing(disk).length === 1);
      return origWrite(chunk);
    }) as typeof stdout.write;
    const r = await bootVm(vmSpec(disk, { machine: 'microvm', kernelImg: kernel!.kernelImg }), { quietKernel: true, stdout, ...LIMIT });
    expect(r.status).toBe(0);
    expect(stdout.text).toBe('first line\nsecond line\n');
    expect(seenWhileRunning).toEqual([true]);
  });
});
