// boot.img (stage1 + stage2) and the size of stage2, from the region record stage1 keeps at 0x1AA:
// {u64 base; u64 length; u32 type} with type 12 (spec §B.2). mkfs places the first partition at
// 512 + length + 4096 from this record, so a boot.img without it cannot be laid out.
import { readFileSync } from 'node:fs';
import { MinopsError } from '../../errors.js';
import { BLOCK } from '../tfs/log-format.js';
import { hasMbrSignature } from './mbr.js';

export const REGION_RECORD_AT = 0x1aa;
export const REGION_FILESYSTEM = 12;

export interface BootImg {
  file: string;
  bytes: Uint8Array;
  stage2Size: number;
}

export function readBootImg(file: string): BootImg {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new MinopsError('INPUT_MISSING', `cannot read boot.img: ${(e as Error).message}`, { where: { file }, cause: e });
  }
  const invalid = (why: string): MinopsError =>
    new MinopsError('IMAGE_INVALID', `not a Nanos boot.img: ${why}`, {
      where: { file },
      hint: 'Use the boot.img built with the same Nanos kernel (output/platform/pc/boot/boot.img).',
    });
  if (bytes.length < BLOCK || !hasMbrSignature(bytes)) throw invalid('sector 0 does not end with the 55 AA signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = view.getUint32(REGION_RECORD_AT + 16, true);
  const length = view.getBigUint64(REGION_RECORD_AT + 8, true);
  if (type !== REGION_FILESYSTEM) throw invalid(`no stage2 region record at 0x1AA (type ${type}, expected ${REGION_FILESYSTEM})`);
  if (length % BigInt(BLOCK) !== 0n || length > 64n << 20n) throw invalid(`implausible stage2 size ${length} in the region record`);
  const stage2Size = Number(length);
  if (bytes.length > BLOCK + stage2Size) {
    throw invalid(`it is ${bytes.length} bytes, more than 512 + the ${stage2Size}-byte stage2 its region record declares`);
  }
  return { file, bytes, stage2Size };
}
