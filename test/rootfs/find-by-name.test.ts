import { describe, expect, test } from 'vitest';
import { findByName } from '../../src/rootfs/find-by-name.js';
import { debianPythonRootfs } from '../support/debian-rootfs.js';

describe('findByName', () => {
  test('finds bare names under their real directories, once despite /lib → usr/lib', () => {
    const found = findByName(debianPythonRootfs(), ['libz.so.1', 'os.py', 'no-such-file']);
    expect(found.get('libz.so.1')).toEqual(['/usr/lib/x86_64-linux-gnu/libz.so.1']);
    expect(found.get('os.py')?.[0]).toMatch(/^\/usr\/lib\/python3\.\d+\/os\.py$/);
    expect(found.has('no-such-file')).toBe(false);
  });
});
