// Pure decoding of one 512-byte tar header block (ustar, GNU and v7). Strict on purpose: a
// field that is not a number, a bad checksum or a negative size is an error, never a guess,
// because a reader that guesses can be desynchronised into reading file data as headers.
import { MinopsError } from '../../errors.js';

export const BLOCK = 512;

/** A header as it is written, before PAX or GNU long-name records are applied. */
export interface RawHeader {
  /** Name bytes up to the first NUL, with the ustar prefix joined in. */
  name: Buffer;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  /** The typeflag character ('0', '5', 'x', 'L', …); '\0' is reported as '0'. */
  type: string;
  linkname: Buffer;
  devmajor: number;
  devminor: number;
}

const cstring = (block: Buffer, start: number, length: number): Buffer => {
  const field = block.subarray(start, start + length);
  const nul = field.indexOf(0);
  return nul < 0 ? field : field.subarray(0, nul);
};

export const isZeroBlock = (block: Buffer): boolean => {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
};

/** A numeric field: octal digits padded by spaces/NULs, or GNU base-256 (positive only). */
export function decodeNumber(block: Buffer, start: number, length: number, field: string): number {
  const raw = block.subarray(start, start + length);
  if (raw[0] === 0x80) {
    let value = 0;
    for (let i = 1; i < raw.length; i++) value = value * 256 + raw[i]!;
    if (!Number.isSafeInteger(value)) throw invalid(`the ${field} field is too large`);
    return value;
  }
  if (raw[0] === 0xff) throw invalid(`the ${field} field is negative`);
  const text = raw.toString('latin1').replace(/^[ \0]+/, '').replace(/[ \0]+$/, '');
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw invalid(`the ${field} field "${text.replace(/[^\x20-\x7e]/g, '?')}" is not an octal number`);
  return parseInt(text, 8);
}

const invalid = (message: string): MinopsError => new MinopsError('ARCHIVE_INVALID', `invalid tar header: ${message}`);

function checksumMatches(block: Buffer): boolean {
  const stored = decodeNumber(block, 148, 8, 'checksum');
  let unsigned = 8 * 0x20;
  let signed = 8 * 0x20;
  for (let i = 0; i < BLOCK; i++) {
    if (i >= 148 && i < 156) continue;
    unsigned += block[i]!;
    signed += (block[i]! << 24) >> 24;
  }
  return stored === unsigned || stored === signed;
}

/** Decodes a non-zero header block; throws ARCHIVE_INVALID when it is not a tar header. */
export function decodeHeader(block: Buffer): RawHeader {
  if (!checksumMatches(block)) throw invalid('checksum mismatch (corrupted data, or not a tar archive)');
  const magic = block.toString('latin1', 257, 263);
  const posix = magic === 'ustar\0';
  const gnu = magic === 'ustar ';
  if (!posix && !gnu && magic !== '\0\0\0\0\0\0') throw invalid('unknown format');
  let name = cstring(block, 0, 100);
  // The ustar prefix field; GNU uses the same bytes for access/change times.
  if (posix && block[345] !== 0) name = Buffer.concat([cstring(block, 345, 155), Buffer.from('/'), name]);
  const flag = block[156] === 0 ? '0' : String.fromCharCode(block[156]!);
  return {
    name,
    mode: decodeNumber(block, 100, 8, 'mode'),
    uid: decodeNumber(block, 108, 8, 'uid'),
    gid: decodeNumber(block, 116, 8, 'gid'),
    size: decodeNumber(block, 124, 12, 'size'),
    mtime: decodeNumber(block, 136, 12, 'mtime'),
    type: flag,
    linkname: cstring(block, 157, 100),
    devmajor: posix || gnu ? decodeNumber(block, 329, 8, 'devmajor') : 0,
    devminor: posix || gnu ? decodeNumber(block, 337, 8, 'devminor') : 0,
  };
}
