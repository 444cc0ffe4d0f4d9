import { describe, expect, test } from 'vitest';
import { createProgress, progressText } from '../../src/cli/progress.js';
import type { StageEvent } from '../../src/events.js';

const events: StageEvent[] = [
  { kind: 'start', step: 'pulling python:3.10-slim', total: 1000 },
  { kind: 'command', argv: ['podman', 'save', '--format', 'docker-archive', 'python:3.10-slim'] },
  { kind: 'progress', step: 'pulling python:3.10-slim', done: 500, total: 1000 },
  { kind: 'end', step: 'pulling python:3.10-slim' },
  { kind: 'notice', message: 'reusing cached image' },
  { kind: 'warning', message: 'libgcc_s.so.1 added (needed by pthread_cancel)' },
  { kind: 'debug', message: 'closure: 14 libraries' },
];

const seen = (verbose: boolean) => {
  let text = '';
  const progress = createProgress({ write: (s) => (text += s), spinner: false, verbose });
  for (const e of events) progress.onEvent(e);
  progress.stop();
  return text;
};

describe('progress without a TTY', () => {
  test('prints notices and warnings, never a spinner', () => {
    expect(seen(false)).toBe('minops: reusing cached image\nminops: warning: libgcc_s.so.1 added (needed by pthread_cancel)\n');
  });

  test('-v adds each step, each external command as a shell line, and debug lines', () => {
    expect(seen(true)).toBe(
      [
        'minops: pulling python:3.10-slim...',
        '+ podman save --format docker-archive python:3.10-slim',
        'minops: reusing cached image',
        'minops: warning: libgcc_s.so.1 added (needed by pthread_cancel)',
        'minops: debug: closure: 14 libraries',
        '',
      ].join('\n'),
    );
  });
});

describe('progressText', () => {
  test('percent and MiB when the total is known, MiB alone when not', () => {
    expect(progressText({ kind: 'progress', step: 'copying', done: 3 * 1024 * 1024, total: 12 * 1024 * 1024 })).toBe('copying 25% (3.0 MiB of 12.0 MiB)');
    expect(progressText({ kind: 'progress', step: 'copying', done: 1536 * 1024 })).toBe('copying 1.5 MiB');
  });
});
