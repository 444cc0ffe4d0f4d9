// Shared libraries a module loads through ctypes by name (python-magic: CDLL('libmagic.so.1')),
// which no DT_NEEDED entry names. Read from the module's source: string literals that are a
// library file name, and the names given to ctypes.util.find_library (which finds nothing in the
// guest: it runs ldconfig or a compiler, and a unikernel has neither, but a package that asks for
// one usually falls back to a literal soname). Pure but for reading the kept files.
import { readFile } from 'node:fs/promises';

export interface CtypesLibrary {
  /** A library file name (`libmagic.so.1`) or a glob over one (`libmagic.so*`). */
  readonly library: string;
  /** The module whose source names it. */
  readonly by: string;
}

const LITERAL = /['"](lib[\w.+-]+?\.so(?:\.\d+)*)['"]/g;
const FIND_LIBRARY = /find_library\(\s*['"]([\w.+-]+)['"]\s*\)/g;

/** The libraries one module's source names, if it uses ctypes at all. */
export function ctypesLibrariesIn(source: string): string[] {
  if (!/\bctypes\b/.test(source)) return [];
  const names = new Set<string>();
  for (const m of source.matchAll(LITERAL)) names.add(m[1]!);
  for (const m of source.matchAll(FIND_LIBRARY)) names.add(`lib${m[1]!}.so*`);
  return [...names].sort();
}

export async function ctypesLibraries(files: readonly { readonly module: string; readonly host: string }[]): Promise<CtypesLibrary[]> {
  const out: CtypesLibrary[] = [];
  for (const f of files) {
    const source = await readFile(f.host, 'utf8').catch(() => '');
    for (const library of ctypesLibrariesIn(source)) out.push({ library, by: f.module });
  }
  return out;
}
