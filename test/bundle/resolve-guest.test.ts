import { describe, expect, test } from 'vitest';
import { globBase, matchAny } from '../../src/bundle/match-glob.js';
import { resolveGuest } from '../../src/bundle/resolve-guest.js';
import { memoryRootfsView } from '../../src/bundle/rootfs-view.js';

const view = memoryRootfsView('/R', [
  ['/lib', { kind: 'symlink', target: 'usr/lib' }],
  ['/usr/lib/libz.so.1', { kind: 'symlink', target: 'libz.so.1.2.13' }],
  ['/usr/lib/libz.so.1.2.13', { kind: 'file', size: 1 }],
  ['/usr/bin/ld.so', { kind: 'symlink', target: '/lib/ld.so.2' }],
  ['/usr/lib/ld.so.2', { kind: 'file', size: 2 }],
  ['/escape', { kind: 'symlink', target: '../../../../usr/lib/libz.so.1' }],
  ['/loop/a', { kind: 'symlink', target: 'b' }],
  ['/loop/b', { kind: 'symlink', target: 'a' }],
  ['/file', { kind: 'file', size: 3 }],
]);

describe('resolveGuest', () => {
  test('follows a directory symlink and a file symlink, returning every hop', () => {
    expect(resolveGuest(view, '/lib/libz.so.1')).toEqual({
      real: { guest: '/usr/lib/libz.so.1.2.13', node: { kind: 'file', size: 1 } },
      links: [
        { guest: '/lib', target: 'usr/lib' },
        { guest: '/usr/lib/libz.so.1', target: 'libz.so.1.2.13' },
      ],
    });
  });

  test('an absolute target resolves inside the rootfs, and .. stops at the rootfs /', () => {
    expect(resolveGuest(view, '/usr/bin/ld.so').real?.guest).toBe('/usr/lib/ld.so.2');
    expect(resolveGuest(view, '/escape').real?.guest).toBe('/usr/lib/libz.so.1.2.13');
  });

  test('a loop, a missing path and a file used as a directory resolve to nothing', () => {
    expect(resolveGuest(view, '/loop/a').real).toBeUndefined();
    expect(resolveGuest(view, '/usr/lib/nope').real).toBeUndefined();
    expect(resolveGuest(view, '/file/x').real).toBeUndefined();
  });
});

describe('guest globs', () => {
  test('* stays in a component, ** spans them, a directory match covers what is below', () => {
    const m = matchAny(['/etc/ssl/*.pem', '/usr/share/**/*.mo', '/opt/app']);
    expect(m('/etc/ssl/a.pem')).toBe(true);
    expect(m('/etc/ssl/x/a.pem')).toBe(false);
    expect(m('/usr/share/locale/de/LC_MESSAGES/x.mo')).toBe(true);
    expect(m('/usr/share/x.mo')).toBe(true);
    expect(m('/opt/app/bin/tool')).toBe(true);
    expect(m('/opt/apple')).toBe(false);
    expect(globBase('/usr/share/**/*.mo')).toBe('/usr/share');
    expect(globBase('/x*')).toBe('/');
  });
});
