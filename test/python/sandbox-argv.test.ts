import { describe, expect, test } from 'vitest';
import { sandboxArgv, type TopEntry } from '../../src/python/sandbox-argv.js';

const top: TopEntry[] = [
  { name: 'usr', kind: 'other' },
  { name: 'lib', kind: 'symlink', target: 'usr/lib' },
  { name: 'etc', kind: 'other' },
  { name: 'proc', kind: 'other' },
  { name: 'tmp', kind: 'other' },
  { name: 'app', kind: 'other' },
  { name: '.dockerenv', kind: 'other' },
];

describe('sandboxArgv (pure)', () => {
  test('the rootfs is /: each top-level entry bound read-only, symlinks as symlinks, /app, /proc, /dev, /tmp supplied, / read-only, no namespace shared, a clean environment', () => {
    const argv = sandboxArgv(
      { root: '/cache/rootfs/tree', mounts: [{ host: '/home/me/proj', guest: '/app' }, { host: '/cache/out', guest: '/.minops/out', writable: true }], env: { PYTHONHASHSEED: '0', B: '2' }, cwd: '/app', argv: ['/usr/bin/python3', '-c', 'pass'], statusFd: 3 },
      top,
    );
    expect(argv).toEqual([
      '--unshare-all', '--die-with-parent', '--new-session', '--cap-drop', 'ALL',
      '--ro-bind', '/cache/rootfs/tree/.dockerenv', '/.dockerenv',
      '--ro-bind', '/cache/rootfs/tree/etc', '/etc',
      '--symlink', 'usr/lib', '/lib',
      '--ro-bind', '/cache/rootfs/tree/usr', '/usr',
      '--ro-bind', '/home/me/proj', '/app',
      '--bind', '/cache/out', '/.minops/out',
      '--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp', '--remount-ro', '/',
      '--clearenv', '--setenv', 'B', '2', '--setenv', 'PYTHONHASHSEED', '0',
      '--chdir', '/app', '--json-status-fd', '3', '--', '/usr/bin/python3', '-c', 'pass',
    ]);
  });

  test("--rootfs host: the host's / the same way (no double slash)", () => {
    const argv = sandboxArgv({ root: '/', mounts: [], env: {}, cwd: '/', argv: ['/usr/bin/python3'], statusFd: 3 }, [{ name: 'usr', kind: 'other' }, { name: 'sys', kind: 'other' }]);
    expect(argv.slice(5, 8)).toEqual(['--ro-bind', '/usr', '/usr']);
    expect(argv).not.toContain('/sys');
  });
});
