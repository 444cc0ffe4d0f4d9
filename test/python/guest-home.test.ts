import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { guestHome, superuserHome } from '../../src/python/guest-home.js';

describe('the guest\'s HOME, as docker derives it', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'minops-home-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('uid 0\'s home from passwd(5) text, whatever its name', () => {
    expect(superuserHome('daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\ntoor:x:0:0:root:/var/root:/bin/sh\n')).toBe('/var/root');
    expect(superuserHome('nobody:x:65534:65534::/nonexistent:/bin/false\n')).toBeUndefined();
    expect(superuserHome('root:x:0:0\n')).toBeUndefined();
  });

  test('read inside the rootfs: a symlinked /etc/passwd is followed inside it; none gives "/"', async () => {
    const root = path.join(dir, 'r');
    mkdirSync(path.join(root, 'etc'), { recursive: true });
    expect(await guestHome(root)).toBe('/');
    mkdirSync(path.join(root, 'data'));
    writeFileSync(path.join(root, 'data/passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
    // An absolute target restarts at the rootfs, never the host's /data/passwd.
    symlinkSync('/data/passwd', path.join(root, 'etc/passwd'));
    expect(await guestHome(root)).toBe('/root');
  });
});
