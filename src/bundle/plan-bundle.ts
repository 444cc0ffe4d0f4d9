// The planner's read edge: read the rootfs, the ELF closure and the Python selection, then hand
// everything to the pure assemblePlan. The script goes to /app/<name>, the working directory is
// /app, and argv[0] is the program's full guest path.
import { statSync } from 'node:fs';
import path from 'node:path';
import { MinopsError } from '../errors.js';
import { noEvents, type OnEvent } from '../events.js';
import { elfClosure, type ElfClosure } from '../elf/elf-closure.js';
import { implicitLibraries } from '../elf/implicit-libraries.js';
import { libNotFoundError } from '../elf/lib-not-found-error.js';
import { compileBytecode } from '../python/compile-bytecode.js';
import { findPython } from '../python/find-python.js';
import { pythonEnv } from '../python/python-env.js';
import { selectModules } from '../python/select-modules.js';
import { assemblePlan } from './assemble-plan.js';
import type { BundlePlan, PlanEntry, PythonSummary } from './bundle-plan.js';
import { closureKept } from './closure-kept.js';
import { frozenModules } from './frozen-modules.js';
import { isElfFile } from './is-elf-file.js';
import { globBase, globToRegExp } from './match-glob.js';
import type { KeptPath } from './plan-facts.js';
import { pythonKept } from './python-kept.js';
import { appDir, readUserFiles, scriptEntry, type UserFileConfig } from './read-user-files.js';
import { resolveGuest } from './resolve-guest.js';
import { hostRootfsView, type RootfsView } from './rootfs-view.js';
import { hostVirtualDirs, walkView } from './walk-view.js';

export type SlimLevel = 'none' | 'stdlib' | 'imports';

export interface PlanBundleInput {
  /** Host directory of the rootfs ('/' for the host). */
  readonly root: string;
  /** Host path of the Python script, or of an ELF program to run directly. */
  readonly script: string;
  readonly scriptArgs: readonly string[];
  readonly slim: SlimLevel;
  /** The user's environment, in a fixed order; it wins over what minops recommends. */
  readonly env: readonly (readonly [string, string])[];
  /** Guest globs always kept (reason `config include`). */
  readonly includes: readonly string[];
  /** Guest globs dropped from the rootfs whatever the reason. */
  readonly excludes: readonly string[];
  /** ops's Files/Dirs/MapDirs and the directory they are relative to. */
  readonly userFiles?: UserFileConfig;
  /** Unresolved DT_NEEDED become warnings instead of LIB_NOT_FOUND. */
  readonly allowMissing: boolean;
  /** Guest path or name of the interpreter (config Python.Interpreter); default: found in the rootfs. */
  readonly interpreter?: string;
  /** Let the guest write __pycache__ (off: PYTHONDONTWRITEBYTECODE=1). */
  readonly writeBytecode?: boolean;
  /** Under `--slim imports`, ship unchecked-hash .pyc for every kept .py (default true): the image
   * has no file times, so the guest would otherwise recompile every import on every boot. */
  readonly bytecode?: boolean;
  /** Where generated files (compiled bytecode) are written. */
  readonly cacheDir: string;
  readonly onEvent?: OnEvent;
}

export async function planBundle(input: PlanBundleInput): Promise<BundlePlan> {
  const onEvent = input.onEvent ?? noEvents;
  const script = path.resolve(input.script);
  const scriptSize = fileSize(script);
  const view = hostRootfsView(input.root);
  const scriptGuest = `${appDir}/${path.basename(script)}`;
  const added: PlanEntry[] = [scriptEntry(script, scriptSize), ...(input.userFiles ? readUserFiles(input.userFiles) : [])];
  const kept: KeptPath[] = [];
  const warnings: string[] = [];
  const ldLibraryPath = input.env.find(([k]) => k === 'LD_LIBRARY_PATH')?.[1].split(':').filter(Boolean) ?? [];
  onEvent({ kind: 'start', step: 'plan' });

  let program: string;
  let args: string[];
  let env: (readonly [string, string])[];
  let closure: ElfClosure;
  let python: PythonSummary | undefined;
  if (isElfFile(script)) {
    program = scriptGuest;
    args = [scriptGuest, ...input.scriptArgs];
    env = [...input.env];
    const inRoot = guestInRoot(input.root, script);
    closure = await elfClosure(input.root, [inRoot], { ldLibraryPath, cwd: appDir, onEvent });
    kept.push(...closureKept(closure, { program: inRoot }).filter((k) => k.guest !== inRoot));
  } else {
    const layout = await findPython(input.root, { program: input.interpreter });
    program = layout.interpreter;
    args = [layout.interpreter, scriptGuest, ...input.scriptArgs];
    env = mergeEnv(pythonEnv(layout, { writeBytecode: input.writeBytecode ?? false }), input.env);
    const selection = await selectModules({ root: input.root, layout, script, scriptGuest, slim: input.slim === 'none' ? 'imports' : input.slim, env }, { onEvent });
    warnings.push(...selection.warnings);
    const method = input.slim === 'imports' ? selection.method : input.slim;
    python = { version: `${layout.version.major}.${layout.version.minor}`, method, missingModules: [...selection.missing] };
    // Only `imports` knows what runs: there frozen modules are dropped and the rest get bytecode.
    // `stdlib` ships sources only, the size the user chose that level for.
    const frozen = input.slim === 'imports' ? await frozenModules(layout, onEvent) : new Set<string>();
    const files = selection.files.filter((f) => !frozen.has(f.module) || f.guest === layout.landmark || f.reason.kind === 'user');
    const fromPython = pythonKept(files, input.root);
    added.push(...fromPython.added);
    if ((input.bytecode ?? true) && input.slim === 'imports') {
      const sources = files.filter((f) => f.guest.endsWith('.py') && !frozen.has(f.module)).map((f) => ({ guest: f.guest, host: f.host }));
      const compiled = await compileBytecode({ layout, files: sources, cacheDir: input.cacheDir }, { onEvent });
      warnings.push(...compiled.warnings);
      added.push(...compiled.compiled.map((c) => bytecodeEntry(c.guest, c.host, c.source)));
    }
    const extensions = fromPython.kept.filter((k) => k.extension).map((k) => k.guest);
    closure = await elfClosure(input.root, [layout.interpreter, ...extensions], { ldLibraryPath, cwd: appDir, onEvent });
    kept.push(...layout.links.map((l) => ({ guest: l.guest, reason: { kind: 'interpreter' } as const })));
    kept.push(...closureKept(closure, { program: layout.interpreter }));
    kept.push(...fromPython.kept.map(({ guest, reason }) => ({ guest, reason })));
    // Python finds exec_prefix by lib-dynload existing, and says so on stderr when it does not.
    if (layout.libDynload) kept.push({ guest: layout.libDynload, reason: { kind: 'startup', module: 'lib-dynload (the exec_prefix landmark)' } });
  }
  const implicit = await implicitLibraries(input.root, closure, { ldLibraryPath });
  for (const f of implicit.files) kept.push({ guest: f.guest, reason: { kind: 'implicit', why: f.reason } });
  for (const m of implicit.missing) warnings.push(`${m.name}: not in the rootfs (${m.reason})`);
  const implicitElf = implicit.files.filter((f) => f.elf).map((f) => f.real);
  if (implicitElf.length > 0) {
    const more = await elfClosure(input.root, implicitElf, { ldLibraryPath, cwd: appDir, onEvent });
    kept.push(...closureKept(more, { program }));
    closure = { objects: closure.objects, missing: [...closure.missing, ...more.missing] };
  }
  if (closure.missing.length > 0) {
    const error = libNotFoundError(closure.missing);
    if (!input.allowMissing) throw error;
    warnings.push(error.message);
    onEvent({ kind: 'warning', message: error.message });
  }
  for (const glob of input.includes) kept.push(...globKept(view, glob));
  if (input.slim === 'none') kept.push(...wholeRootfs(view));
  added.push({ guest: '/proc/self/exe', source: { kind: 'symlink', target: program }, reason: { kind: 'generated', why: 'what the kernel would write on first boot (spec §B.11 step 7)' } });

  const plan = assemblePlan({ rootfs: view, kept, added, excludes: input.excludes, program, args, env, cwd: appDir, warnings, python });
  onEvent({ kind: 'end', step: 'plan' });
  return plan;
}

/** Python's recommended variables first, minus any the user sets, then the user's in their order. */
export function mergeEnv(recommended: readonly (readonly [string, string])[], user: readonly (readonly [string, string])[]): [string, string][] {
  const userKeys = new Set(user.map(([k]) => k));
  return [...recommended.filter(([k]) => !userKeys.has(k)), ...user].map(([k, v]) => [k, v]);
}

/** Guest path of an ELF program the user gave: the closure is read inside the rootfs, so the
 * program must be there ('/' for the host rootfs makes every host path qualify). */
function guestInRoot(root: string, program: string): string {
  const rel = path.relative(root, program);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new MinopsError('INPUT_MISSING', `${program}: an ELF program must be inside the rootfs (${root}) so its libraries can be found there`, {
      where: { file: program },
      hint: 'use --rootfs host for a program built on this machine, or copy it into the rootfs',
    });
  }
  return `/${rel.split(path.sep).join('/')}`;
}

function globKept(view: RootfsView, glob: string): KeptPath[] {
  const re = globToRegExp(glob);
  const base = globBase(glob);
  const real = resolveGuest(view, base).real;
  if (!real) return [];
  const reason = { kind: 'config', key: `include ${glob}` } as const;
  const out: KeptPath[] = [];
  for (const w of walkView(view, real.guest)) {
    const asAsked = base + w.guest.slice(real.guest.length);
    if (w.node.kind !== 'dir' && (re.test(asAsked) || re.test(w.guest))) out.push({ guest: asAsked, reason });
  }
  return out;
}

function* wholeRootfs(view: RootfsView): Generator<KeptPath> {
  const skip = view.root === '/' ? hostVirtualDirs : new Set<string>();
  for (const w of walkView(view, '/', skip)) {
    if (w.node.kind !== 'special') yield { guest: w.guest, reason: { kind: 'rootfs' } };
  }
}

function bytecodeEntry(guest: string, hostPath: string, source: string): PlanEntry {
  return { guest, source: { kind: 'file', hostPath, size: statSync(hostPath).size }, reason: { kind: 'generated', why: `unchecked-hash bytecode of ${source}` } };
}

function fileSize(hostPath: string): number {
  try {
    const st = statSync(hostPath);
    if (st.isFile()) return st.size;
  } catch {
    // reported below
  }
  throw new MinopsError('INPUT_MISSING', `${hostPath}: no such script`, { where: { file: hostPath } });
}
