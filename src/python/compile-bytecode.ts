// Bytecode the guest never recompiles. The image has no file times, so timestamp-based .pyc are
// always stale in the guest (the real kernel recompiled every import on every boot, ~1.1 s).
// We compile each kept .py with the rootfs's own interpreter (its magic number, its compiler),
// with `invalidation_mode=UNCHECKED_HASH` (Python trusts the .pyc without reading the source) and
// `dfile=<guest path>` (tracebacks name the guest file). Results are content-addressed in a cache,
// each .pyc with a seal beside it (`<key>.pyc.seal`: its size and SHA-256 when written): a .pyc
// whose seal does not check is compiled again, with a notice.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { scratchPath } from '../cache-scratch.js';
import { MinopsError } from '../errors.js';
import { checkFileSeal, sealFile, type FileSeal } from '../file-seal.js';
import { trackTemp } from '../track-temp.js';
import type { OnEvent } from '../events.js';
import type { PythonLayout } from './python-layout.js';
import { hostOf, resolveInRoot } from './resolve-in-root.js';
import { runRootfsPython } from './run-rootfs-python.js';
import type { SandboxMount } from './sandbox-argv.js';

export interface SourceFile {
  /** Guest path of the .py as the import system sees it (a symlink stays its own path). */
  readonly guest: string;
  /** `<root><guest>` for rootfs files (resolved inside the root here), else the user's file. */
  readonly host: string;
}

export interface CompiledFile {
  /** Guest path of the .pyc: `<dir>/__pycache__/<name>.<cacheTag>.pyc`. */
  readonly guest: string;
  /** The cache file holding it. */
  readonly host: string;
  /** Guest path of the .py it was compiled from. */
  readonly source: string;
}

export interface CompileOptions {
  readonly layout: PythonLayout;
  readonly files: readonly SourceFile[];
  /** Cache root; .pyc go under `<cacheDir>/pyc/`. */
  readonly cacheDir: string;
  /** Identifies the interpreter (e.g. the image digest); default: a hash of the interpreter file. */
  readonly rootId?: string;
}

export interface CompileResult {
  readonly compiled: readonly CompiledFile[];
  /** Sources Python refused to compile (syntax errors): shipped without bytecode. */
  readonly warnings: readonly string[];
}

const COMPILE_DRIVER = String.raw`
import sys, json, py_compile
jobs = json.loads(sys.stdin.read())
failed = []
for src, dfile, out in jobs:
    try:
        py_compile.compile(src, cfile=out, dfile=dfile, doraise=True,
                           invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    except py_compile.PyCompileError as e:
        failed.append([dfile, '%s: %s' % (e.exc_type_name, e.exc_value)])
    except Exception as e:
        failed.append([dfile, '%s: %s' % (type(e).__name__, e)])
sys.stdout.write(json.dumps(failed))
`;

/** `/usr/lib/python3.11/json/decoder.py` → `/usr/lib/python3.11/json/__pycache__/decoder.cpython-311.pyc`. */
export const pycPathOf = (sourceGuest: string, cacheTag: string): string =>
  path.posix.join(path.posix.dirname(sourceGuest), '__pycache__', `${path.posix.basename(sourceGuest, '.py')}.${cacheTag}.pyc`);

export async function compileBytecode(options: CompileOptions, more: { onEvent?: OnEvent } = {}): Promise<CompileResult> {
  const { layout } = options;
  const rootId = options.rootId ?? (await hashFile(hostOf(layout.root, layout.interpreter)));
  const dir = path.join(options.cacheDir, 'pyc');
  const compiled: CompiledFile[] = [];
  const jobs: Job[] = [];
  const warnings: string[] = [];
  const inputs = new SourceMounts();
  const queued = new Set<string>();
  const damaged: string[] = [];
  for (const file of options.files.filter((f) => f.guest.endsWith('.py'))) {
    const src = await readableSource(layout, file);
    if (!src) {
      warnings.push(`${file.guest}: source not found in the rootfs; no bytecode`);
      continue;
    }
    const key = createHash('sha256')
      .update(JSON.stringify([rootId, layout.cacheTag, file.guest]))
      .update(await readFile(src.host))
      .digest('hex');
    const out = path.join(dir, key.slice(0, 2), `${key}.pyc`);
    compiled.push({ guest: pycPathOf(file.guest, layout.cacheTag), host: out, source: file.guest });
    if (queued.has(out)) continue;
    const state = sealedState(out);
    if (state === 'whole') continue;
    if (state !== 'missing') damaged.push(`${out}: ${state}`);
    queued.add(out);
    jobs.push({ inside: src.inside ?? inputs.add(src.host), dfile: file.guest, key, out });
  }
  if (damaged.length > 0) {
    more.onEvent?.({ kind: 'notice', message: `bytecode cache: ${damaged.length} .pyc damaged (${damaged[0]}${damaged.length > 1 ? ', …' : ''}); compiling again` });
  }
  if (jobs.length === 0) return { compiled, warnings };
  more.onEvent?.({ kind: 'start', step: `compiling ${jobs.length} Python files` });
  const failed = await compileInSandbox(layout, jobs, inputs, dir, more.onEvent);
  more.onEvent?.({ kind: 'end', step: `compiling ${jobs.length} Python files` });
  const bad = new Set(failed.map(([guest]) => guest));
  for (const [guest, error] of failed) warnings.push(`${guest}: ${error}; shipped without bytecode`);
  return { compiled: compiled.filter((c) => !bad.has(c.source)), warnings };
}

interface Job {
  /** The source's path inside the sandbox. */
  readonly inside: string;
  readonly dfile: string;
  readonly key: string;
  /** Where the .pyc goes in the cache. */
  readonly out: string;
}

const OUT_INSIDE = '/.minops/out';
const IN_INSIDE = '/.minops/in';

/** Host directories of sources that are not rootfs files (the user's modules), each read-only
 * at /.minops/in/<n> inside. */
class SourceMounts {
  private readonly dirs = new Map<string, string>();
  add(host: string): string {
    const dir = path.dirname(host);
    let inside = this.dirs.get(dir);
    if (inside === undefined) this.dirs.set(dir, (inside = `${IN_INSIDE}/${this.dirs.size}`));
    return `${inside}/${path.basename(host)}`;
  }
  mounts(): SandboxMount[] {
    return [...this.dirs].map(([host, guest]) => ({ host, guest }));
  }
}

/** One sandboxed run compiles every job into a fresh directory, the only one it may write; each
 * expected .pyc is then moved into the cache, so nothing run inside can place other files there. */
async function compileInSandbox(layout: PythonLayout, jobs: readonly Job[], inputs: SourceMounts, dir: string, onEvent?: OnEvent): Promise<[string, string][]> {
  await mkdir(dir, { recursive: true });
  // A scratch directory (py_compile's own temporary files land there too), removed however the
  // compile ends.
  const outDir = scratchPath(dir, 'compile');
  await mkdir(outDir);
  try {
    const driverJobs = jobs.map((j) => [j.inside, j.dfile, `${OUT_INSIDE}/${j.key}.pyc`]);
    const mounts = [...inputs.mounts(), { host: outDir, guest: OUT_INSIDE, writable: true }];
    // -S: site (and the .pth files it runs) is not needed to compile.
    const run = await runRootfsPython(layout, ['-S', '-c', COMPILE_DRIVER], { input: JSON.stringify(driverJobs), mounts, onEvent });
    let failed: [string, string][];
    try {
      failed = JSON.parse(run.stdout) as [string, string][];
    } catch (cause) {
      throw new MinopsError('PYTHON_FAILED', `compiling bytecode with ${layout.interpreter} printed no result: ${run.stdout.slice(0, 200)}`, {
        where: { file: layout.root, entry: layout.interpreter },
        cause,
      });
    }
    const bad = new Set(failed.map(([guest]) => guest));
    for (const job of jobs) {
      if (bad.has(job.dfile)) continue;
      await mkdir(path.dirname(job.out), { recursive: true });
      const moved = await rename(path.join(outDir, `${job.key}.pyc`), job.out).then(() => true, () => false);
      if (!moved) failed.push([job.dfile, 'the compiler reported success but wrote no .pyc']);
      else writeFileAtomic(`${job.out}.seal`, JSON.stringify(sealFile(job.out)));
    }
    return failed;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** The bytes to compile: a rootfs file through its symlinks inside the root (and its real guest
 * path, which is where the sandbox sees it), a user file as is. */
async function readableSource(layout: PythonLayout, file: SourceFile): Promise<{ host: string; inside?: string } | undefined> {
  if (file.host !== hostOf(layout.root, file.guest)) return { host: file.host };
  const real = await resolveInRoot(layout.root, file.guest);
  return real?.kind === 'file' ? { host: real.host, inside: real.guest } : undefined;
}

/** `whole`, `missing` (never compiled, or stopped before its seal), or why the .pyc is not what
 * was written. */
function sealedState(out: string): 'whole' | 'missing' | string {
  let seal: FileSeal;
  try {
    seal = JSON.parse(readFileSync(`${out}.seal`, 'utf8')) as FileSeal;
  } catch {
    return 'missing';
  }
  const check = checkFileSeal(out, seal);
  if (!check.ok) return check.why;
  if (check.renewed) writeFileAtomic(`${out}.seal`, JSON.stringify(check.renewed));
  return 'whole';
}

function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  trackTemp(tmp);
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

async function hashFile(p: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(p)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
