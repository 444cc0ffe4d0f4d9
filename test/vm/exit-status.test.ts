import { describe, expect, test } from 'vitest';
import { decodeExitStatus } from '../../src/vm/exit-status.js';

describe('decodeExitStatus', () => {
  // QEMU exit code → guest status, as observed on the real kernel (spec, "Verified on the real kernel").
  test.each([
    [1, 0], // exit 0
    [7, 3], // sys.exit(3)
    [3, 1], // uncaught Python exception
    [15, 7],
    [23, 11], // SIGSEGV: Nanos reports the signal number
    [255, 127], // ld.so cannot open a shared object
    [145, 72], // exit 200: only 7 bits survive
  ])('QEMU %i → status %i', (raw, status) => {
    const d = decodeExitStatus(raw);
    expect(d).toMatchObject({ kind: 'guest', status });
  });

  test('status 0 carries no note; a non-zero status says it could be +128', () => {
    expect(decodeExitStatus(1)).toEqual({ kind: 'guest', status: 0, notes: [] });
    expect(decodeExitStatus(7)).toEqual({
      kind: 'guest',
      status: 3,
      notes: ['exit status 3 could also be 131: only 7 bits of the status reach the host'],
    });
  });

  test('QEMU exiting 0 means the guest powered off without debug_exit: status 0 with a note', () => {
    const d = decodeExitStatus(0);
    expect(d).toMatchObject({ kind: 'guest', status: 0 });
    expect(d.kind === 'guest' && d.notes[0]).toMatch(/powered off without debug_exit/);
  });

  test('an even non-zero code is QEMU failing, not a guest status', () => {
    expect(decodeExitStatus(2)).toEqual({ kind: 'qemu-error', rawExit: 2 });
  });
});
