// Boot-to-exit time under TCG. The image is MINOPS_BENCH_IMAGE when given (it must carry
// debug_exit), else a static C hello built here with gcc, minops's image writer and the kernel
// findKernel() picks. Median of MINOPS_BENCH_RUNS (default 5) boots per machine type.
import { Writable } from 'node:stream';
import { tryFindKernel } from '../src/kernel/find-kernel.js';
import { bootVm } from '../src/vm/boot-vm.js';
import { vmSpec, type Machine } from '../src/vm/vm-spec.js';
import { hasCommand } from '../test/support/debian-rootfs.js';
import { staticProgram, testImage } from '../test/vm/support/nanos-test-image.js';

const HELLO = '#include <stdio.h>\nint main(void) { printf("hello\\n"); return 0; }\n';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const round = (ms: number): number => Math.round(ms * 10) / 10;

/** One boot: ms to the first byte of program output (kernel lines dropped) and to QEMU's exit. */
export async function timeBoot(disk: string, machine: Machine, kernelImg: string): Promise<{ firstOutputMs: number; exitMs: number; status: number }> {
  const t0 = performance.now();
  let first = NaN;
  const sink = new Writable({
    write(_chunk, _enc, done) {
      if (Number.isNaN(first)) first = performance.now() - t0;
      done();
    },
  });
  const r = await bootVm(vmSpec(disk, { machine, kernelImg, accel: 'tcg' }), { quietKernel: true, stdout: sink, timeoutSeconds: 120 });
  return { firstOutputMs: first, exitMs: performance.now() - t0, status: r.status };
}

export async function bench(): Promise<Record<string, number | string>> {
  const kernel = tryFindKernel();
  if (!kernel) return { skipped: 'no Nanos kernel found (see `minops kernel ls`)' };
  if (!hasCommand('qemu-system-x86_64')) return { skipped: 'qemu-system-x86_64 is not installed' };
  let disk = process.env.MINOPS_BENCH_IMAGE;
  let image = disk ?? 'static C hello';
  if (!disk) {
    if (!hasCommand('gcc')) return { skipped: 'no MINOPS_BENCH_IMAGE and no gcc to build a C hello' };
    disk = await testImage(kernel, staticProgram(HELLO));
    image = 'static C hello (gcc -static, minops writer)';
  }
  const runs = Number(process.env.MINOPS_BENCH_RUNS ?? 5);
  const out: Record<string, number | string> = { image, kernel: kernel.version, accel: 'tcg', runs };
  for (const machine of ['q35', 'microvm'] as const) {
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await timeBoot(disk, machine, kernel.kernelImg));
    out[`${machine}BootToExitMedianMs`] = round(median(samples.map((s) => s.exitMs)));
    out[`${machine}FirstOutputMedianMs`] = round(median(samples.map((s) => s.firstOutputMs)));
    out[`${machine}Status`] = samples[0]?.status ?? NaN;
  }
  return out;
}
