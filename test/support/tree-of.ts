// A host directory tree as a flat record, for comparing trees whole: every path below `root` →
// `dir MODE`, `file MODE SIZE SHA256` or `link TARGET`.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

export const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

export function treeOf(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      const key = rel ? `${rel}/${name}` : name;
      const st = lstatSync(file);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isSymbolicLink()) out[key] = `link ${readlinkSync(file)}`;
      else if (st.isDirectory()) {
        out[key] = `dir ${mode}`;
        walk(file, key);
      } else out[key] = `file ${mode} ${st.size} ${sha256(readFileSync(file))}`;
    }
  };
  walk(root, '');
  return out;
}
