// Random access to the disk inside a qcow2, vmdk or vhd file, so the one TFS reader reads those as
// it reads raw images: each read asks qemu-img for just that byte range (a raw node with
// offset/size over the file's format node), never for the whole disk.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MinopsError } from '../../errors.js';
import { noEvents, type OnEvent } from '../../events.js';
import type { ByteReader } from '../byte-reader.js';
import { optList } from '../../vm/argv/opt-list.js';
import { runQemuImg } from './qemu-img.js';

const SECTOR = 512;

export async function openQemuImgReader(qemuImg: string, file: string, format: 'qcow2' | 'vmdk' | 'vpc', onEvent: OnEvent = noEvents): Promise<ByteReader> {
  const abs = path.resolve(file);
  const info = await runQemuImg(qemuImg, ['info', '--output=json', '-f', format, abs], onEvent, file);
  const size = Number((JSON.parse(info) as { 'virtual-size'?: unknown })['virtual-size']);
  if (!Number.isSafeInteger(size) || size <= 0) {
    throw new MinopsError('IMAGE_INVALID', `qemu-img reports no virtual size for this ${format} file`, { where: { file } });
  }
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'minops-read-'));
  let reads = 0;
  return {
    file,
    size,
    async read(offset, length) {
      const start = Math.floor(offset / SECTOR) * SECTOR;
      const end = Math.min(size, Math.ceil((offset + length) / SECTOR) * SECTOR);
      if (end <= start) return new Uint8Array(0);
      const out = path.join(scratch, `r${reads++}`);
      const node = optList([['driver', 'raw'], ['offset', start], ['size', end - start], ['file.driver', format], ['file.file.filename', abs]]);
      await runQemuImg(qemuImg, ['convert', '--image-opts', node, '-O', 'raw', out], onEvent, file);
      const bytes = readFileSync(out);
      rmSync(out, { force: true });
      return bytes.subarray(offset - start, Math.min(bytes.length, offset - start + length));
    },
    close: async () => rmSync(scratch, { recursive: true, force: true }),
  };
}
