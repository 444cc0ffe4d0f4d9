import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ConsoleFilter, parseMissingFiles } from '../../src/vm/console-filter.js';
import { describeGuestFailure, guestFailureOf } from '../../src/vm/guest-failure.js';

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
  return { out, missing: f.missingFiles, failures: f.failures };
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

// Real consoles of the shared kernel: `minops run big.py -m 128` with a script that allocates
// 300 MB (out of memory), and four images whose program, loader, library or working directory is
// missing (test/vm/nanos-startup-consoles.txt, one console after each `==== name` line).
const here = path.dirname(fileURLToPath(import.meta.url));
const OOM = readFileSync(path.join(here, 'nanos-oom-console.txt'), 'utf8');
const STARTUP = Object.fromEntries(
  readFileSync(path.join(here, 'nanos-startup-consoles.txt'), 'utf8')
    .split(/^==== (\w+)\n/m)
    .slice(1)
    .reduce<[string, string][]>((pairs, part, i, all) => (i % 2 === 0 ? [...pairs, [part, all[i + 1]!]] : pairs), []),
);

describe('failures the kernel reports', () => {
  const dumpStart = OOM.indexOf('\n*** signal 7');
  const dumpEnd = OOM.indexOf('   core dump\n') + '   core dump\n'.length;
  const withoutDump = OOM.slice(0, dumpStart) + OOM.slice(dumpEnd);

  test('out of memory: recognised, and its dump held back whatever the chunking', () => {
    expect(withoutDump).toBe(
      '[1.212851] NET: no network interface found\nallocating 300 MB\n[3.725525] page fill failed with (result:out of memory)\n[3.757301] storage_shutdown error: no core generated: limit 0\n',
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 30 }), (chunks) => {
        const { out, failures } = run(OOM, { dropKernelLines: false, dropMissingFiles: false }, chunks);
        expect(out).toBe(withoutDump);
        expect(failures).toEqual([{ kind: 'out-of-memory' }]);
      }),
      { numRuns: 200 },
    );
  });

  test('out of memory with the dump asked for (--verbose): the console passes unchanged', () => {
    const f = new ConsoleFilter({ dropKernelLines: false, dropMissingFiles: false, keepFailureDumps: true });
    expect(f.push(OOM) + f.end()).toBe(OOM);
    expect(f.failures).toEqual([{ kind: 'out-of-memory' }]);
  });

  test('out of memory under --quiet-kernel and --trace-missing', () => {
    expect(run(OOM, { dropKernelLines: true, dropMissingFiles: true }).out).toBe('allocating 300 MB\n');
    expect(run(OOM, { dropKernelLines: false, dropMissingFiles: true }).out).toBe(withoutDump);
  });

  test.each([
    ['noprogram', { kind: 'no-program', path: '/nope' }, 'the kernel could not open the program /nope: it is not in the image'],
    ['noloader', { kind: 'no-loader', path: '/lib64/ld-linux-x86-64.so.2' }, "the program's loader /lib64/ld-linux-x86-64.so.2 is not in the image"],
    ['nolib', { kind: 'no-library', name: 'libc.so.6' }, 'the shared library libc.so.6 is not in the image'],
    ['nocwd', { kind: 'no-cwd', path: '/nowhere', why: 'no entry' }, 'the working directory /nowhere is not in the image (no entry)'],
  ] as const)('%s: recognised from the kernel\'s words and told in one line', (name, failure, told) => {
    const f = new ConsoleFilter({ dropKernelLines: false, dropMissingFiles: false });
    expect(f.push(STARTUP[name]!) + f.end()).toBe(STARTUP[name]);
    expect(f.failures).toEqual([failure]);
    expect(describeGuestFailure(f.failures[0]!, { memoryMiB: 512, verbose: false })).toContain(told);
  });

  test('the out-of-memory line names -m and a bigger value', () => {
    expect(describeGuestFailure({ kind: 'out-of-memory' }, { memoryMiB: 128, verbose: false })).toBe(
      "the guest ran out of memory with -m 128 (128 MiB); give it more, e.g. -m 256 (or RunConfig.Memory in config.json); --verbose shows the kernel's dump",
    );
  });

  test('Python\'s last words for a module or file it did not find point at what slimming may have left out', () => {
    const module = guestFailureOf("ModuleNotFoundError: No module named 'tables'")!;
    expect(describeGuestFailure(module, { memoryMiB: 512, verbose: false, slim: 'imports' })).toBe(
      'the program did not find the module tables: if the rootfs has it, slimming left it out; --slim probe keeps what one run opens, --trace-missing lists what it failed to open',
    );
    const file = guestFailureOf("FileNotFoundError: [Errno 2] No such file or directory: '/usr/share/matplotlib/mpl-data/matplotlibrc'")!;
    expect(describeGuestFailure(file, { memoryMiB: 512, verbose: false, slim: 'none' })).toBe(
      'the program did not find /usr/share/matplotlib/mpl-data/matplotlibrc, and the rootfs does not have it either',
    );
    // A relative path is the program's own business, not the image's.
    expect(guestFailureOf("FileNotFoundError: [Errno 2] No such file or directory: 'data.csv'")).toBeUndefined();
  });

  test('a program printing the same words itself is not a kernel report', () => {
    expect(guestFailureOf('page fill failed with (result:out of memory)')).toBeUndefined();
    expect(guestFailureOf('my program startup failed on exec: (result:x)')).toBeUndefined();
  });
});
