// Size and entry count of an extracted tree, for the record (hard links counted once).
import fs from 'node:fs';
import path from 'node:path';

export function measureTree(root: string): { sizeBytes: number; files: number } {
  let sizeBytes = 0;
  let files = 0;
  const seen = new Set<number>();
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        stack.push(abs);
        continue;
      }
      files++;
      if (!entry.isFile()) continue;
      const st = fs.lstatSync(abs);
      if (st.nlink > 1) {
        if (seen.has(st.ino)) continue;
        seen.add(st.ino);
      }
      sizeBytes += st.size;
    }
  }
  return { sizeBytes, files };
}
