// Formats are known by their bytes, never by their names.
import { describe, expect, test } from 'vitest';
import { formatFromBytes } from '../../../src/image/format/detect-format.js';

const sector = (at: number, text: string | number[]): Buffer => {
  const b = Buffer.alloc(512);
  if (typeof text === 'string') b.write(text, at, 'latin1');
  else b.set(text, at);
  return b;
};
const zero = Buffer.alloc(512);

describe('formatFromBytes', () => {
  test.each([
    ['qcow2', sector(0, 'QFI\xfb'), zero],
    ['vmdk', sector(0, 'KDMV'), zero],
    ['vmdk', sector(0, '# Disk DescriptorFile\n'), zero],
    // A fixed VHD is raw data with a footer: it has an MBR too, and the footer wins.
    ['vhd', sector(510, [0x55, 0xaa]), sector(0, 'conectix')],
    ['vhd', sector(0, 'conectix'), zero],
    ['gce', sector(0, [0x1f, 0x8b, 8]), zero],
    ['containerdisk', sector(257, 'ustar\x0000'), zero],
    ['raw', sector(510, [0x55, 0xaa]), zero],
    ['raw', sector(0, 'NVMTFS'), zero],
  ] as const)('%s', (format, head, tail) => {
    expect(formatFromBytes(head, tail)).toBe(format);
  });

  test('anything else is no format: zeros, text, a file shorter than a sector', () => {
    expect(formatFromBytes(zero, zero)).toBeUndefined();
    expect(formatFromBytes(sector(0, 'hello\n'), zero)).toBeUndefined();
    expect(formatFromBytes(Buffer.from([0x55, 0xaa]), Buffer.from([0x55, 0xaa]))).toBeUndefined();
  });
});
