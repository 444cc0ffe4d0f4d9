// What the real mkfs does to a parsed manifest before it prints it, rebuilt for the golden set's
// mkfs-stdout.txt: `-t` tuples merged into the root, `contents` dropped from every tuple (mkfs's
// translate), and print_value's layout (keys in byte order, strings bare, one entry per line,
// indented under the opening bracket).
import { parseManifest } from '../../src/manifest/parse.js';
import { isTuple, type ManifestTuple, type ManifestValue } from '../../src/manifest/tuple.js';

export interface MkfsInput {
  root: ManifestTuple;
  label: string;
}

/** Apply mkfs's `-l label` and `-t (k:v ...)` flags (argv as split in the case's mkfs-args). */
export function applyMkfsArgs(root: ManifestTuple, args: readonly string[]): MkfsInput {
  let label = '';
  const entries = new Map(root.entries);
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1] ?? ''];
    if (flag === '-l') label = value;
    else if (flag === '-t') for (const [k, v] of parseManifest(value, { file: '-t' }).entries) entries.set(k, v);
    else throw new Error(`mkfs flag ${flag} is not modelled`);
  }
  return { root: { kind: 'tuple', entries }, label };
}

function dropContents(value: ManifestValue): ManifestValue {
  if (!isTuple(value)) return value;
  return { kind: 'tuple', entries: new Map([...value.entries].filter(([k]) => k !== 'contents').map(([k, v]) => [k, dropContents(v)])) };
}

const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** print_value's text for a value whose opening bracket sits at `column`. */
function printValue(value: ManifestValue, column: number, width: (s: string) => number): string {
  if (typeof value === 'string') return value;
  const indent = `\n${' '.repeat(column + 1)}`;
  if (value.kind === 'vector') return `[${value.items.map((v) => printValue(v, column + 1, width)).join(indent)}]`;
  const keys = [...value.entries.keys()].sort(byBytes);
  return `(${keys.map((k) => `${k}:${printValue(value.entries.get(k)!, column + 1 + width(k) + 1, width)}`).join(indent)})`;
}

/** The tree part of mkfs's stdout (after "metadata\n"). `width` measures a key: in bytes or in
 * characters, whichever print_value uses. */
export function mkfsMetadataText(root: ManifestTuple, width: (s: string) => number = (s) => Buffer.byteLength(s)): string {
  const shown = new Map((dropContents(root) as ManifestTuple).entries);
  shown.delete('boot');
  return `${printValue({ kind: 'tuple', entries: shown }, 0, width)}\n`;
}
