import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ConsoleFilter, parseMissingFiles } from '../../src/vm/console-filter.js';

// Console of a real boot (Nanos b9c3671d, microvm, TCG) of a static C program that prints
// "before crash", opens /nope/missing.txt and writes to address 8, with missing_files:t.
const CRASH = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'nanos-crash-console.txt'), 'utf8');

function run(text: string, opts: { dropKernelLines: boolean; dropMissingFiles: boolean }, chunks: number[] = []) {
  const f = new ConsoleFilter(opts);
  let out = '';
  let at = 0;
  for (const size of chunks) {
    out += f.push(text.slice(at, at + size));
    at += size;
  }
  out += f.push(text.slice(at)) + f.end();
  return { out, missing: f.missingFiles };
}

describe('ConsoleFilter', () => {
  test('--quiet-kernel keeps only the program output of a real crash', () => {
    const { out, missing } = run(CRASH, { dropKernelLines: true, dropMissingFiles: true });
    expect(out).toBe('before crash\n');
    expect(missing).toEqual(['missing.txt']);
  });

  test('--quiet-kernel also drops what OVMF prints before the kernel starts (--uefi)', () => {
    // As a real OVMF (Debian 2022.11) boot of a virtio-blk disk prints it, CRLF line ends included.
    const ovmf =
      '\x1b[2J\x1b[01;01H\x1b[=3h\x1b[2J\x1b[01;01H\x1b[2J\x1b[01;01H\x1b[=3h\x1b[2J\x1b[01;01H' +
      'BdsDxe: failed to load Boot0001 "UEFI QEMU DVD-ROM QM00005 " from PciRoot(0x0)/Pci(0x1F,0x2)/Sata(0x2,0xFFFF,0x0): Not Found\r\n' +
      'BdsDxe: loading Boot0002 "UEFI Misc Device" from PciRoot(0x0)/Pci(0x3,0x1)/Pci(0x0,0x0)\r\n' +
      'BdsDxe: starting Boot0002 "UEFI Misc Device" from PciRoot(0x0)/Pci(0x3,0x1)/Pci(0x0,0x0)\r\n' +
      '[5.957706] NET: no network interface found\r\nhello from nanos\r\n';
    expect(run(ovmf, { dropKernelLines: true, dropMissingFiles: true }).out).toBe('hello from nanos\r\n');
    expect(run('\x1b[2J\x1b[01;01H\n', { dropKernelLines: true, dropMissingFiles: true }).out).toBe('');
    expect(run('BdsDxe is a word I print\n', { dropKernelLines: true, dropMissingFiles: true }).out).toBe('BdsDxe is a word I print\n');
  });

  test('without filtering the text passes unchanged, and missing files are still collected', () => {
    const { out, missing } = run(CRASH, { dropKernelLines: false, dropMissingFiles: false });
    expect(out).toBe(CRASH);
    expect(missing).toEqual(['missing.txt']);
  });

  test('--trace-missing alone removes only the missing_files block', () => {
    const { out } = run(CRASH, { dropKernelLines: false, dropMissingFiles: true });
    expect(out).toBe(CRASH.replace('missing_files_begin\nmissing.txt\nmissing_files_end\n', ''));
  });

  test('program lines that merely look odd are kept; blank lines between them too', () => {
    const text = '[0.5] NET: no network interface found\nresult: 42\n\n[not a kernel line]\n*** my banner ***\nend';
    expect(run(text, { dropKernelLines: true, dropMissingFiles: true }).out).toBe(
      'result: 42\n\n[not a kernel line]\n*** my banner ***\nend',
    );
  });

  test('the result does not depend on how the stream is chunked', () => {
    const expected = run(CRASH, { dropKernelLines: true, dropMissingFiles: true }).out;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 40 }), (chunks) => {
        expect(run(CRASH, { dropKernelLines: true, dropMissingFiles: true }, chunks).out).toBe(expected);
        expect(run(CRASH, { dropKernelLines: false, dropMissingFiles: false }, chunks).out).toBe(CRASH);
      }),
      { numRuns: 200 },
    );
  });

  test('parseMissingFiles reads the block out of a whole console', () => {
    expect(parseMissingFiles('x\nmissing_files_begin\nencodings\nlibz.so.1\nmissing_files_end\n[1.0] done\n')).toEqual([
      'encodings',
      'libz.so.1',
    ]);
    expect(parseMissingFiles('no block here\n')).toEqual([]);
  });
});
