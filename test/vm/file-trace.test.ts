import { describe, expect, test } from 'vitest';
import { ConsoleFilter } from '../../src/vm/console-filter.js';
import { FileTraceCollector, parseTraceLine } from '../../src/vm/file-trace.js';

// Lines as the shared kernel's strace klib printed them for a Python boot (klib/strace_file.c).
const BOOT = [
  '[2] access("/etc/ld.so.preload", 0x4) = -ENOENT',
  '[2] openat(-100, "/lib/x86_64-linux-gnu/glibc-hwcaps/x86-64-v3/libm.so.6", 0x80000, 0x0) = -ENOENT',
  '[2] openat(-100, "/lib/x86_64-linux-gnu/libm.so.6", 0x80000, 0x0) = 3',
  '[2] newfstatat(3, "", [{st_ino=0xffffbcc00005eb40, st_mode=0x81ff, st_size=911904}], 4096) = 0',
  '[2] newfstatat(-100, "/usr/lib/python3.11/lib-dynload", [{st_ino=0xffffbcc000042fc0, st_mode=0x41ff, st_size=0}], 0) = 0',
  '[2] readlink("/usr/bin/python3.11", 0x00000000ffcc45a0, 4096) = -EINVAL',
  '[2] openat(-100, "/usr/lib/python3.11/encodings", 0x90800, 0x0) = 5',
  '[2] openat(5, "aliases.py", 0x80000, 0x0) = 6',
  '[2] openat(-100, "/etc/passwd", 0x80000, 0x0) = -ENOENT',
  '[2] openat(-100, "data.txt", 0x0, 0x0) = 7',
  '[worker] open("/etc/hosts", 0x0, 0x0) = -ENOENT',
];

describe('file trace (pure)', () => {
  test('parseTraceLine: the call, its directory fd, the path and the result; anything else is text', () => {
    expect(parseTraceLine(BOOT[1]!)).toEqual({ text: '', call: { call: 'openat', dirfd: -100, path: '/lib/x86_64-linux-gnu/glibc-hwcaps/x86-64-v3/libm.so.6', result: 'ENOENT' } });
    expect(parseTraceLine(BOOT[5]!)).toEqual({ text: '', call: { call: 'readlink', path: '/usr/bin/python3.11', result: 'EINVAL' } });
    expect(parseTraceLine('hello [2] openat(-100, "/etc/x", 0x0, 0x0) = 3')).toEqual({ text: 'hello ', call: { call: 'openat', dirfd: -100, path: '/etc/x', result: 3 } });
    expect(parseTraceLine('[2] write(1, 0x1234, 6) = 6')).toEqual({ text: '[2] write(1, 0x1234, 6) = 6' });
    expect(parseTraceLine('print("[2] openat(")')).toEqual({ text: 'print("[2] openat(")' });
  });

  test('the collector: full paths (cwd and directory fds), found and missing, the fd itself skipped', () => {
    const c = new FileTraceCollector('/app');
    for (const line of BOOT) c.add(parseTraceLine(line).call!);
    expect(c.result()).toEqual({
      found: [
        '/lib/x86_64-linux-gnu/libm.so.6',
        '/usr/lib/python3.11/lib-dynload',
        '/usr/bin/python3.11',
        '/usr/lib/python3.11/encodings',
        '/usr/lib/python3.11/encodings/aliases.py',
        '/app/data.txt',
      ],
      missing: ['/lib/x86_64-linux-gnu/glibc-hwcaps/x86-64-v3/libm.so.6', '/etc/passwd', '/etc/hosts'],
    });
  });

  test('the console filter takes the trace out of the program output and keeps a partial line before a record', () => {
    const f = new ConsoleFilter({ dropKernelLines: false, dropMissingFiles: false, fileTrace: { cwd: '/app' } });
    const shown = f.push(`${BOOT.slice(0, 3).join('\n')}\nresult: [2] openat(-100, "/etc/x", 0x0, 0x0) = 3\n42\n`) + f.end();
    expect(shown).toBe('result: \n42\n');
    expect(f.fileTrace()?.found).toEqual(['/lib/x86_64-linux-gnu/libm.so.6', '/etc/x']);
  });
});
