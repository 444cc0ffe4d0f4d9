import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { libraryDirs } from './library-dirs.js';
import { resolveInRoot } from '../../src/python/resolve-in-root.js';

const root = mkdtempSync(path.join(tmpdir(), 'minops-resolve-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const at = (p: string) => path.join(root, p);
mkdirSync(at('usr/lib/x86_64-linux-gnu'), { recursive: true });
mkdirSync(at('etc/ld.so.conf.d'), { recursive: true });
mkdirSync(at('opt/libs'), { recursive: true });
writeFileSync(at('usr/lib/x86_64-linux-gnu/libc.so.6'), '');
symlinkSync('usr/lib', at('lib'));
symlinkSync('/usr/lib/x86_64-linux-gnu/libc.so.6', at('usr/lib/libc-abs.so'));
symlinkSync('loop-b', at('loop-a'));
symlinkSync('loop-a', at('loop-b'));
symlinkSync('/nowhere', at('dangling'));
writeFileSync(at('etc/ld.so.conf'), '# comment\ninclude /etc/ld.so.conf.d/*.conf\n');
writeFileSync(at('etc/ld.so.conf.d/a.conf'), '/opt/libs\n/does/not/exist\n');

describe('resolveInRoot / libraryDirs', () => {
  test('directory symlinks (usrmerge) and absolute targets resolve inside the root', async () => {
    expect(await resolveInRoot(root, '/lib/libc-abs.so')).toEqual({
      guest: '/usr/lib/x86_64-linux-gnu/libc.so.6',
      host: at('usr/lib/x86_64-linux-gnu/libc.so.6'),
      kind: 'file',
      links: [{ guest: '/lib', target: 'usr/lib' }, { guest: '/usr/lib/libc-abs.so', target: '/usr/lib/x86_64-linux-gnu/libc.so.6' }],
    });
  });

  test('loops and dangling links resolve to nothing', async () => {
    expect(await resolveInRoot(root, '/loop-a')).toBeUndefined();
    expect(await resolveInRoot(root, '/dangling')).toBeUndefined();
  });

  test('ld.so.conf with include globs, then the default dirs, deduplicated through symlinks', async () => {
    expect((await libraryDirs(root)).map((d) => d.guest)).toEqual(['/opt/libs', '/usr/lib/x86_64-linux-gnu', '/usr/lib']);
  });
});
