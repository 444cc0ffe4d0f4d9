import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { decodeElf, parseElf } from '../../src/elf/parse-elf.js';
import { readElfSync, isElfSync } from '../../src/elf/read-elf.js';
import { RootView } from '../../src/resolve-in-root.js';
import { isMinopsError } from '../../src/errors.js';
import { debianPythonName, debianPythonRootfs } from '../support/debian-rootfs.js';
import { findElfFiles } from '../../src/elf/find-elf-files.js';
import { elfBytes } from './elf-bytes.js';
import { describeWith } from '../support/needs.js';
import { needCommand } from '../support/machine-needs.js';

const root = debianPythonRootfs();
const view = new RootView(root);
const host = (guest: string): string => view.host(view.resolve(guest).guest);

/** Total bytes parseElf asks for, answering from an in-memory copy. */
function bytesRequested(bytes: Uint8Array): number {
  const parse = parseElf('x');
  let total = 0;
  for (let step = parse.next(); !step.done; ) {
    total += step.value.length;
    step = parse.next(bytes.subarray(step.value.offset, step.value.offset + step.value.length));
  }
  return total;
}

describe('parseElf on real Debian files', () => {
  test('the python interpreter: class, machine, type, PT_INTERP and DT_NEEDED', () => {
    const python = `/usr/bin/${debianPythonName(root)}`;
    const { info, size } = readElfSync(host(python), python);
    expect(info).toMatchObject({ elfClass: 64, endian: 'little', machine: 62, type: 2, interp: '/lib64/ld-linux-x86-64.so.2', dynamic: true });
    expect(info.needed).toContain('libc.so.6');
    expect(info.needed).toContain('libm.so.6');
    expect(size).toBeGreaterThan(1_000_000);
  });

  test('a library with DT_SONAME and DF_1_NOW, no PT_INTERP', () => {
    const { info } = readElfSync(host('/usr/lib/x86_64-linux-gnu/libyaml-0.so.2'), 'libyaml');
    expect(info).toEqual({
      elfClass: 64, endian: 'little', machine: 62, osabi: 0, type: 3, dynamic: true,
      needed: ['libc.so.6'], soname: 'libyaml-0.so.2', flags1: 1,
    });
  });

  test('works without section headers (e_shoff, e_shnum, e_shstrndx zeroed)', () => {
    const bytes = new Uint8Array(readFileSync(host('/usr/lib/x86_64-linux-gnu/libcrypto.so.3')));
    const before = decodeElf(bytes, 'libcrypto');
    bytes.fill(0, 0x28, 0x30);
    bytes.fill(0, 0x3c, 0x40);
    expect(decodeElf(bytes, 'libcrypto')).toEqual(before);
    expect(before.soname).toBe('libcrypto.so.3');
  });

  test('reads a few KB of a multi-MB library, not the file', () => {
    const bytes = new Uint8Array(readFileSync(host('/usr/lib/x86_64-linux-gnu/libcrypto.so.3')));
    expect(bytes.length).toBeGreaterThan(3_000_000);
    expect(bytesRequested(bytes)).toBeLessThan(80_000);
  });

  test('a truncated file is ELF_MALFORMED naming the file and the part', () => {
    const bytes = readFileSync(host('/usr/lib/x86_64-linux-gnu/libyaml-0.so.2')).subarray(0, 4096);
    let caught: unknown;
    try {
      decodeElf(bytes, '/usr/lib/libyaml-0.so.2');
    } catch (e) {
      caught = e;
    }
    expect(isMinopsError(caught) && caught.code).toBe('ELF_MALFORMED');
    expect((caught as Error).message).toMatch(/^\/usr\/lib\/libyaml-0\.so\.2: PT_DYNAMIC extends past the end of the file/);
    expect((caught as { where: unknown }).where).toEqual({ file: '/usr/lib/libyaml-0.so.2', entry: 'PT_DYNAMIC' });
  });

  test('isElf: true for ELF files, false for scripts, links to text and directories', () => {
    expect(isElfSync(host('/usr/lib/x86_64-linux-gnu/libc.so.6'))).toBe(true);
    expect(isElfSync(path.join(root, 'etc/ld.so.conf'))).toBe(false);
    expect(isElfSync(path.join(root, 'usr'))).toBe(false);
  });
});

describe('parseElf on synthetic files of every class and byte order', () => {
  for (const [elfClass, endian, machine] of [[32, 'little', 3], [32, 'big', 8], [64, 'big', 22], [64, 'little', 183]] as const) {
    test(`ELF${elfClass} ${endian}-endian, machine ${machine}`, () => {
      const bytes = elfBytes({
        elfClass, endian, machine, type: 2, interp: '/lib/ld.so.1', needed: ['liba.so.1', 'libb.so.2'], soname: 'libself.so',
        rpath: '$ORIGIN/../lib', runpath: '/opt/lib:/usr/local/lib',
      });
      expect(decodeElf(bytes, 'synthetic')).toEqual({
        elfClass, endian, machine, osabi: 0, type: 2, interp: '/lib/ld.so.1', dynamic: true, flags1: 0,
        needed: ['liba.so.1', 'libb.so.2'], soname: 'libself.so', rpath: '$ORIGIN/../lib', runpath: '/opt/lib:/usr/local/lib',
      });
    });
  }

  test('a string table without a NUL after the name is ELF_MALFORMED', () => {
    const bytes = elfBytes({ elfClass: 64, endian: 'little', machine: 62, needed: ['libz.so.1'] });
    // The only string is the needed name; overwrite its NUL, so DT_STRSZ ends inside the name.
    const text = new TextDecoder('latin1').decode(bytes);
    const at = text.indexOf('libz.so.1') + 'libz.so.1'.length;
    bytes[at] = 0x41;
    expect(() => decodeElf(bytes, 'nonul')).toThrow(/^nonul: DT_NEEDED string at offset 1 has no NUL within 10 bytes$/);
  });
});

describeWith([needCommand('readelf', 'binutils')], 'parseElf agrees with binutils readelf on every ELF file of the Debian rootfs (needs readelf)', () => {
  test('class, type, PT_INTERP, DT_NEEDED, DT_SONAME, DT_RPATH, DT_RUNPATH', () => {
    const files = findElfFiles(root);
    const out = execFileSync('readelf', ['-hldW', ...files.map((f) => path.join(root, f))], { maxBuffer: 256 << 20, encoding: 'utf8' });
    const theirs = new Map<string, Record<string, unknown>>();
    let cur: Record<string, unknown> = {};
    const texts = out.split(/^File: /m);
    for (const text of files.length === 1 ? [out] : texts.slice(1)) {
      const file = files.length === 1 ? files[0]! : `/${path.relative(root, text.split('\n', 1)[0]!)}`;
      cur = { needed: [] };
      cur.elfClass = /Class:\s+ELF(32|64)/.exec(text)?.[1] === '32' ? 32 : 64;
      cur.type = /Type:\s+(\w+)/.exec(text)?.[1];
      const grab = (re: RegExp): string | undefined => re.exec(text)?.[1];
      cur.interp = grab(/\[Requesting program interpreter: (.*)\]/);
      cur.soname = grab(/\(SONAME\)\s+Library soname: \[(.*)\]/);
      cur.rpath = grab(/\(RPATH\)\s+Library rpath: \[(.*)\]/);
      cur.runpath = grab(/\(RUNPATH\)\s+Library runpath: \[(.*)\]/);
      cur.needed = [...text.matchAll(/\(NEEDED\)\s+Shared library: \[(.*)\]/g)].map((m) => m[1]);
      theirs.set(file, cur);
    }
    const types: Record<number, string> = { 1: 'REL', 2: 'EXEC', 3: 'DYN', 4: 'CORE' };
    const ours = new Map<string, Record<string, unknown>>();
    for (const file of files) {
      const { info } = readElfSync(path.join(root, file), file);
      ours.set(file, {
        needed: info.needed, elfClass: info.elfClass, type: types[info.type], interp: info.interp,
        soname: info.soname, rpath: info.rpath, runpath: info.runpath,
      });
    }
    expect(ours.size).toBeGreaterThan(300);
    expect(ours).toEqual(theirs);
  }, 60_000);
});
