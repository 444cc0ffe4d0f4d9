// Per-run arguments for an image built earlier: one update record appended to the root
// filesystem's log sets the root tuple's `arguments` to the image's own followed by the new ones,
// exactly as the kernel records its own changes. Meant for a private copy of the image.
import { closeSync, openSync } from 'node:fs';
import { MinopsError } from '../errors.js';
import { openImage } from './read-image.js';
import { appendRecord } from './tfs/append-record.js';
import { createRecordEncoder } from './tfs/encode.js';
import { tfsText, type TfsValue } from './tfs/value.js';

/** Appends `extra` to the image's program arguments in place; returns the new argv as text. */
export async function appendArguments(rawFile: string, extra: readonly string[]): Promise<string[]> {
  const image = await openImage(rawFile);
  try {
    const fs = image.root;
    if (fs.log.duplicateSymbols > 0) {
      // The kernel's own appends would already be unsafe on such a log (§B.10): do not add to it.
      throw new MinopsError('IMAGE_INVALID', 'the root filesystem writes a symbol twice, so records cannot safely be appended to its log', { where: { file: rawFile } });
    }
    const current = fs.root.entries.get('arguments');
    const items: TfsValue[] = typeof current === 'object' && current.kind === 'vector' ? current.items : [];
    const next: TfsValue[] = [...items, ...extra];
    const encoder = createRecordEncoder({ symbols: fs.symbols, count: fs.log.dictionarySize });
    const record = encoder.encodeUpdate(1, [['arguments', { kind: 'vector', items: next }]]);
    const fd = openSync(rawFile, 'r+');
    try {
      appendRecord(fd, fs, record, rawFile);
    } finally {
      closeSync(fd);
    }
    return next.map((v) => tfsText(v) ?? '?');
  } finally {
    await image.close();
  }
}
