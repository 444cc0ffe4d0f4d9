import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { elfClosure } from '../../src/elf/elf-closure.js';
import { glibcVersionFromFile } from '../../src/elf/glibc-version.js';
import { implicitLibraries } from '../../src/elf/implicit-libraries.js';
import { debianPythonName, debianPythonRootfs } from '../support/debian-rootfs.js';
import { buildElf, link, makeRoot, writeGuest } from './build-elf.js';
import { testWith } from '../support/needs.js';
import { needGcc } from '../support/machine-needs.js';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

describe('implicitLibraries', () => {
  test('Debian python (glibc 2.36): libgcc_s.so.1 only, with its reason', async () => {
    const root = debianPythonRootfs();
    const closure = await elfClosure(root, [`/usr/bin/${debianPythonName(root)}`]);
    expect(await implicitLibraries(root, closure)).toEqual({
      files: [{
        guest: '/lib/x86_64-linux-gnu/libgcc_s.so.1', real: '/usr/lib/x86_64-linux-gnu/libgcc_s.so.1',
        links: [{ guest: '/lib', target: 'usr/lib' }], elf: true,
        reason: 'glibc dlopens libgcc_s.so.1 to unwind the stack at thread exit and cancellation',
      }],
      missing: [],
      glibc: { major: 2, minor: 36 },
    });
  });

  testWith([needGcc], 'glibc 2.31 (libc.so.6 -> libc-2.31.so): NSS modules and their /etc files too (needs gcc)', async () => {
    const r = makeRoot();
    roots.push(r);
    const dir = '/lib/x86_64-linux-gnu';
    const libc = buildElf(r, `${dir}/libc-2.31.so`, { soname: 'libc.so.6' });
    link(r, `${dir}/libc.so.6`, 'libc-2.31.so');
    for (const so of ['libnss_files.so.2', 'libnss_dns.so.2', 'libresolv.so.2']) buildElf(r, `${dir}/${so}`, { soname: so });
    buildElf(r, '/bin/prog', { program: true, needs: [libc] });
    writeGuest(r, '/etc/nsswitch.conf', 'hosts: files dns\n');
    writeGuest(r, '/etc/hosts', '127.0.0.1 localhost\n');
    const result = await implicitLibraries(r, await elfClosure(r, ['/bin/prog']));
    expect(result.glibc).toEqual({ major: 2, minor: 31 });
    expect(result.missing).toEqual([{ name: 'libgcc_s.so.1', reason: 'glibc dlopens libgcc_s.so.1 to unwind the stack at thread exit and cancellation' }]);
    const why = 'glibc 2.31 (< 2.34) loads NSS modules for name lookup';
    expect(result.files.map((f) => [f.guest, f.elf, f.reason])).toEqual([
      [`${dir}/libnss_files.so.2`, true, why],
      [`${dir}/libnss_dns.so.2`, true, why],
      [`${dir}/libresolv.so.2`, true, `${why}; libnss_dns needs it`],
      ['/etc/nsswitch.conf', false, `${why}; it reads /etc/nsswitch.conf`],
      ['/etc/hosts', false, `${why}; it reads /etc/hosts`],
    ]);
  });

  testWith([needGcc], 'a library found through ld.so.conf brings /etc/ld.so.cache (needs gcc)', async () => {
    const r = makeRoot();
    roots.push(r);
    const lib = buildElf(r, '/usr/local/lib/libpython3.10.so.1.0', { soname: 'libpython3.10.so.1.0' });
    buildElf(r, '/usr/local/bin/python3.10', { program: true, needs: [lib] });
    writeGuest(r, '/etc/ld.so.conf', '/usr/local/lib\n');
    const closure = await elfClosure(r, ['/usr/local/bin/python3.10']);
    const reason = 'the loader finds /usr/local/lib/libpython3.10.so.1.0 only through /etc/ld.so.cache';
    expect(await implicitLibraries(r, closure)).toEqual({
      files: [], missing: [{ name: '/etc/ld.so.cache', reason: `${reason}, which the rootfs lacks (set LD_LIBRARY_PATH in the config Env)` }],
    });
    writeGuest(r, '/etc/ld.so.cache', 'glibc-ld.so.cache1.1');
    expect((await implicitLibraries(r, closure)).files).toEqual([{ guest: '/etc/ld.so.cache', real: '/etc/ld.so.cache', links: [], elf: false, reason }]);
  });

  test('no glibc in the closure: nothing to add', async () => {
    expect(await implicitLibraries('/nonexistent', { objects: [], missing: [] })).toEqual({ files: [], missing: [] });
  });

  test('the version banner is found across a 64 KiB read boundary', () => {
    const r = makeRoot();
    roots.push(r);
    const banner = Buffer.from('GNU C Library (Debian GLIBC 2.36-9+deb12u1) stable release version 2.36.\n');
    const bytes = Buffer.alloc(200_000, 0x90);
    banner.copy(bytes, 65536 - 20);
    writeFileSync(path.join(r, 'libc.so.6'), bytes);
    expect(glibcVersionFromFile(path.join(r, 'libc.so.6'))).toEqual({ major: 2, minor: 36 });
    writeFileSync(path.join(r, 'none'), Buffer.alloc(100_000));
    expect(glibcVersionFromFile(path.join(r, 'none'))).toBeUndefined();
  });
});
