// The planner's view of a host tree lists names as Nanos can hold them: UTF-8 only. A name that
// is not UTF-8 is reported, with its bytes shown, and never listed under a lossy decoding (which
// would name a file that is not there, or another one).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { escapedName, hostRootfsView } from '../../src/bundle/rootfs-view.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'minops-view-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

test('names that are not UTF-8 are reported and left out; every other name is listed as it is', () => {
  mkdirSync(path.join(root, 'd'));
  const odd = ['sp ace', 'new\nline', 'ünï', 'emoji😀', 'quo"te(1):x'];
  for (const name of odd) writeFileSync(path.join(root, 'd', name), 'x');
  writeFileSync(Buffer.from([...Buffer.from(path.join(root, 'd/bad')), 0xff, 0xfe]), 'x');
  const reported: string[] = [];
  const view = hostRootfsView(root, (p) => reported.push(p));
  expect(view.list('/d')).toEqual([...odd].sort());
  expect(reported).toEqual([path.join(root, 'd/bad\\xff\\xfe')]);
  expect(view.node('/d/ünï')).toMatchObject({ kind: 'file', size: 1 });
});

test('escapedName keeps UTF-8 runs and shows each other byte as \\xNN', () => {
  expect(escapedName(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x74]))).toBe('caf\\xe9.t');
  expect(escapedName(Buffer.from('ünï'))).toBe('ünï');
  // A multi-byte sequence cut short is shown byte by byte.
  expect(escapedName(Buffer.from([0xc3, 0x41]))).toBe('\\xc3A');
});
