import { describe, expect, test } from 'vitest';
import type { BundlePlan } from '../../src/bundle/bundle-plan.js';
import { summarizeReport } from '../../src/report/build-report.js';
import { categorize } from '../../src/report/categorize.js';
import { renderReason } from '../../src/report/render-reason.js';
import { renderText } from '../../src/report/render-text.js';

const py = '/usr/bin/python3.11';
const plan: BundlePlan = {
  entries: [
    { guest: '/app', source: { kind: 'dir' }, reason: { kind: 'parent' } },
    { guest: '/app/hello.py', source: { kind: 'file', hostPath: '/h/hello.py', size: 10 }, reason: { kind: 'script' } },
    { guest: '/lib', source: { kind: 'symlink', target: 'usr/lib' }, reason: { kind: 'needed', chain: [py, '/lib/x86_64-linux-gnu/libm.so.6'] } },
    { guest: '/usr', source: { kind: 'dir' }, reason: { kind: 'parent' } },
    { guest: py, source: { kind: 'file', hostPath: `/R${py}`, size: 1000 }, reason: { kind: 'interpreter' } },
    { guest: '/usr/lib/python3.11/json/decoder.py', source: { kind: 'file', hostPath: '/R/usr/lib/python3.11/json/decoder.py', size: 50 }, reason: { kind: 'import', module: 'json.decoder', chain: ['json', 'json.decoder'] } },
    { guest: '/usr/lib/python3.11/json/__pycache__/decoder.cpython-311.pyc', source: { kind: 'file', hostPath: '/cache/x.pyc', size: 30 }, reason: { kind: 'generated', why: 'unchecked-hash bytecode' } },
    { guest: '/usr/lib/x86_64-linux-gnu/libm.so.6', source: { kind: 'file', hostPath: '/R/usr/lib/x86_64-linux-gnu/libm.so.6', size: 400 }, reason: { kind: 'needed', chain: [py, '/lib/x86_64-linux-gnu/libm.so.6'] } },
  ],
  program: py,
  args: [py, '/app/hello.py'],
  env: [],
  cwd: '/app',
  warnings: [],
};
const rootFiles = [
  { guest: py, size: 1000, elf: true },
  { guest: '/usr/lib/python3.11/json/decoder.py', size: 50, elf: false },
  { guest: '/usr/lib/python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so', size: 200, elf: true },
  { guest: '/usr/lib/x86_64-linux-gnu/libm.so.6', size: 400, elf: true },
  { guest: '/usr/lib/x86_64-linux-gnu/libcrypto.so.3', size: 4000, elf: true },
  { guest: '/etc/passwd', size: 7, elf: false },
];

describe('summarizeReport', () => {
  test('totals, categories and reasons of a small plan', () => {
    const r = summarizeReport(plan, '/R', rootFiles, new Set([`/R${py}`, '/R/usr/lib/x86_64-linux-gnu/libm.so.6']));
    expect(r.before).toEqual({ bytes: 5657, files: 6, elfFiles: 4 });
    expect(r.after).toEqual({ bytes: 1490, files: 5, elfFiles: 2 });
    expect(r.symlinks).toBe(1);
    expect(r.directories).toBe(2);
    expect(r.categories.filter((c) => c.keptFiles + c.cutFiles > 0)).toEqual([
      { category: 'interpreter', keptBytes: 1000, keptFiles: 1, cutBytes: 0, cutFiles: 0 },
      { category: 'shared-libraries', keptBytes: 400, keptFiles: 1, cutBytes: 4000, cutFiles: 1 },
      { category: 'stdlib-source', keptBytes: 50, keptFiles: 1, cutBytes: 0, cutFiles: 0 },
      { category: 'bytecode', keptBytes: 30, keptFiles: 1, cutBytes: 0, cutFiles: 0 },
      { category: 'extension-modules', keptBytes: 0, keptFiles: 0, cutBytes: 200, cutFiles: 1 },
      { category: 'user-files', keptBytes: 10, keptFiles: 1, cutBytes: 0, cutFiles: 0 },
      { category: 'etc', keptBytes: 0, keptFiles: 0, cutBytes: 7, cutFiles: 1 },
    ]);
    expect(r.largest.map((f) => [f.guest, f.from, f.why])).toEqual([
      [py, 'rootfs', 'the program'],
      ['/usr/lib/x86_64-linux-gnu/libm.so.6', 'rootfs', 'python3.11 → libm.so.6'],
      ['/usr/lib/python3.11/json/decoder.py', 'rootfs', 'import json → json.decoder'],
      ['/usr/lib/python3.11/json/__pycache__/decoder.cpython-311.pyc', 'generated', 'generated: unchecked-hash bytecode'],
      ['/app/hello.py', 'user', 'the script'],
    ]);
    const text = renderText(r);
    expect(text.split('\n').slice(0, 6)).toEqual([
      `minops rootfs report: ${py} /app/hello.py`,
      'rootfs /R',
      '',
      '                       bytes     files  ELF files',
      'before (rootfs)       5.7 kB         6          4',
      'after (image)         1.5 kB         5          2 (26.3% of the rootfs)',
    ]);
    expect(text).toContain('     400 B  /usr/lib/x86_64-linux-gnu/libm.so.6  (python3.11 → libm.so.6)');
  });

  test('categories by path', () => {
    expect(categorize('/usr/lib/python3/dist-packages/_yaml.cpython-311-x86_64-linux-gnu.so', py)).toBe('site-packages');
    expect(categorize('/usr/lib/python3.11/lib-dynload/_json.cpython-311-x86_64-linux-gnu.so', py)).toBe('extension-modules');
    expect(categorize('/usr/lib/python3.11/__pycache__/os.cpython-311.pyc', py)).toBe('bytecode');
    expect(categorize('/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2', py)).toBe('shared-libraries');
    expect(categorize('/usr/share/zoneinfo/UTC', py)).toBe('other');
  });

  test('every reason renders as one line', () => {
    expect(renderReason({ kind: 'loader', by: py })).toBe('PT_INTERP of python3.11');
    expect(renderReason({ kind: 'needed', chain: [py, '/usr/lib/x/libpython3.11.so.1.0', '/usr/lib/x/libm.so.6'] })).toBe('python3.11 → libpython3.11.so.1.0 → libm.so.6');
    expect(renderReason({ kind: 'import', module: 'json', chain: [] })).toBe('import json');
    expect(renderReason({ kind: 'startup', module: 'encodings.utf_8' })).toBe('interpreter start-up: encodings.utf_8');
    expect(renderReason({ kind: 'config', key: 'include /etc/pass*' })).toBe('config include /etc/pass*');
    expect(renderReason({ kind: 'dlopen', by: 'libcrypto.so.3', why: 'providers' })).toBe('loaded by libcrypto.so.3 at run time: providers');
    expect(renderReason({ kind: 'data', by: 'ssl', why: 'the CA bundle' })).toBe('read by ssl at run time: the CA bundle');
    expect(renderReason({ kind: 'probe', record: '/c/p.json' })).toBe('opened by the program in its probe run');
  });

  test('run-time dependencies: one row per rule, shown in the text report', () => {
    const file = (guest: string, size: number, reason: BundlePlan['entries'][number]['reason']) => ({ guest, source: { kind: 'file' as const, hostPath: `/R${guest}`, size }, reason });
    const withRuntime: BundlePlan = {
      ...plan,
      entries: [
        ...plan.entries,
        file('/etc/ssl/openssl.cnf', 100, { kind: 'data', by: 'libcrypto.so.3', why: 'config' }),
        file('/usr/lib/x86_64-linux-gnu/engines-3/afalg.so', 20, { kind: 'dlopen', by: 'libcrypto.so.3', why: 'engines' }),
        file('/usr/lib/x86_64-linux-gnu/engines-3/padlock.so', 30, { kind: 'dlopen', by: 'libcrypto.so.3', why: 'engines' }),
      ],
    };
    const r = summarizeReport(withRuntime, '/R', rootFiles, new Set());
    expect(r.runtime).toEqual([
      { kind: 'data', by: 'libcrypto.so.3', why: 'config', files: 1, bytes: 100 },
      { kind: 'dlopen', by: 'libcrypto.so.3', why: 'engines', files: 2, bytes: 50 },
    ]);
    expect(renderText(r)).toContain('run-time dependencies (what no DT_NEEDED walk or import trace sees)\n     100 B     1 file(s)  read by libcrypto.so.3: config\n      50 B     2 file(s)  loaded by libcrypto.so.3: engines\n');
  });
});
