import { describe, expect, test } from 'vitest';
import { parseEnvAssignment } from '../../src/config/parse-env.js';
import { parseMemory } from '../../src/config/parse-memory.js';
import { parsePorts } from '../../src/config/parse-ports.js';
import { parseSize } from '../../src/config/parse-size.js';

describe('parseMemory (MiB)', () => {
  test.each([
    ['512', 512],
    [512, 512],
    ['512M', 512],
    ['512m', 512],
    ['512MiB', 512],
    ['2G', 2048],
    ['2g', 2048],
    ['1.5G', 1536],
    [' 64M ', 64],
  ])('%j → %i MiB', (input, mib) => {
    expect(parseMemory(input)).toEqual({ ok: true, value: mib });
  });

  test.each([
    ['lots', '"lots" is not a memory size; write a number of MiB (512) or use M or G (512M, 2G)'],
    ['512K', '"512K" is not a memory size; write a number of MiB (512) or use M or G (512M, 2G)'],
    ['-1', '"-1" is not a memory size; write a number of MiB (512) or use M or G (512M, 2G)'],
    ['', '"" is not a memory size; write a number of MiB (512) or use M or G (512M, 2G)'],
    ['0.5M', '"0.5M" is not a whole number of MiB'],
    ['8', '"8" is too little memory for Nanos (at least 16M)'],
    ['2000G', '"2000G" is more memory than QEMU can give (at most 1024G)'],
  ])('%j is rejected', (input, error) => {
    expect(parseMemory(input)).toEqual({ ok: false, error });
  });
});

describe('parseSize (bytes)', () => {
  test.each([
    ['100m', 100 * 1024 ** 2],
    ['1g', 1024 ** 3],
    ['1G', 1024 ** 3],
    ['4096', 4096],
    [4096, 4096],
    ['64k', 65536],
  ])('%j → %i bytes', (input, bytes) => {
    expect(parseSize(input)).toEqual({ ok: true, value: bytes });
  });

  test.each(['big', '0', '1x', '-5m'])('%j is rejected', (input) => {
    expect(parseSize(input).ok).toBe(false);
  });
});

describe('parseEnvAssignment', () => {
  test('only the first = splits, so a value may contain =', () => {
    expect(parseEnvAssignment('OPTS=a=b==c')).toEqual({ ok: true, value: ['OPTS', 'a=b==c'] });
  });
  test('an empty value is allowed', () => {
    expect(parseEnvAssignment('EMPTY=')).toEqual({ ok: true, value: ['EMPTY', ''] });
  });
  test.each([
    ['FOO', '"FOO" has no "="; write KEY=VALUE'],
    ['=x', '"=x" has an empty name; write KEY=VALUE'],
  ])('%j is rejected', (input, error) => {
    expect(parseEnvAssignment(input)).toEqual({ ok: false, error });
  });
});

describe('parsePorts', () => {
  test('a port, a pair, a range, a number, a protocol suffix', () => {
    expect(parsePorts('8080', 'tcp')).toEqual({ ok: true, value: [{ host: 8080, guest: 8080, protocol: 'tcp' }] });
    expect(parsePorts('8443:443', 'tcp')).toEqual({ ok: true, value: [{ host: 8443, guest: 443, protocol: 'tcp' }] });
    expect(parsePorts(53, 'udp')).toEqual({ ok: true, value: [{ host: 53, guest: 53, protocol: 'udp' }] });
    expect(parsePorts('53/udp', 'tcp')).toEqual({ ok: true, value: [{ host: 53, guest: 53, protocol: 'udp' }] });
    expect(parsePorts('9000-9002', 'tcp')).toEqual({
      ok: true,
      value: [9000, 9001, 9002].map((p) => ({ host: p, guest: p, protocol: 'tcp' })),
    });
  });
  test.each(['0', '65536', 'http', '9002-9000', '1-5000', '80:', ':80', '80/sctp'])('%j is rejected', (input) => {
    expect(parsePorts(input, 'tcp').ok).toBe(false);
  });
});
