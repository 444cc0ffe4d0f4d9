// Where an image's blobs live: members of a tar file (docker-archive, oci-archive) or files in a
// directory (oci:DIR). Both are read by name, as streams; nothing is copied out first.
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { MinopsError } from '../../errors.js';
import { indexTarFile, resolveMember, type TarMember } from './tar-members.js';

export interface BlobStore {
  /** The archive or directory, for messages. */
  readonly file: string;
  has(name: string): boolean;
  size(name: string): number;
  open(name: string): Readable;
  /** The first bytes (compression magic). */
  head(name: string, bytes: number): Buffer;
  /** A small member (JSON), read whole; larger than `max` is an error. */
  readSmall(name: string, max?: number): Buffer;
}

const SMALL = 4 * 1024 * 1024;

function tooBig(file: string, name: string, size: number, max: number): MinopsError {
  return new MinopsError('ARCHIVE_INVALID', `${file}: "${name}" is ${size} bytes, more than the ${max} a metadata file may have`, { where: { file, entry: name } });
}

export async function tarBlobStore(file: string): Promise<BlobStore> {
  const members = await indexTarFile(file);
  const member = (name: string): TarMember => resolveMember(members, name, file);
  const readAt = (m: TarMember, length: number): Buffer => {
    const buffer = Buffer.alloc(length);
    const fd = fs.openSync(file, 'r');
    try {
      let done = 0;
      while (done < length) {
        const n = fs.readSync(fd, buffer, done, length - done, m.offset + done);
        if (n === 0) break;
        done += n;
      }
      return buffer.subarray(0, done);
    } finally {
      fs.closeSync(fd);
    }
  };
  return {
    file,
    has: (name) => members.has(name.replace(/^(\.\/)+/, '')),
    size: (name) => member(name).size,
    open: (name) => {
      const m = member(name);
      if (m.size === 0) return fs.createReadStream(file, { start: 1, end: 0 });
      return fs.createReadStream(file, { start: m.offset, end: m.offset + m.size - 1, highWaterMark: 1 << 20 });
    },
    head: (name, bytes) => {
      const m = member(name);
      return readAt(m, Math.min(bytes, m.size));
    },
    readSmall: (name, max = SMALL) => {
      const m = member(name);
      if (m.size > max) throw tooBig(file, name, m.size, max);
      return readAt(m, m.size);
    },
  };
}

/** An OCI layout directory; names are relative paths the callers have already validated. */
export function dirBlobStore(dir: string): BlobStore {
  const full = (name: string): string => {
    if (path.isAbsolute(name) || path.posix.normalize(name).startsWith('..')) {
      throw new MinopsError('ARCHIVE_UNSAFE', `${dir}: "${name}" leads outside the layout`, { where: { file: dir, entry: name } });
    }
    return path.join(dir, name);
  };
  const stat = (name: string): fs.Stats => {
    try {
      return fs.statSync(full(name));
    } catch {
      throw new MinopsError('ARCHIVE_INVALID', `${dir}: "${name}" is missing from the OCI layout`, { where: { file: dir, entry: name } });
    }
  };
  return {
    file: dir,
    has: (name) => fs.existsSync(full(name)),
    size: (name) => stat(name).size,
    open: (name) => fs.createReadStream(full(name), { highWaterMark: 1 << 20 }),
    head: (name, bytes) => {
      const fd = fs.openSync(full(name), 'r');
      try {
        const buffer = Buffer.alloc(bytes);
        return buffer.subarray(0, fs.readSync(fd, buffer, 0, bytes, 0));
      } finally {
        fs.closeSync(fd);
      }
    },
    readSmall: (name, max = SMALL) => {
      const size = stat(name).size;
      if (size > max) throw tooBig(dir, name, size, max);
      return fs.readFileSync(full(name));
    },
  };
}
