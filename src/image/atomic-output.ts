// The output path never holds half an image: write `OUT.tmp-<pid>`, fsync, rename over OUT. On any
// error the temporary file is removed and OUT is left as it was; if minops is killed, the sweeper
// of track-temp.ts removes it.
import { closeSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { MinopsError } from '../errors.js';
import { trackTemp } from '../track-temp.js';

export async function writeAtomically<T>(out: string, write: (fd: number) => Promise<T> | T): Promise<T> {
  const tmp = `${out}.tmp-${process.pid}`;
  let fd: number;
  try {
    trackTemp(tmp);
    fd = openSync(tmp, 'w', 0o644);
  } catch (e) {
    throw new MinopsError('INPUT_MISSING', `cannot create ${tmp}: ${(e as Error).message}`, {
      where: { file: out },
      cause: e,
    });
  }
  let open = true;
  try {
    const result = await write(fd);
    fsyncSync(fd);
    closeSync(fd);
    open = false;
    renameSync(tmp, out);
    syncDirectory(path.dirname(path.resolve(out)));
    return result;
  } catch (e) {
    if (open) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * The same promise for files another program writes (qemu-img, tar) or that are written as a
 * stream: `produce` fills the temporary path it is given; only a complete file is renamed to OUT.
 */
export async function produceAtomically<T>(out: string, produce: (tmp: string) => Promise<T>): Promise<T> {
  const tmp = `${out}.tmp-${process.pid}`;
  rmSync(tmp, { force: true, recursive: true });
  try {
    const result = await produce(tmp);
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, out);
    syncDirectory(path.dirname(path.resolve(out)));
    return result;
  } catch (e) {
    rmSync(tmp, { force: true, recursive: true });
    throw e;
  }
}

function syncDirectory(dir: string): void {
  // Makes the rename itself durable; not every filesystem allows fsync on a directory.
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* best effort */
  }
}
