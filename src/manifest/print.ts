// The manifest printer (spec §A.5): every name and string quoted, only `"` and `\` escaped, and no
// whitespace where mkfs gives it a meaning (after `:`, before `]`). The real mkfs parses the
// output back to the same tree.
import { MinopsError } from '../errors.js';
import { manifestProblems } from './manifest-problems.js';
import type { ManifestTuple, ManifestValue } from './tuple.js';

export interface PrintManifestOptions {
  /** Named in errors (the manifest being written, or what it is built for). */
  file?: string;
  /** One tuple entry per line, indented by depth. Vectors stay on one line. */
  pretty?: boolean;
}

/** Quote a name or string for the manifest: `"` + text with `"` and `\` backslash-escaped + `"`. */
export const quoteManifestString = (s: string): string => `"${s.replace(/["\\]/g, '\\$&')}"`;

/** Print a root tuple as manifest text (with a final newline). Throws MinopsError
 * 'MANIFEST_BAD_NAME' naming every bad name or value with its path in the tree. */
export function printManifest(root: ManifestTuple, options: PrintManifestOptions = {}): string {
  const problems = manifestProblems(root);
  if (problems.length > 0) {
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more: ${problems.slice(1, 4).map((p) => p.path).join(', ')})` : '';
    throw new MinopsError('MANIFEST_BAD_NAME', `${first.path}: ${first.message}${more}`, {
      where: { file: options.file ?? '<manifest>', entry: first.path },
      hint: 'rename or leave out that entry; the Nanos kernel cannot resolve such a name',
    });
  }
  return `${printValue(root, 0, options.pretty ?? false)}\n`;
}

function printValue(value: ManifestValue, depth: number, pretty: boolean): string {
  if (typeof value === 'string') return quoteManifestString(value);
  if (value.kind === 'vector') return `[${value.items.map((item) => printValue(item, depth + 1, false)).join(' ')}]`;
  const separator = pretty ? `\n${' '.repeat(depth + 1)}` : ' ';
  const entries = [...value.entries].map(([name, child]) => `${quoteManifestString(name)}:${printValue(child, depth + 1, pretty)}`);
  return `(${entries.join(separator)})`;
}
