// Named volumes: one TFS image per name in <cache>/volumes/NAME.img, its label the name. The
// guest's kernel finds a volume's filesystem by that label; a cloud attaches the same file as a
// disk.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { minopsCacheDir } from '../../cache-dir.js';
import { volumeNameProblem } from '../../config/parse-mount.js';
import { MinopsError } from '../../errors.js';

export const volumesDir = (env: NodeJS.ProcessEnv = process.env): string => path.join(minopsCacheDir(env), 'volumes');

export interface StoredVolume {
  name: string;
  file: string;
  /** The disk's size (the file's length; most of it is sparse until written). */
  sizeBytes: number;
}

/** The file of volume `name`, whether it exists or not; a bad name is a usage error. */
export function volumeFile(name: string, dir: string = volumesDir()): string {
  const problem = volumeNameProblem(name);
  if (problem) throw new MinopsError('USAGE', problem, { where: { file: name } });
  return path.join(dir, `${name}.img`);
}

export function listVolumes(dir: string = volumesDir()): StoredVolume[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((f) => f.endsWith('.img') && volumeNameProblem(f.slice(0, -4)) === undefined)
    .sort()
    .flatMap((f) => {
      const st = statSync(path.join(dir, f), { throwIfNoEntry: false });
      return st?.isFile() ? [{ name: f.slice(0, -4), file: path.join(dir, f), sizeBytes: st.size }] : [];
    });
}

/** The volume's file; an unknown name is an error that says how to see and make volumes. */
export function findVolume(name: string, from: string, dir: string = volumesDir()): string {
  const file = volumeFile(name, dir);
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) {
    throw new MinopsError('INPUT_MISSING', `no volume named "${name}"`, {
      where: { file: from },
      hint: `\`minops volume ls\` lists the volumes; \`minops volume create ${name}\` makes this one`,
    });
  }
  return file;
}
