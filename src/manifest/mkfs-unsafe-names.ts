// mkfs takes the key `contents` in any tuple as file data, so a directory entry named `contents`
// silently vanishes from an image made by mkfs (fixtures/tfs/README.md). The mkfs route refuses
// these; the native writer keeps them.
import { isTuple, type ManifestTuple } from './tuple.js';

/** Guest paths of entries named `contents`, in UTF-8 byte order. */
export function mkfsUnsafeNames(root: ManifestTuple): string[] {
  const found: string[] = [];
  const pending: [string, ManifestTuple][] = [['', root]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [path, dir] = next;
    const children = dir.entries.get('children');
    if (!isTuple(children)) continue;
    for (const [name, child] of children.entries) {
      // What lies under a vanished entry vanishes with it; the entry itself is what to report.
      if (name === 'contents') found.push(`${path}/${name}`);
      else if (isTuple(child)) pending.push([`${path}/${name}`, child]);
    }
  }
  return found.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}
