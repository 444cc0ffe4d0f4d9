// QEMU's exit code → the guest's exit status. With `debug_exit` in the image and QEMU's
// isa-debug-exit device, Nanos writes its status to port 0x501 and QEMU exits with
// `(status << 1) | 1`; a process exit code keeps 8 bits, so only the low 7 bits of the status survive.

export type DecodedExit =
  /** The guest left through isa-debug-exit (odd code) or powered off (0). */
  | { kind: 'guest'; status: number; notes: string[] }
  /** An even, non-zero code: QEMU itself failed; the guest never reported a status. */
  | { kind: 'qemu-error'; rawExit: number };

export function decodeExitStatus(rawExit: number): DecodedExit {
  if (rawExit === 0) {
    return {
      kind: 'guest',
      status: 0,
      notes: [
        'the guest powered off without debug_exit, so its exit status is unknown; reported as 0 ' +
          '(images built for `run` carry debug_exit)',
      ],
    };
  }
  if (rawExit % 2 === 0) return { kind: 'qemu-error', rawExit };
  const status = rawExit >> 1;
  // Every decoded value N could also be N+128. Statuses 128..255 are rare for a Python program
  // (Nanos reports a fatal signal as its number, e.g. 11, not 128+11), so 0 is taken at its word
  // and a non-zero status carries the caveat.
  const notes =
    status === 0 ? [] : [`exit status ${status} could also be ${status + 128}: only 7 bits of the status reach the host`];
  return { kind: 'guest', status, notes };
}
