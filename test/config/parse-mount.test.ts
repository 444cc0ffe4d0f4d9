import { describe, expect, test } from 'vitest';
import { checkGuestDir, parseMount, volumeNameProblem } from '../../src/config/parse-mount.js';

describe('parseMount (-v SRC:GUESTDIR[:ro|rw], docker rules)', () => {
  test.each([
    ['./in:/in:ro', { kind: 'share', host: './in', guest: '/in', readOnly: true }],
    ['/srv/out:/out', { kind: 'share', host: '/srv/out', guest: '/out', readOnly: false }],
    ['out/:/out:rw', { kind: 'share', host: 'out/', guest: '/out', readOnly: false }],
    ['..:/up', { kind: 'share', host: '..', guest: '/up', readOnly: false }],
    ['~/x:/x', { kind: 'share', host: '~/x', guest: '/x', readOnly: false }],
    ['/a:b/c:/data', { kind: 'share', host: '/a:b/c', guest: '/data', readOnly: false }],
    ['data:/data', { kind: 'volume', name: 'data', guest: '/data', readOnly: false }],
    ['my.vol_1-x:/mnt/v/:ro', { kind: 'volume', name: 'my.vol_1-x', guest: '/mnt/v', readOnly: true }],
    ['./in://in/./sub//', { kind: 'share', host: './in', guest: '/in/sub', readOnly: false }],
  ])('%s', (text, want) => {
    expect(parseMount(text, '-v')).toEqual({ ok: true, value: { ...want, from: '-v' } });
  });

  test.each([
    ['./in', '"./in" is not HOSTDIR:GUESTDIR or NAME:GUESTDIR'],
    [':/in', 'names no host directory or volume'],
    ['./in:in', 'the guest directory "in" is not absolute (write /in)'],
    ['./in:/', 'the guest directory is "/": a mount cannot hide the whole image'],
    ['./in:/a/../etc', 'holds "..", which would climb out of it'],
    ['./in:/in:z', 'unknown option "z"; write ro or rw'],
    ['in dir:/in', '"in dir" is not a volume name'],
    ['a-very-long-volume-name-of-32-byt:/d', 'longer than 31 bytes'],
  ])('%s is refused: %s', (text, error) => {
    const r = parseMount(text, '-v');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(error);
  });

  test('a bad volume name says how to write a directory instead', () => {
    const r = parseMount('-in:/in', '-v');
    expect(!r.ok && r.error).toBe('"-in:/in": "-in" is not a volume name (letters, digits, _ . -; starting with a letter or digit); write ./-in for a directory');
  });

  test('volume names: docker\'s rule, at most 31 bytes (the TFS label)', () => {
    expect(volumeNameProblem('a'.repeat(31))).toBeUndefined();
    expect(volumeNameProblem('a'.repeat(32))).toContain('longer than 31 bytes');
    expect(volumeNameProblem('.hidden')).toContain('not a volume name');
  });

  test('checkGuestDir normalises what the kernel would', () => {
    expect(checkGuestDir('/a//b/./')).toEqual({ ok: true, value: '/a/b' });
    expect(checkGuestDir('/.').ok).toBe(false);
  });
});
