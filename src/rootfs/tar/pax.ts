// Pure decoding of a PAX extended header body: records "LEN key=value\n". Values stay bytes, so a
// path is decoded (strictly, as UTF-8) by the one place that decides what a name may be.
import { MinopsError } from '../../errors.js';

export function decodePax(body: Buffer): Map<string, Buffer> {
  const records = new Map<string, Buffer>();
  let at = 0;
  while (at < body.length) {
    // Writers pad the body with NULs after the last record.
    if (body[at] === 0) break;
    const space = body.indexOf(0x20, at);
    const lengthText = space < 0 ? '' : body.toString('latin1', at, space);
    if (!/^[0-9]{1,9}$/.test(lengthText)) throw malformed('a record length is not a number');
    const length = Number(lengthText);
    const end = at + length;
    if (length <= lengthText.length + 1 || end > body.length || body[end - 1] !== 0x0a) {
      throw malformed('a record length does not match its record');
    }
    const record = body.subarray(space + 1, end - 1);
    const equals = record.indexOf(0x3d);
    if (equals <= 0) throw malformed('a record has no key');
    records.set(record.toString('latin1', 0, equals), record.subarray(equals + 1));
    at = end;
  }
  return records;
}

/** A decimal PAX number (size, uid, gid; mtime may carry a fraction, which is dropped). */
export function paxNumber(value: Buffer, key: string): number {
  const text = value.toString('latin1');
  if (!/^[0-9]{1,16}(\.[0-9]*)?$/.test(text)) throw malformed(`the ${key} record "${text.slice(0, 40)}" is not a number`);
  const number = Math.floor(Number(text));
  if (!Number.isSafeInteger(number)) throw malformed(`the ${key} record is too large`);
  return number;
}

const malformed = (message: string): MinopsError => new MinopsError('ARCHIVE_INVALID', `invalid PAX header: ${message}`);
