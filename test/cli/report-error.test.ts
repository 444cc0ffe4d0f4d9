import { describe, expect, test } from 'vitest';
import { formatError } from '../../src/cli/report-error.js';
import { ConfigInvalidError } from '../../src/config/config-invalid-error.js';
import { MinopsError } from '../../src/errors.js';

describe('formatError', () => {
  test('a not-yet-implemented command', () => {
    expect(formatError(new MinopsError('NOT_IMPLEMENTED', 'minops rootfs prune is not implemented yet'), false)).toBe('minops: minops rootfs prune is not implemented yet\n');
  });

  test('file, entry, line and column, then the hint', () => {
    const e = new MinopsError('MANIFEST_SYNTAX', 'expected ")"', { where: { file: 'app.manifest', line: 4, column: 9 }, hint: 'close the tuple opened on line 2' });
    expect(formatError(e, false)).toBe('minops: app.manifest:4:9: expected ")"\nminops: hint: close the tuple opened on line 2\n');
  });

  test('a config with several problems: one complete line each', () => {
    const e = new ConfigInvalidError('config.json', [
      { path: 'Args', pos: { line: 2, column: 11 }, message: 'Args: must be an array of strings, not a string' },
      { path: 'Minops', message: 'Minops: must be an object, not an array' },
    ]);
    expect(formatError(e, false).split('\n')).toEqual([
      'minops: config.json:2:11: Args: must be an array of strings, not a string',
      'minops: config.json: Minops: must be an object, not an array',
      expect.stringContaining('minops: hint: '),
      '',
    ]);
  });

  test('--verbose adds the stack and the cause', () => {
    const e = new MinopsError('ENGINE_FAILED', 'podman save failed', { cause: new Error('exit status 125') });
    const text = formatError(e, true);
    expect(text.split('\n')[0]).toBe('minops: podman save failed');
    expect(text).toContain('caused by:');
    expect(text).toContain('Error: exit status 125');
  });

  test('what the machine refuses is said as such, with the path when the error has one, not as a bug', () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
    expect(formatError(full, false).split('\n')[0]).toBe('minops: no space left on the device (ENOSPC, write)');
    const denied = Object.assign(new Error('EACCES'), { code: 'EACCES', syscall: 'open', path: '/srv/out.img' });
    expect(formatError(denied, false).split('\n')).toEqual([
      'minops: /srv/out.img: permission denied (EACCES, open)',
      'minops: hint: check the permissions of that path (or of MINOPS_CACHE)',
      '',
    ]);
  });

  test('something thrown that is not even an Error', () => {
    expect(formatError('boom', false)).toBe('minops: internal error, please report: boom\nminops: hint: run again with --verbose for the stack trace\n');
  });
});
