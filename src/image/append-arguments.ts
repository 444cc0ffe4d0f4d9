// Per-run arguments for an image built earlier: one update record appended to the root
// filesystem's log sets the root tuple's `arguments` to the image's own followed by the new ones,
// exactly as the kernel records its own changes. Meant for a private copy of the image.
import { closeSync, openSync } from 'node:fs';
import { MinopsError } from '../errors.js';
import { vector } from '../manifest/tuple.js';
import { openImage } from './read-image.js';
import { applyPatch, rootUpdate, rootLogOf } from './root-update.js';
import { tfsText } from './tfs/value.js';

/** Appends `extra` to the image's program arguments in place; returns the new argv as text. */
export async function appendArguments(rawFile: string, extra: readonly string[]): Promise<string[]> {
  const image = await openImage(rawFile);
  let next: string[];
  let patch: ReturnType<typeof rootUpdate>;
  let free = 0;
  try {
    const fs = image.root;
    if (fs.log.duplicateSymbols > 0) {
      // The kernel's own appends would already be unsafe on such a log (§B.10): do not add to it.
      throw new MinopsError('IMAGE_INVALID', 'the root filesystem writes a symbol twice, so records cannot safely be appended to its log', { where: { file: rawFile } });
    }
    const current = fs.root.entries.get('arguments');
    const items = typeof current === 'object' && current.kind === 'vector' ? current.items : [];
    next = [...items.map((v) => tfsText(v) ?? '?'), ...extra];
    free = fs.log.freeAtEnd;
    patch = rootUpdate(rootLogOf(fs), [['arguments', vector(next)]]);
  } finally {
    await image.close();
  }
  if (!patch) {
    const bytes = next.reduce((n, a) => n + Buffer.byteLength(a), 0);
    throw new MinopsError('IMAGE_TOO_SMALL', `the root filesystem's metadata log has ${free} bytes left, too few for arguments of ${bytes} bytes`, {
      where: { file: rawFile },
      hint: 'rebuild the image with these arguments instead (minops mkimage SCRIPT OUT -- ARGS)',
    });
  }
  const fd = openSync(rawFile, 'r+');
  try {
    applyPatch(fd, patch);
  } finally {
    closeSync(fd);
  }
  return next;
}
