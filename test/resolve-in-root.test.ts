import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { maxSymlinkHops, resolveInRoot } from '../src/resolve-in-root.js';
import { link, makeRoot } from './elf/build-elf.js';

const root = makeRoot();
afterAll(() => rmSync(root, { recursive: true, force: true }));
const file = (guest: string): void => {
  mkdirSync(path.dirname(path.join(root, guest)), { recursive: true });
  writeFileSync(path.join(root, guest), 'x');
};
file('/usr/lib/x86_64-linux-gnu/libz.so.1.2.13');
file('/etc/real-passwd');
link(root, '/lib', 'usr/lib');
link(root, '/usr/lib/x86_64-linux-gnu/libz.so.1', 'libz.so.1.2.13');
link(root, '/usr/lib64', '/lib'); // absolute, to a directory link
link(root, '/escape', '../../../../../../etc/real-passwd'); // `..` stops at the root
link(root, '/abs-passwd', '/etc/passwd'); // the host's /etc/passwd must not be seen
link(root, '/loop-a', 'loop-b');
link(root, '/loop-b', 'loop-a');
link(root, '/self', 'self');
for (let i = 0; i < maxSymlinkHops + 1; i++) link(root, `/hop${i}`, `hop${i + 1}`);
file(`/hop${maxSymlinkHops + 1}`);
for (let i = 0; i < maxSymlinkHops - 1; i++) link(root, `/ok${i}`, `ok${i + 1}`);
file(`/ok${maxSymlinkHops - 1}`);
link(root, '/up', 'usr/lib/x86_64-linux-gnu/..'); // `..` after a symlink is physical

describe('resolveInRoot', () => {
  test('usrmerge directory link, then a relative file link: every hop, verbatim targets', async () => {
    expect(await resolveInRoot(root, '/lib/x86_64-linux-gnu/libz.so.1')).toEqual({
      guest: '/usr/lib/x86_64-linux-gnu/libz.so.1.2.13',
      kind: 'file',
      links: [
        { guest: '/lib', target: 'usr/lib' },
        { guest: '/usr/lib/x86_64-linux-gnu/libz.so.1', target: 'libz.so.1.2.13' },
      ],
    });
  });

  test('an absolute link restarts at the rootfs, not the host', async () => {
    expect(await resolveInRoot(root, '/usr/lib64/x86_64-linux-gnu')).toEqual({
      guest: '/usr/lib/x86_64-linux-gnu', kind: 'directory',
      links: [{ guest: '/usr/lib64', target: '/lib' }, { guest: '/lib', target: 'usr/lib' }],
    });
    expect((await resolveInRoot(root, '/abs-passwd')).kind).toBe('missing');
  });

  test('`..` never climbs out of the rootfs', async () => {
    expect(await resolveInRoot(root, '/escape')).toMatchObject({ guest: '/etc/real-passwd', kind: 'file' });
    expect(await resolveInRoot(root, '/../../etc/real-passwd')).toMatchObject({ guest: '/etc/real-passwd', kind: 'file' });
  });

  test('`..` applies to the real path, after the link', async () => {
    expect(await resolveInRoot(root, '/lib/x86_64-linux-gnu/../x86_64-linux-gnu/libz.so.1.2.13')).toMatchObject({
      guest: '/usr/lib/x86_64-linux-gnu/libz.so.1.2.13', kind: 'file',
    });
    expect(await resolveInRoot(root, '/up')).toMatchObject({ guest: '/usr/lib', kind: 'directory' });
  });

  test(`loops, and chains over ${maxSymlinkHops} hops, are 'loop'; ${maxSymlinkHops} hops are fine`, async () => {
    expect((await resolveInRoot(root, '/loop-a')).kind).toBe('loop');
    expect((await resolveInRoot(root, '/self/x')).kind).toBe('loop');
    expect((await resolveInRoot(root, '/hop0')).kind).toBe('loop');
    const ok = await resolveInRoot(root, '/ok0');
    expect(ok).toMatchObject({ guest: `/ok${maxSymlinkHops - 1}`, kind: 'file' });
    expect(ok.links).toHaveLength(maxSymlinkHops - 1);
  });

  test('missing paths and paths through a file are missing', async () => {
    expect(await resolveInRoot(root, '/lib/nope.so')).toMatchObject({ kind: 'missing', guest: '/lib/nope.so' });
    expect((await resolveInRoot(root, '/etc/real-passwd/x')).kind).toBe('missing');
    expect((await resolveInRoot(root, '/etc/a\0b')).kind).toBe('missing');
  });
});
