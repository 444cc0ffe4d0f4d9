// What an extracted rootfs tree held when it was stored: the seal of every regular file and the
// target of every symlink, in seals.json beside the tree. A run checks only the files its plan
// uses (the plan cache's stamps); when it has to plan again, the whole tree is checked here first
// (one stat per file), so a file cut short, altered or deleted since is noticed, not shipped.
import fs from 'node:fs';
import path from 'node:path';
import { checkFileSeal, sealFile, type FileSeal } from '../file-seal.js';

export type TreeSeals = Record<string, FileSeal | { link: string }>;

export function sealTree(tree: string): TreeSeals {
  const seals: TreeSeals = {};
  const stack = [''];
  while (stack.length > 0) {
    const rel = stack.pop()!;
    for (const entry of fs.readdirSync(path.join(tree, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) stack.push(child);
      else if (entry.isFile()) seals[child] = sealFile(path.join(tree, child));
      else if (entry.isSymbolicLink()) seals[child] = { link: fs.readlinkSync(path.join(tree, child)) };
    }
  }
  return seals;
}

/** The first path that is not as sealed, and why; undefined when the tree is whole. */
export function treeDamage(tree: string, seals: TreeSeals): string | undefined {
  for (const [rel, seal] of Object.entries(seals)) {
    const file = path.join(tree, rel);
    if ('link' in seal) {
      let target: string | undefined;
      try {
        target = fs.readlinkSync(file);
      } catch {
        target = undefined;
      }
      if (target !== seal.link) return `${rel}: ${target === undefined ? 'the symlink is missing' : 'the symlink points elsewhere'}`;
      continue;
    }
    const check = checkFileSeal(file, seal);
    if (!check.ok) return `${rel}: ${check.why}`;
  }
  return undefined;
}
