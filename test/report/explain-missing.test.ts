import { describe, expect, test } from 'vitest';
import { explainMissing, renderMissing, type RootfsLookup } from '../../src/report/explain-missing.js';

const rootfs: RootfsLookup = {
  at: (guest) => (['/etc/localtime', '/usr/lib/ssl/openssl.cnf', '/etc/debian_version'].includes(guest) ? 'file' : undefined),
  byName: (names) => new Map(names.includes('nsswitch.conf') ? [['nsswitch.conf', ['/usr/share/libc-bin/nsswitch.conf']]] : []),
};

/** Paths padded to the longest one listed (at most 60 columns), then the verdict. */
const row = (p: string, where: string) => `  ${p.padEnd(60)}  ${where}`;

describe('explainMissing (pure)', () => {
  test('noise left out, each path with where the rootfs has it, one include line', () => {
    const missing = [
      '/etc/ld.so.preload',
      '/lib/x86_64-linux-gnu/glibc-hwcaps/x86-64-v3/libm.so.6', // the loader's search; found below
      '/usr/lib/locale/C.UTF-8/LC_CTYPE', // PEP 538's coercion, absent: UTF-8 mode
      '/usr/pyvenv.cfg',
      '/usr/bin/python3.10._pth',
      '/usr/local/bin/pybuilddir.txt',
      '/usr/local/lib/python3.10/json/__pycache__/decoder.cpython-310.pyc', // beside a shipped source
      '/usr/local/lib/python3.10/lazy/__pycache__/mod.cpython-310.pyc', // no source shipped: real
      '/etc/localtime',
      '/etc/nsswitch.conf',
      '/etc/passwd',
      '/usr/lib/ssl/openssl.cnf',
    ];
    const found = ['/lib/x86_64-linux-gnu/libm.so.6', '/usr/lib/locale/C.utf8/LC_CTYPE'];
    const shipped = new Set(['/usr/local/lib/python3.10/json/decoder.py']);
    const e = explainMissing(missing, found, shipped, rootfs);
    expect(e.noise).toEqual({ bytecode: 1, probes: 5, foundElsewhere: 1 });
    expect(renderMissing(e)).toEqual([
      'minops: the guest failed to open 5 path(s) that are not in the image:',
      row('/usr/local/lib/python3.10/lazy/__pycache__/mod.cpython-310.pyc', 'not in the rootfs either'),
      row('/etc/localtime', 'the rootfs has it'),
      row('/etc/nsswitch.conf', 'not there in the rootfs either; it has /usr/share/libc-bin/nsswitch.conf'),
      row('/etc/passwd', 'not in the rootfs either'),
      row('/usr/lib/ssl/openssl.cnf', 'the rootfs has it'),
      'minops: left out as noise: 1 bytecode file(s) looked for beside a source the image has; 5 start-up probe(s) of the interpreter and loader; 1 looked up at one place and found at another',
      'minops: to keep those the rootfs has, add to config.json: "Minops": { "Include": ["/etc/localtime","/usr/lib/ssl/openssl.cnf"] }',
    ]);
  });

  test('nothing missing: one line', () => {
    expect(renderMissing(explainMissing(['/usr/pyvenv.cfg'], [], new Set(), rootfs))).toEqual([
      'minops: the guest found every file it opened',
      'minops: left out as noise: 1 start-up probe(s) of the interpreter and loader',
    ]);
  });
});
