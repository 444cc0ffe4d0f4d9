import { describe, expect, test } from 'vitest';
import { addRunEntries } from '../../src/bundle/add-run-entries.js';
import type { BundlePlan, PlanEntry } from '../../src/bundle/bundle-plan.js';
import { MinopsError } from '../../src/errors.js';

const dir = (guest: string): PlanEntry => ({ guest, source: { kind: 'dir' }, reason: { kind: 'parent' } });
const file = (guest: string, reason: PlanEntry['reason'] = { kind: 'rootfs' }): PlanEntry => ({ guest, source: { kind: 'file', hostPath: `/R${guest}`, size: 1 }, reason });

const plan: BundlePlan = {
  entries: [
    dir('/app'),
    file('/app/main.py', { kind: 'script' }),
    dir('/etc'),
    file('/etc/hosts', { kind: 'user', detail: 'config Files' }),
    { guest: '/lib', source: { kind: 'symlink', target: 'usr/lib' }, reason: { kind: 'interpreter' } },
    dir('/usr'),
  ],
  program: '/usr/bin/python3',
  args: ['/usr/bin/python3', '/app/main.py'],
  env: [],
  cwd: '/app',
  warnings: [],
};
const guests = (p: BundlePlan) => p.entries.map((e) => e.guest);
const failure = (f: () => unknown): MinopsError => {
  try {
    f();
  } catch (e) {
    if (e instanceof MinopsError) return e;
    throw e;
  }
  throw new Error('did not throw');
};

describe('addRunEntries', () => {
  test('mount points become directories, parents included, in order; an existing directory stays as it is', () => {
    const p = addRunEntries(plan, { mountPoints: [{ guest: '/mnt/in', from: '-v ./in:/mnt/in' }, { guest: '/app', from: '-v v:/app' }], files: [] });
    expect(guests(p)).toEqual(['/app', '/app/main.py', '/etc', '/etc/hosts', '/lib', '/mnt', '/mnt/in', '/usr']);
    expect(p.entries.find((e) => e.guest === '/mnt/in')).toEqual({ guest: '/mnt/in', source: { kind: 'dir' }, reason: { kind: 'generated', why: 'mount point of -v ./in:/mnt/in' } });
    expect(p.entries.find((e) => e.guest === '/app')).toBe(plan.entries[0]);
  });

  test.each([
    ['/app/main.py', '-v ./x:/app/main.py: /app/main.py is a file in the image; a mount point must be a directory'],
    ['/lib', '-v ./x:/lib: /lib is a symbolic link in the image; a mount point must be a directory'],
    ['/app/main.py/sub', '-v ./x:/app/main.py/sub: /app/main.py is a file in the image, so /app/main.py/sub cannot be made under it'],
    ['/lib/data', '-v ./x:/lib/data: /lib is a symbolic link in the image, so /lib/data cannot be made under it; name the real directory (usr/lib)'],
  ])('a mount on %s is refused, naming it', (guest, line) => {
    const e = failure(() => addRunEntries(plan, { mountPoints: [{ guest, from: `-v ./x:${guest}` }], files: [] }));
    expect(e.code).toBe('USAGE');
    expect(`${e.where?.file}: ${e.message}`).toBe(line);
  });

  test('generated files are added, but a file the user placed wins', () => {
    const resolv = file('/etc/resolv.conf', { kind: 'generated', why: 'dns' });
    const hosts = file('/etc/hosts', { kind: 'generated', why: 'dns' });
    const p = addRunEntries(plan, { mountPoints: [], files: [resolv, hosts] });
    expect(guests(p)).toEqual(['/app', '/app/main.py', '/etc', '/etc/hosts', '/etc/resolv.conf', '/lib', '/usr']);
    expect(p.entries.find((e) => e.guest === '/etc/hosts')?.reason.kind).toBe('user');
    expect(p.entries.find((e) => e.guest === '/etc/resolv.conf')).toBe(resolv);
  });

  test('nothing to add: the very same plan', () => {
    expect(addRunEntries(plan, { mountPoints: [], files: [] })).toBe(plan);
  });
});
