// Bytes a file or a tree takes on disk: allocated blocks, not lengths (cached images are sparse:
// a 22 MB image holds about 10 MB).
import fs from 'node:fs';
import path from 'node:path';

export function diskBytes(p: string): number {
  const st = fs.lstatSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.blocks * 512;
  let total = st.blocks * 512;
  for (const name of fs.readdirSync(p)) total += diskBytes(path.join(p, name));
  return total;
}
