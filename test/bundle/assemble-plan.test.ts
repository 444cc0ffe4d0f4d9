import { describe, test, expect } from 'vitest';
import { assemblePlan } from '../../src/bundle/assemble-plan.js';
import type { PlanFacts } from '../../src/bundle/plan-facts.js';
import { memoryRootfsView, type RootNode } from '../../src/bundle/rootfs-view.js';

// A usr-merged rootfs in memory: /lib → usr/lib, /lib64 → usr/lib64, a loader symlink with a
// relative target, and libc reached through the /lib directory symlink.
const usrMerged: [string, RootNode][] = [
  ['/lib', { kind: 'symlink', target: 'usr/lib' }],
  ['/lib64', { kind: 'symlink', target: 'usr/lib64' }],
  ['/usr/bin/python3.11', { kind: 'file', size: 100 }],
  ['/usr/bin/python3', { kind: 'symlink', target: 'python3.11' }],
  ['/usr/lib64/ld-linux-x86-64.so.2', { kind: 'symlink', target: '../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2' }],
  ['/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2', { kind: 'file', size: 20 }],
  ['/usr/lib/x86_64-linux-gnu/libc.so.6', { kind: 'file', size: 30 }],
  ['/usr/lib/x86_64-linux-gnu/libm.so.6', { kind: 'file', size: 40 }],
  ['/etc/passwd', { kind: 'file', size: 5 }],
];

const facts = (over: Partial<PlanFacts> = {}): PlanFacts => ({
  rootfs: memoryRootfsView('/R', usrMerged),
  kept: [],
  added: [],
  excludes: [],
  program: '/usr/bin/python3.11',
  args: ['/usr/bin/python3.11', '/app/hello.py'],
  env: [['PYTHONDONTWRITEBYTECODE', '1']],
  cwd: '/app',
  warnings: [],
  ...over,
});

describe('assemblePlan', () => {
  test('keeps symlinks on the way as symlinks, adds parents, sorts, and keeps the first reason', () => {
    const plan = assemblePlan(
      facts({
        kept: [
          { guest: '/usr/bin/python3.11', reason: { kind: 'interpreter' } },
          { guest: '/lib64/ld-linux-x86-64.so.2', reason: { kind: 'loader', by: '/usr/bin/python3.11' } },
          { guest: '/lib/x86_64-linux-gnu/libc.so.6', reason: { kind: 'needed', chain: ['/usr/bin/python3.11', '/lib/x86_64-linux-gnu/libc.so.6'] } },
          { guest: '/usr/lib/x86_64-linux-gnu/libc.so.6', reason: { kind: 'implicit', why: 'again' } },
        ],
        added: [{ guest: '/app/hello.py', source: { kind: 'file', hostPath: '/h/hello.py', size: 7 }, reason: { kind: 'script' } }],
      }),
    );
    const libc = { kind: 'needed', chain: ['/usr/bin/python3.11', '/lib/x86_64-linux-gnu/libc.so.6'] } as const;
    const loader = { kind: 'loader', by: '/usr/bin/python3.11' } as const;
    expect(plan).toEqual({
      entries: [
        { guest: '/app', source: { kind: 'dir' }, reason: { kind: 'parent' } },
        { guest: '/app/hello.py', source: { kind: 'file', hostPath: '/h/hello.py', size: 7 }, reason: { kind: 'script' } },
        { guest: '/lib', source: { kind: 'symlink', target: 'usr/lib' }, reason: libc },
        { guest: '/lib64', source: { kind: 'symlink', target: 'usr/lib64' }, reason: loader },
        { guest: '/usr', source: { kind: 'dir' }, reason: { kind: 'parent' } },
        { guest: '/usr/bin', source: { kind: 'dir' }, reason: { kind: 'parent' } },
        { guest: '/usr/bin/python3.11', source: { kind: 'file', hostPath: '/R/usr/bin/python3.11', size: 100 }, reason: { kind: 'interpreter' } },
        { guest: '/usr/lib', source: { kind: 'dir' }, reason: { kind: 'parent' } },
        { guest: '/usr/lib/x86_64-linux-gnu', source: { kind: 'dir' }, reason: { kind: 'parent' } },
        { guest: '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2', source: { kind: 'file', hostPath: '/R/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2', size: 20 }, reason: loader },
        { guest: '/usr/lib/x86_64-linux-gnu/libc.so.6', source: { kind: 'file', hostPath: '/R/usr/lib/x86_64-linux-gnu/libc.so.6', size: 30 }, reason: libc },
        { guest: '/usr/lib64', source: { kind: 'dir' }, reason: { kind: 'parent' } },
        { guest: '/usr/lib64/ld-linux-x86-64.so.2', source: { kind: 'symlink', target: '../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2' }, reason: loader },
      ],
      program: '/usr/bin/python3.11',
      args: ['/usr/bin/python3.11', '/app/hello.py'],
      env: [['PYTHONDONTWRITEBYTECODE', '1']],
      cwd: '/app',
      warnings: [],
    });
  });

  test('excludes drop rootfs paths, and a dangling path becomes a warning', () => {
    const plan = assemblePlan(
      facts({
        kept: [
          { guest: '/usr/lib/x86_64-linux-gnu/libm.so.6', reason: { kind: 'config', key: 'include' } },
          { guest: '/etc/passwd', reason: { kind: 'config', key: 'include' } },
          { guest: '/usr/lib/nothing.so', reason: { kind: 'config', key: 'include' } },
        ],
        excludes: ['/usr/lib/**/libm*'],
      }),
    );
    expect(plan.entries.map((e) => e.guest)).toEqual(['/etc', '/etc/passwd']);
    expect(plan.warnings).toEqual(['/usr/lib/nothing.so: not in the rootfs (dangling symlink or missing), left out']);
  });

  test('orders guest paths by UTF-8 bytes, not UTF-16 units', () => {
    // U+FF5E (3 UTF-8 bytes, EF BD 9E) sorts before U+1F600 (F0 ...) in UTF-8 but after it in UTF-16.
    const plan = assemblePlan(
      facts({
        added: ['/a/\u{1F600}', '/a/\uFF5E', '/a/b', '/a-b'].map((guest) => ({ guest, source: { kind: 'dir' as const }, reason: { kind: 'script' as const } })),
      }),
    );
    expect(plan.entries.map((e) => e.guest)).toEqual(['/a', '/a-b', '/a/b', '/a/\uFF5E', '/a/\u{1F600}']);
  });

  test('an added file below a rootfs symlink makes that path a directory and says so', () => {
    const plan = assemblePlan(
      facts({
        kept: [{ guest: '/lib/x86_64-linux-gnu/libc.so.6', reason: { kind: 'implicit', why: 't' } }],
        added: [{ guest: '/lib/extra.txt', source: { kind: 'file', hostPath: '/h/x', size: 1 }, reason: { kind: 'user', detail: 'Files' } }],
      }),
    );
    expect(plan.entries.find((e) => e.guest === '/lib')?.source).toEqual({ kind: 'dir' });
    expect(plan.warnings).toEqual(['/lib: is a symlink in the rootfs but /lib/extra.txt needs a directory there; made it a directory']);
  });
});
