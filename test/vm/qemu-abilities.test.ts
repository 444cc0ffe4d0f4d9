// QEMU's version and machine types are asked once per binary and remembered while the binary is
// the same file (size, mtime, inode): a warm run starts no QEMU but the one that boots.
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import type { StageEvent } from '../../src/events.js';
import { qemuAbilities } from '../../src/vm/qemu-abilities.js';
import { makeFakeQemu } from './support/fake-qemu.js';

test('asked once per binary, asked again when the binary changes', () => {
  const qemu = makeFakeQemu('works');
  const memoFile = path.join(mkdtempSync(path.join(tmpdir(), 'minops-qemu-memo-')), 'qemu.json');
  const asked = (): string[][] => {
    const events: StageEvent[] = [];
    const abilities = qemuAbilities(qemu.bin, { memoFile, onEvent: (e) => events.push(e) });
    expect(abilities).toEqual({ version: '9.9.9', machines: ['microvm', 'q35'] });
    return events.flatMap((e) => (e.kind === 'command' ? [e.argv.slice(1) as string[]] : []));
  };
  expect(asked()).toEqual([['--version'], ['-machine', 'help']]);
  expect(asked()).toEqual([]);
  appendFileSync(qemu.bin, '# rebuilt\n');
  expect(asked()).toEqual([['--version'], ['-machine', 'help']]);
});
