// Guest path resolution over fixture 03's symlinks (relative, absolute, `..`, `.`, trailing slash,
// chains, dangling), as the kernel resolves them.
import { describe, expect, test } from 'vitest';
import { openImage } from '../../src/image/read-image.js';
import { resolveGuestPath } from '../../src/image/tfs/resolve-path.js';
import { tfsTuple } from '../../src/image/tfs/value.js';
import { gunzippedImage } from './golden.js';

describe('resolveGuestPath on fixture 03-symlinks', async () => {
  const image = await openImage(gunzippedImage('03-symlinks'));
  const root = image.root.root;
  const resolved = (p: string, followLast = true) => {
    const r = resolveGuestPath(root, p, followLast);
    return 'entry' in r ? `${r.entry.type} ${r.entry.path}` : r;
  };

  test.each([
    ['/abs-file', 'file /data/target.txt'],
    ['/abs-dir/inner.txt', 'file /data/sub/inner.txt'],
    ['/rel-dir/inner.txt', 'file /data/sub/inner.txt'],
    ['/chain1', 'file /data/target.txt'],
    ['/data/sub/sibling', 'file /data/target.txt'],
    ['/data/sub/up/sub/up/target.txt', 'file /data/target.txt'],
    ['/dir-trailing-slash', 'dir /data/sub'],
    ['/dot/dot/lib/libfoo.so', 'file /lib/libfoo.so.1.2.3'],
    ['/data/../lib/./libfoo.so.1', 'file /lib/libfoo.so.1.2.3'],
    ['/', 'dir /'],
  ])('%s → %s', (p, want) => {
    expect(resolved(p)).toBe(want);
  });

  test('without following the last link, the link itself', () => {
    // `..` after a symlink goes up from where the link led (/data/sub → /data → /).
    expect(resolved('/rel-dir/../../chain1', false)).toBe('symlink /chain1');
    expect(resolved('/rel-dir/../chain1')).toEqual({ missing: '/data/chain1' });
  });

  test('dangling links and missing names say what is missing', () => {
    expect(resolved('/dangling')).toEqual({ missing: '/does' });
    expect(resolved('/abs-dangling')).toEqual({ missing: '/nowhere' });
    expect(resolved('/data/nope.txt')).toEqual({ missing: '/data/nope.txt' });
  });

  test('a symlink loop stops after 40 hops', () => {
    const loop = tfsTuple([['children', tfsTuple([['a', tfsTuple([['linktarget', 'b']])], ['b', tfsTuple([['linktarget', 'a']])]])]]);
    expect(resolveGuestPath(loop, '/a')).toEqual({ loop: '/a' });
  });
});
