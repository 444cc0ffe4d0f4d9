// The Python half of the planner's read edge: interpreter, selected modules, their bytecode and
// the ELF closure of the interpreter and every kept extension module.
import { statSync } from 'node:fs';
import { isMinopsError } from '../errors.js';
import type { OnEvent } from '../events.js';
import { elfClosure, type ElfClosure } from '../elf/elf-closure.js';
import { compileBytecode } from '../python/compile-bytecode.js';
import { findPython } from '../python/find-python.js';
import { ctypesLibraries, type CtypesLibrary } from '../python/ctypes-libraries.js';
import { guestHome } from '../python/guest-home.js';
import { pythonEnv } from '../python/python-env.js';
import type { ModuleSelection } from '../python/module-selection.js';
import type { PythonLayout } from '../python/python-layout.js';
import { selectModules } from '../python/select-modules.js';
import type { PlanEntry, PythonSummary } from './bundle-plan.js';
import { closureKept } from './closure-kept.js';
import { frozenModules } from './frozen-modules.js';
import { mergeEnv } from './merge-env.js';
import type { KeptPath } from './plan-facts.js';
import { pythonKept } from './python-kept.js';
import { appDir } from './read-user-files.js';

export interface ProgramPart {
  readonly program: string;
  readonly args: string[];
  readonly env: (readonly [string, string])[];
  readonly kept: KeptPath[];
  readonly added: PlanEntry[];
  readonly warnings: string[];
  readonly closure: ElfClosure;
  readonly python?: PythonSummary;
  /** Modules the program loads, for the run-time rules ('all' when the whole stdlib is kept). */
  readonly modules: ReadonlySet<string> | 'all';
  /** The interpreter's version, when the program is Python. */
  readonly pythonVersion?: { readonly major: number; readonly minor: number };
  /** Libraries kept third-party modules load with ctypes by name. */
  readonly ctypes?: readonly CtypesLibrary[];
}

export interface PythonPartInput {
  readonly root: string;
  readonly script: string;
  readonly scriptGuest: string;
  readonly scriptArgs: readonly string[];
  readonly slim: 'none' | 'stdlib' | 'imports';
  readonly env: readonly (readonly [string, string])[];
  readonly interpreter?: string;
  readonly writeBytecode?: boolean;
  readonly bytecode?: boolean;
  readonly cacheDir: string;
  readonly ldLibraryPath: string[];
  readonly onEvent: OnEvent;
}

export async function planPython(input: PythonPartInput): Promise<ProgramPart> {
  const { root, onEvent } = input;
  const layout = await findPython(root, { program: input.interpreter });
  const userSite = input.env.some(([key]) => key === 'PYTHONUSERBASE');
  const home = await guestHome(root);
  const env = mergeEnv(pythonEnv(layout, { writeBytecode: input.writeBytecode ?? false, userSite, home }), input.env);
  // `none` keeps the whole rootfs anyway; the selection still finds the script's sibling modules.
  const selection = await select(input, layout, env);
  const warnings = [...selection.warnings];
  const python: PythonSummary = {
    version: `${layout.version.major}.${layout.version.minor}`,
    method: input.slim === 'imports' ? selection.method : input.slim,
    missingModules: [...selection.missing],
  };
  // Only `imports` knows what runs: there frozen modules are dropped and the rest get bytecode.
  // `stdlib` ships sources only, the size the user chose that level for.
  const frozen =
    input.slim !== 'imports' ? new Set<string>() : selection.frozen ? new Set(selection.frozen) : await frozenModules(layout, onEvent);
  const files = selection.files.filter((f) => !frozen.has(f.module) || f.guest === layout.landmark || f.reason.kind === 'user');
  const inSitePackages = (guest: string): boolean => layout.sitePackages.some((dir) => guest.startsWith(`${dir}/`));
  const fromPython = pythonKept(files, root);
  const added = [...fromPython.added];
  if ((input.bytecode ?? true) && input.slim === 'imports') {
    // Stdlib modules only a function's own import loads cost their compile time only when it
    // runs. A third-party package's own modules get bytecode whoever loads them: a package that
    // loads its parts by name loads many at once (Pillow compiles some forty plugins on its first
    // save of an unregistered format, seconds under TCG on every run).
    const lazy = new Set(selection.lazyOnly ?? []);
    const sources = files
      .filter((f) => f.guest.endsWith('.py') && !frozen.has(f.module) && (!lazy.has(f.module) || inSitePackages(f.guest)))
      .map((f) => ({ guest: f.guest, host: f.host }));
    const compiled = await compileBytecode({ layout, files: sources, cacheDir: input.cacheDir }, { onEvent });
    warnings.push(...compiled.warnings);
    added.push(...compiled.compiled.map((c) => bytecodeEntry(c.guest, c.host, c.source)));
  }
  const extensions = fromPython.kept.filter((k) => k.extension).map((k) => k.guest);
  const closure = await elfClosure(root, [layout.interpreter, ...extensions], { ldLibraryPath: input.ldLibraryPath, cwd: appDir, onEvent });
  const kept: KeptPath[] = [
    ...layout.links.map((l) => ({ guest: l.guest, reason: { kind: 'interpreter' } as const })),
    ...closureKept(closure, { program: layout.interpreter }),
    ...fromPython.kept.map(({ guest, reason }) => ({ guest, reason })),
  ];
  // Python finds exec_prefix by lib-dynload existing, and says so on stderr when it does not.
  if (layout.libDynload) kept.push({ guest: layout.libDynload, reason: { kind: 'startup', module: 'lib-dynload (the exec_prefix landmark)' } });
  const modules = input.slim === 'imports' && selection.modules ? new Set(selection.modules) : 'all';
  // Only third-party sources: the stdlib's own ctypes users (ctypes.util, uuid) name libraries
  // they find by other means.
  const ctypes = await ctypesLibraries(files.filter((f) => f.guest.endsWith('.py') && inSitePackages(f.guest)));
  return {
    program: layout.interpreter, args: [layout.interpreter, input.scriptGuest, ...input.scriptArgs], env, kept, added, warnings, closure, python,
    modules, pythonVersion: layout.version, ctypes,
  };
}

/** `none` keeps the whole rootfs anyway, so a rootfs whose Python cannot run on this host (another
 * architecture) still plans; only the script's sibling modules go undetected. */
async function select(input: PythonPartInput, layout: PythonLayout, env: readonly (readonly [string, string])[]): Promise<ModuleSelection> {
  const options = { root: input.root, layout, script: input.script, scriptGuest: input.scriptGuest, slim: input.slim === 'none' ? 'imports' : input.slim, env } as const;
  try {
    return await selectModules(options, { onEvent: input.onEvent });
  } catch (e) {
    if (input.slim !== 'none' || !isMinopsError(e) || e.code !== 'PYTHON_FAILED') throw e;
    return { files: [], method: 'graph', missing: [], warnings: [`${e.message}; modules beside the script are not detected, add them with Files/Dirs`] };
  }
}

function bytecodeEntry(guest: string, hostPath: string, source: string): PlanEntry {
  return { guest, source: { kind: 'file', hostPath, size: statSync(hostPath).size }, reason: { kind: 'generated', why: `unchecked-hash bytecode of ${source}` } };
}
