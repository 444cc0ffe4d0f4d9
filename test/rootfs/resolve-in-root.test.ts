// Guest paths resolve inside the rootfs: absolute link targets start again at the rootfs root,
// '..' stops there, loops end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { baseImagesOf } from '../../src/rootfs/from-engine.js';
import { resolveInRoot } from '../../src/rootfs/resolve-in-root.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'minops-resolve-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
fs.mkdirSync(path.join(root, 'usr/bin'), { recursive: true });
fs.mkdirSync(path.join(root, 'etc'));
fs.writeFileSync(path.join(root, 'usr/bin/python3.11'), '');
fs.writeFileSync(path.join(root, 'etc/passwd'), 'guest\n');
fs.symlinkSync('usr/bin', path.join(root, 'bin'));
fs.symlinkSync('python3.11', path.join(root, 'usr/bin/python3'));
fs.symlinkSync('/etc/passwd', path.join(root, 'usr/abs'));
fs.symlinkSync('../../../../../etc', path.join(root, 'usr/up'));
fs.symlinkSync('loop', path.join(root, 'loop'));

test.each([
  ['/bin/python3', '/usr/bin/python3.11'],
  ['/usr/abs', '/etc/passwd'],
  ['/usr/up/passwd', '/etc/passwd'],
  ['/../../usr/bin/../bin/python3', '/usr/bin/python3.11'],
  ['/usr/bin/missing', null],
  ['/loop', null],
  ['/etc/passwd/x', null],
])('%s → %s', (guest, expected) => {
  expect(resolveInRoot(root, guest)).toBe(expected);
});

test('the base images of a Dockerfile, stages left out', () => {
  expect(baseImagesOf('FROM docker.io/library/python:3.10 AS build\nRUN x\nFROM --platform=linux/amd64 build\nFROM scratch\nfrom alpine:3\n')).toEqual([
    'docker.io/library/python:3.10',
    'alpine:3',
  ]);
});
