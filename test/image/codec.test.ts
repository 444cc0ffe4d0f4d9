// The pure TFS codec on bytes: varints, value headers, and the worked example of spec §B.6.4.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { ByteSink } from '../../src/image/tfs/byte-sink.js';
import { createRecordDecoder } from '../../src/image/tfs/decode.js';
import { createRecordEncoder } from '../../src/image/tfs/encode.js';
import { frameLog } from '../../src/image/tfs/frame-log.js';
import { pushValueHeader, readValueHeader } from '../../src/image/tfs/value-header.js';
import { pushVarint, readVarint } from '../../src/image/tfs/varint.js';
import { tfsInt, tfsTuple, type TfsTuple } from '../../src/image/tfs/value.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const sinkOf = (f: (s: ByteSink) => void): Uint8Array => {
  const s = new ByteSink();
  f(s);
  return s.bytes();
};

describe('varint', () => {
  test.each([
    [0, '00'],
    [5, '05'],
    [127, '7f'],
    [128, '8100'],
    [1024, '8800'],
    [1025, '8801'],
  ])('%d is %s (big-endian groups, not LEB128)', (n, bytes) => {
    expect(hex(sinkOf((s) => pushVarint(s, n)))).toBe(bytes);
    expect(readVarint(Buffer.from(bytes, 'hex'), 0)).toEqual({ value: n, next: bytes.length / 2 });
  });

  test('round trips any safe integer', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (n) => {
        const b = sinkOf((s) => pushVarint(s, n));
        expect(readVarint(b, 0)).toEqual({ value: n, next: b.length });
      }),
    );
  });
});

describe('value header', () => {
  test.each([
    [true, 0, 8, '8808'],
    [false, 0, 13, '080d'],
    [false, 1, 1, '11'],
    [true, 4, 6, 'c6'],
  ])('immediate=%s type %d length %d is %s', (imm, type, len, bytes) => {
    expect(hex(sinkOf((s) => pushValueHeader(s, imm, type, len)))).toBe(bytes);
  });

  test('round trips any length and type', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 2 ** 40 }), (imm, type, length) => {
        const b = sinkOf((s) => pushValueHeader(s, imm, type, length));
        expect(readValueHeader(b, 0, 5)).toEqual({ immediate: imm, type, length, next: b.length });
      }),
    );
  });
});

describe('records', () => {
  const example = (): TfsTuple =>
    tfsTuple([
      [
        'children',
        tfsTuple([
          [
            'hello',
            tfsTuple([
              ['extents', tfsTuple([['0', tfsTuple([['offset', tfsInt(1025)], ['length', tfsInt(1)], ['allocated', tfsInt(1)]])]])],
              ['filelength', tfsInt(5)],
            ]),
          ],
        ]),
      ],
      ['program', '/hello'],
    ]);

  test('the worked example of spec §B.6.4 encodes to its 92 bytes', () => {
    const record = createRecordEncoder().encodeRecord(example());
    const expected =
      '92' + '8808' + Buffer.from('children').toString('hex') + '91' + '85' + Buffer.from('hello').toString('hex') +
      '92' + '87' + Buffer.from('extents').toString('hex') + '91' + '81' + '30' + '93' +
      '86' + Buffer.from('offset').toString('hex') + 'b08801' + '86' + Buffer.from('length').toString('hex') + 'b001' +
      '8809' + Buffer.from('allocated').toString('hex') + 'b001' + '880a' + Buffer.from('filelength').toString('hex') + 'b005' +
      '87' + Buffer.from('program').toString('hex') + 'c6' + Buffer.from('/hello').toString('hex');
    expect(hex(record)).toBe(expected);
    expect(record.length).toBe(92);
  });

  test('a later update record (the spec’s filelength change) is merged into the decoded tuple', () => {
    const dec = createRecordDecoder();
    dec.decodeRecord(createRecordEncoder().encodeRecord(example()));
    dec.decodeRecord(Buffer.from('11050 80d b006'.replaceAll(' ', ''), 'hex'));
    const file = dec.entry(5) as TfsTuple;
    expect(file.entries.get('filelength')).toEqual(tfsInt(6));
    // A delete (`80`) removes the key.
    dec.decodeRecord(Buffer.from('1105080d80', 'hex'));
    expect(file.entries.has('filelength')).toBe(false);
  });

  test('symbols are written once per log and referenced after, across records', () => {
    const enc = createRecordEncoder();
    enc.encodeRecord(tfsTuple([['children', tfsTuple()]]));
    // Second record: a tuple {children: {}} again uses the symbol reference (#2) for `children`.
    expect(hex(enc.encodeRecord(tfsTuple([['children', tfsTuple()]])))).toBe('910290');
  });

  test('the same tuple object twice is a hard link: the second is a reference', () => {
    const shared = tfsTuple([['x', 'y']]);
    const record = createRecordEncoder().encodeRecord(tfsTuple([['a', shared], ['b', shared]]));
    const dec = createRecordDecoder();
    const root = dec.decodeRecord(record) as TfsTuple;
    expect(root.entries.get('a')).toBe(root.entries.get('b'));
  });

  test('a record that does not decode to its declared length is refused', () => {
    expect(() => createRecordDecoder().decodeRecord(Buffer.from('9000', 'hex'))).toThrow(/record of 2 bytes/);
  });
});

describe('log framing', () => {
  test('a 560,753-byte record splits exactly as mkfs split fixture 10 (segment 524,237, then 36,516)', () => {
    const exts = frameLog([new Uint8Array(560_753)], (i) => (i === 0 ? 1 : 5000));
    expect(exts.map((e) => e.startBlock)).toEqual([1, 5000]);
    const first = exts[0]!.bytes;
    // NVMTFS 05 88 00, then 02 varint(560753) varint(524237).
    expect(hex(first.subarray(0, 16))).toBe(`${Buffer.from('NVMTFS').toString('hex')}058800` + '02a29c71' + '9fff4d');
    const second = exts[1]!.bytes;
    expect(hex(second.subarray(9, 13))).toBe('03829d24');
  });
});

describe('what the kernel appends after a boot', () => {
  test('a record appended after END_OF_SEGMENT updates the tree our reader returns', async () => {
    const { openImage } = await import('../../src/image/read-image.js');
    const { gunzippedImage, scratchDir } = await import('./golden.js');
    const { readFileSync, writeFileSync } = await import('node:fs');
    const img = readFileSync(gunzippedImage('01-single-file'));
    const before = await openImage(gunzippedImage('01-single-file'));
    const eol = 512 + 1024 * 512 - before.root.log.freeAtEnd;
    const dictSize = before.root.log.dictionarySize;
    await before.close();
    expect(img[eol]).toBe(1);
    // As the kernel does: END_OF_LOG becomes END_OF_SEGMENT, then an EAV record, then END_OF_LOG.
    // Record: update of tuple #1 (the root) with 1 entry: new symbol "extra" = string "v".
    const record = Buffer.concat([Buffer.from([0x11, 0x01, 0x85]), Buffer.from('extra'), Buffer.from([0xc1]), Buffer.from('v')]);
    img.set(Buffer.concat([Buffer.from([0x04, 0x02, record.length, record.length]), record, Buffer.from([0x01])]), eol);
    const file = `${scratchDir()}/appended.img`;
    writeFileSync(file, img);
    const after = await openImage(file);
    try {
      expect(after.root.root.entries.get('extra')).toBe('v');
      expect(after.root.log.dictionarySize).toBe(dictSize + 1);
      expect(after.root.log.records).toBe(5);
    } finally {
      await after.close();
    }
  });
});
