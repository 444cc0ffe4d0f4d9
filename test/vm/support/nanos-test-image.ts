// Bootable test images of small static C programs: compiled with the host gcc, written with
// minops's own image writer and a real kernel, cached by content in the OS temp dir.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FoundKernel } from '../../../src/kernel/find-kernel.js';
import { writeImage } from '../../../src/image/write-image.js';
import { tuple, vector, type ManifestValue } from '../../../src/manifest/tuple.js';

const dir = path.join(os.tmpdir(), 'minops-vm-test-programs');

/** A C program that prints its arguments (`argc=3 [a] [b]`) and exits with atoi(argv[1]). */
export const ARGS_PROGRAM = `#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  printf("argc=%d", argc);
  for (int i = 1; i < argc; i++) printf(" [%s]", argv[i]);
  printf("\\n");
  return argc > 1 ? atoi(argv[1]) : 0;
}
`;

/** `gcc -static` of `source`, once per distinct source. */
export function staticProgram(source: string): string {
  mkdirSync(dir, { recursive: true });
  const id = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const bin = path.join(dir, `prog-${id}`);
  if (!existsSync(bin)) {
    const src = `${bin}.c`;
    writeFileSync(src, source);
    execFileSync('gcc', ['-static', '-O2', '-o', `${bin}.tmp-${process.pid}`, src]);
    renameSync(`${bin}.tmp-${process.pid}`, bin);
  }
  return bin;
}

export interface TestImageOptions {
  args?: string[];
  debugExit?: boolean;
  missingFiles?: boolean;
  /** With an EFI System Partition holding the release's bootx64.efi. */
  uefi?: boolean;
}

/** An image whose program is `program`, booting with `kernel`. */
export async function testImage(kernel: FoundKernel, program: string, o: TestImageOptions = {}): Promise<string> {
  const file = (host: string) => tuple([['contents', tuple([['host', host]])]]);
  const root: [string, ManifestValue][] = [
    ['children', tuple([['prog', file(program)]])],
    ['program', '/prog'],
    ['arguments', vector(['/prog', ...(o.args ?? [])])],
    ['boot', tuple([['children', tuple([['kernel', file(kernel.kernelImg)]])]])],
  ];
  if (o.debugExit ?? true) root.push(['debug_exit', 't']);
  if (o.missingFiles) root.push(['missing_files', 't']);
  const imgDir = path.join(os.tmpdir(), `minops-vm-test-images-${process.pid}`);
  mkdirSync(imgDir, { recursive: true });
  const out = path.join(imgDir, `${path.basename(program)}-${createHash('sha256').update(JSON.stringify(o)).digest('hex').slice(0, 8)}.img`);
  const uefiLoader = o.uefi ? path.join(path.dirname(kernel.bootImg), 'bootx64.efi') : undefined;
  await writeImage({ root: tuple(root), out, bootImg: kernel.bootImg, uefiLoader });
  return out;
}
