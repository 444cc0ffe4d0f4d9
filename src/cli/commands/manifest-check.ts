// `minops manifest check`: parse a manifest file as mkfs would and say what it describes, or
// throw the first syntax error with file:line:col (the CLI prints it and exits 125).
import { readFile } from 'node:fs/promises';
import { MinopsError } from '../../errors.js';
import { manifestProblems } from '../../manifest/manifest-problems.js';
import { mkfsUnsafeNames } from '../../manifest/mkfs-unsafe-names.js';
import { parseManifestWithNotes } from '../../manifest/parse.js';
import { formatManifestSummary, summarizeManifest } from '../../manifest/summarize-manifest.js';
import type { Command } from '../io.js';

export interface ManifestCheckOptions {
  /** A manifest file (Nanos tuple text). */
  file: string;
}

export const manifestCheckCommand: Command<ManifestCheckOptions> = async ({ file }, io) => {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new MinopsError('INPUT_MISSING', code === 'ENOENT' ? 'no such manifest file' : `cannot read the manifest (${code ?? String(e)})`, {
      where: { file },
      cause: e,
    });
  }
  const { root, notes } = parseManifestWithNotes(bytes, { file });

  // mkfs accepts all of these; they are worth knowing but do not fail the check.
  for (const note of notes) io.onEvent({ kind: 'warning', message: note.message, where: `${file}:${note.line}:${note.column}` });
  for (const problem of manifestProblems(root)) {
    io.onEvent({ kind: 'warning', message: `${problem.path}: ${problem.message}; the kernel cannot use it`, where: file });
  }
  for (const path of mkfsUnsafeNames(root)) {
    io.onEvent({ kind: 'warning', message: `${path}: mkfs drops entries named "contents" without a word`, where: file });
  }

  const summary = summarizeManifest(root);
  io.out(io.json ? `${JSON.stringify({ file, ...summary })}\n` : `${file}: ok: ${formatManifestSummary(summary)}\n`);
  return 0;
};
