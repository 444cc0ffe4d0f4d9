// The planner's read edge: read the rootfs, the ELF closure and the Python selection, then hand
// everything to the pure assemblePlan. The script goes to /app/<name>, the working directory is
// /app, and argv[0] is the program's full guest path.
import { statSync } from 'node:fs';
import path from 'node:path';
import { MinopsError } from '../errors.js';
import { noEvents, type OnEvent } from '../events.js';
import { elfClosure } from '../elf/elf-closure.js';
import { implicitLibraries } from '../elf/implicit-libraries.js';
import { libNotFoundError } from '../elf/lib-not-found-error.js';
import { assemblePlan } from './assemble-plan.js';
import type { BundlePlan, PlanEntry } from './bundle-plan.js';
import { closureKept } from './closure-kept.js';
import { isElfFile } from './is-elf-file.js';
import type { KeptPath } from './plan-facts.js';
import { planElfProgram } from './plan-elf-program.js';
import { planPython } from './plan-python.js';
import { appDir, readUserFiles, scriptEntry, type UserFileConfig } from './read-user-files.js';
import { includeKept, wholeRootfsKept } from './rootfs-kept.js';
import { hostRootfsView } from './rootfs-view.js';
import { runtimeFiles } from './runtime-files.js';

export { mergeEnv } from './merge-env.js';

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
  /** Rootfs paths the program opened in its probe run (`--slim probe`), and the record listing them. */
  readonly probed?: { readonly paths: readonly string[]; readonly record: string };
  readonly onEvent?: OnEvent;
}

export async function planBundle(input: PlanBundleInput): Promise<BundlePlan> {
  const onEvent = input.onEvent ?? noEvents;
  const script = path.resolve(input.script);
  const scriptSize = fileSize(script);
  const nonUtf8: string[] = [];
  const view = hostRootfsView(input.root, (hostPath) => nonUtf8.push(hostPath));
  const scriptGuest = `${appDir}/${path.basename(script)}`;
  const ldLibraryPath = input.env.find(([k]) => k === 'LD_LIBRARY_PATH')?.[1].split(':').filter(Boolean) ?? [];
  onEvent({ kind: 'start', step: 'plan' });

  const common = { root: input.root, script, scriptGuest, scriptArgs: input.scriptArgs, env: input.env, ldLibraryPath, onEvent };
  const part = isElfFile(script) ? await planElfProgram(common) : await planPython({ ...common, ...input, script, onEvent });
  const added: PlanEntry[] = [scriptEntry(script, scriptSize), ...part.added, ...(input.userFiles ? readUserFiles(input.userFiles) : [])];
  const kept: KeptPath[] = [...part.kept];
  const warnings = [...part.warnings];
  let missing = part.closure.missing;

  const implicit = await implicitLibraries(input.root, part.closure, { ldLibraryPath });
  for (const f of implicit.files) kept.push({ guest: f.guest, reason: { kind: 'implicit', why: f.reason } });
  for (const m of implicit.missing) warnings.push(`${m.name}: not in the rootfs (${m.reason})`);
  const runtimeInput = { objects: part.closure.objects, modules: part.modules, env: part.env, python: part.pythonVersion, ctypes: part.ctypes };
  const runtime = runtimeFiles(view, runtimeInput);
  kept.push(...runtime.kept);
  const implicitElf = implicit.files.filter((f) => f.elf).map((f) => f.real);
  if (implicitElf.length > 0) {
    const more = await elfClosure(input.root, implicitElf, { ldLibraryPath, cwd: appDir, onEvent });
    kept.push(...closureKept(more, { program: part.program }));
    missing = [...missing, ...more.missing];
  }
  if (runtime.libraries.length > 0) {
    // A provider or engine the program may never load must not stop the build: what it lacks is
    // a warning.
    const more = await elfClosure(input.root, runtime.libraries, { ldLibraryPath, cwd: appDir, onEvent });
    kept.push(...closureKept(more, { program: part.program }));
    if (more.missing.length > 0) warnings.push(`${libNotFoundError(more.missing).message} (a library loaded at run time needs it)`);
    // The rules again, now that those libraries are kept: what they read (libmagic its database).
    const also = runtimeFiles(view, { ...runtimeInput, objects: [...part.closure.objects, ...more.objects] });
    kept.push(...also.kept);
  }
  if (missing.length > 0) {
    const error = libNotFoundError(missing);
    if (!input.allowMissing) throw error;
    warnings.push(error.message);
  }
  for (const guest of input.probed?.paths ?? []) kept.push({ guest, reason: { kind: 'probe', record: input.probed!.record } });
  for (const glob of input.includes) kept.push(...includeKept(view, glob));
  if (input.slim === 'none') kept.push(...wholeRootfsKept(view));
  if (nonUtf8.length > 0) warnings.push(nonUtf8Warning(nonUtf8));
  added.push({ guest: '/proc/self/exe', source: { kind: 'symlink', target: part.program }, reason: { kind: 'generated', why: 'what the kernel would write on first boot (spec §B.11 step 7)' } });

  const plan = assemblePlan({ rootfs: view, kept, added, excludes: input.excludes, program: part.program, args: part.args, env: part.env, cwd: appDir, warnings, python: part.python });
  onEvent({ kind: 'end', step: 'plan' });
  return plan;
}

function nonUtf8Warning(hostPaths: readonly string[]): string {
  const shown = hostPaths.slice(0, 3).join(', ');
  const more = hostPaths.length > 3 ? ` and ${hostPaths.length - 3} more` : '';
  return `left out of the image, their names not being UTF-8 (Nanos takes UTF-8 names only): ${shown}${more}`;
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
