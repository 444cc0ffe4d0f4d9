// Decide which Python files a script needs. Reads the rootfs and runs the rootfs's own interpreter
// at this edge; the mapping to guest files is module-files.ts.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { MinopsError, isMinopsError } from '../errors.js';
import type { OnEvent } from '../events.js';
import type { ModuleFile, ModuleReason, ModuleSelection, SelectOptions } from './module-selection.js';
import { kindOf, moduleFiles, placeFile, sortFiles, type FoundModule, type UserDir } from './module-files.js';
import type { PythonLayout } from './python-layout.js';
import { hostOf, resolveInRoot } from './resolve-in-root.js';
import { runRootfsPython } from './run-rootfs-python.js';
import type { SandboxMount } from './sandbox-argv.js';
import { debianData } from './debian-data.js';
import { packageModules } from './package-modules.js';
import { SCAN_IMPORTS_DRIVER, type ScanOutput } from './scan-imports-driver.js';
import { stdlibFiles } from './stdlib-files.js';
import { walkGuestDir } from './walk-guest-dir.js';
import { TRACE_IMPORTS_DRIVER, type TraceOutput } from './trace-imports-driver.js';

/** Codecs a program can ask for by name at run time (open(..., encoding=...), bytes.decode), which
 * no import statement shows. Small pure-Python files; the rest of encodings/ is left out. cp437:
 * zipfile decodes every member name without the UTF-8 flag with it, so reading a zip needs it. */
const CORE_CODECS = [
  'aliases', 'ascii', 'charmap', 'cp437', 'latin_1', 'raw_unicode_escape', 'unicode_escape',
  'utf_16', 'utf_16_be', 'utf_16_le', 'utf_32', 'utf_32_be', 'utf_32_le', 'utf_8', 'utf_8_sig',
];

/** Modules imported at run time from C, which neither an import statement nor an import trace
 * shows: `socket`'s C half encodes every host name with the idna codec (getaddrinfo, connect,
 * ASCII names too), and without it the guest fails with "unknown encoding: idna". */
const HIDDEN_IMPORTS: readonly (readonly [by: string, module: string])[] = [['socket', 'encodings.idna']];

export async function selectModules(options: SelectOptions, more: { onEvent?: OnEvent } = {}): Promise<ModuleSelection> {
  const step = `python modules (--slim ${options.slim})`;
  more.onEvent?.({ kind: 'start', step });
  const selection = await select(options, more.onEvent);
  more.onEvent?.({ kind: 'end', step });
  return selection;
}

async function select(options: SelectOptions, onEvent: OnEvent | undefined): Promise<ModuleSelection> {
  const { root, layout } = options;
  const method = options.method ?? 'trace';
  const userDirs: UserDir[] = [{ host: path.dirname(path.resolve(options.script)), guest: path.posix.dirname(options.scriptGuest) }];
  // The drivers run with what the guest gets: its environment, and the user's directories at their
  // guest paths (the script's at /app), the working directory /app.
  const env = Object.fromEntries(options.env ?? []);
  const warnings: string[] = [];

  if (options.slim === 'stdlib') {
    const files = await stdlibFiles(layout);
    let user: ModuleFile[] = [];
    let frozen: readonly string[] | undefined;
    try {
      const scan = await scanImports(options, userDirs, 'trace', env, onEvent);
      frozen = scan.frozen;
      const found = scan.modules.map(([name, file, , importer]) => ({ name, file, importer, startup: false }));
      const mapped = moduleFiles(found, root, userDirs);
      user = mapped.files.filter((f) => f.reason.kind === 'user');
    } catch (e) {
      if (!isMinopsError(e) || e.code !== 'PYTHON_FAILED') throw e;
      warnings.push(`${e.message}; modules beside the script are not detected, add them with Files/Dirs`);
    }
    return { files: merge(files, user), method: 'graph', missing: [], frozen, warnings };
  }

  const scan = await scanImports(options, userDirs, method, env, onEvent);
  const found: FoundModule[] = [
    ...scan.startup.map(([name, file]) => ({ name, file, importer: null, startup: true })),
    ...scan.modules.map(([name, file, , importer]) => ({ name, file, importer, startup: false })),
  ];
  const missing = new Set(scan.missing.map(([name]) => name));
  let lazyOnly: readonly string[] = [];
  if (method === 'trace') {
    const isUser = (file: string | null) => file !== null && placeFile(file, root, userDirs)?.user === true;
    const startup = new Set(scan.startup.map(([name]) => name));
    const wanted = scan.modules.filter(([name, file]) => !isUser(file) && !startup.has(name)).map(([name]) => name);
    const hidden = new Map(HIDDEN_IMPORTS.filter(([by]) => wanted.includes(by)).map(([by, name]) => [name, by]));
    wanted.push(...[...hidden.keys()].filter((name) => !wanted.includes(name)));
    const trace = await traceImports(layout, wanted, env, inGuestPlaces(userDirs), onEvent);
    lazyOnly = trace.lazyOnly;
    warnings.push(...trace.warnings);
    const scanImporter = new Map(scan.modules.map(([name, , , importer]) => [name, importer]));
    for (const [name, file, , importer] of trace.modules) {
      // Asked for directly: the real importer is the module that imports it in a function, or
      // the user module the static walk saw.
      const by = importer === '__main__' ? (trace.lazyImporter.get(name) ?? scanImporter.get(name) ?? hidden.get(name) ?? '__main__') : importer;
      found.push({ name, file, importer: by, startup: false });
    }
    // `from collections import Counter` reads to modulefinder as a module collections.Counter;
    // when collections itself was found, Counter is an attribute of it, not a missing module.
    const loaded = new Set(found.map((m) => m.name));
    for (const [name, importers] of scan.missing) {
      const parent = name.slice(0, name.lastIndexOf('.'));
      if (parent !== '' && loaded.has(parent)) {
        missing.delete(name);
        continue;
      }
      warnings.push(`module ${name} (imported by ${importers.join(', ') || '__main__'}) was not found (or does not compile) in the rootfs or beside the script; the script fails if that import runs`);
    }
    for (const [name, error] of trace.failed) {
      missing.add(name);
      warnings.push(`importing ${name} with the rootfs's interpreter failed (${error}); the script will likely fail the same way`);
    }
  }
  found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const mapped = moduleFiles(found, root, userDirs);
  warnings.push(...mapped.warnings);
  const thirdParty = mapped.files.some((f) => f.reason.kind === 'import' && !inStdlib(f.guest, layout));
  const needed = await withoutIdleStartup(mapped.files, layout, thirdParty);
  const extra = [...(await codecFiles(layout)), ...(thirdParty ? await pthFiles(layout) : []), ...(await packageData(layout, needed))];
  const modules = [...new Set(found.map((m) => m.name))].sort();
  return { files: merge(needed, extra), method, missing: [...missing].sort(), lazyOnly, modules, frozen: scan.frozen, warnings };
}

/** In the stdlib proper: under its directory, not in a site-packages inside it. */
const inStdlib = (guest: string, layout: PythonLayout): boolean =>
  guest.startsWith(`${layout.stdlib}/`) && !layout.sitePackages.some((dir) => guest.startsWith(`${dir}/`));

/**
 * Start-up work a guest run does not need, left out of the image so the guest's interpreter skips
 * it: when the script imports nothing from outside the stdlib, the .pth files and what their
 * import lines load (setuptools's distutils shim, _distutils_hack) serve no import of this script;
 * and a sitecustomize that only installs the desktop crash reporter (Debian/Ubuntu's apport hook)
 * has no desktop to report to. site.py itself, exit() and the PYTHON* variables are untouched;
 * a script that imports a third-party module keeps every .pth file.
 */
async function withoutIdleStartup(files: readonly ModuleFile[], layout: PythonLayout, thirdParty: boolean): Promise<ModuleFile[]> {
  const out: ModuleFile[] = [];
  for (const f of files) {
    if (f.reason.kind === 'startup') {
      const hook = f.module === 'sitecustomize' || f.module === 'usercustomize';
      if (!thirdParty && !hook && !inStdlib(f.guest, layout)) continue;
      // Read inside the rootfs: Debian's is a symlink to /etc/pythonX.Y/sitecustomize.py.
      const real = f.module === 'sitecustomize' ? await resolveInRoot(layout.root, f.guest) : undefined;
      if (real?.kind === 'file' && isDesktopOnlyHook(await readFile(real.host, 'utf8'))) continue;
    }
    out.push(f);
  }
  return out;
}

/** Debian's and Ubuntu's sitecustomize: install apport's exception hook when apport is there. */
const APPORT_HOOK = 'try: import apport_python_hook except ImportError: pass else: apport_python_hook.install()';

export function isDesktopOnlyHook(source: string): boolean {
  const code = source
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean)
    .join(' ');
  return code === APPORT_HOOK;
}

async function scanImports(
  options: SelectOptions,
  userDirs: readonly UserDir[],
  method: 'trace' | 'graph',
  env: Record<string, string>,
  onEvent?: OnEvent,
): Promise<ScanOutput> {
  const params = {
    script: scriptInside(options),
    path: userDirs.map((d) => d.guest),
    userDirs: method === 'trace' ? userDirs.map((d) => d.guest) : null,
  };
  const out = await runRootfsPython(options.layout, ['-c', SCAN_IMPORTS_DRIVER, JSON.stringify(params)], { env, ...inGuestPlaces(userDirs), onEvent });
  const scan = parseJson<ScanOutput>(out.stdout, options.layout, 'the import scan');
  if (scan.syntaxError) {
    const [file, line, column, message] = scan.syntaxError;
    // The driver saw the guest path (/app/main.py); the user knows the file by its own path.
    const where = file === scriptInside(options) ? path.resolve(options.script) : (placeFile(file, options.root, userDirs)?.host ?? file);
    throw new MinopsError('SCRIPT_SYNTAX', message, {
      where: { file: where, line: line ?? undefined, column: column ?? undefined },
      hint: `Python ${options.layout.version.major}.${options.layout.version.minor} of the rootfs cannot compile the script.`,
    });
  }
  return scan;
}

/** Rounds of real imports: each round is a fresh interpreter that imports what was asked plus the
 * lazy candidates found so far, until no new candidate turns up. */
const MAX_TRACE_ROUNDS = 6;

async function traceImports(
  layout: PythonLayout,
  wanted: readonly string[],
  env: Record<string, string>,
  places: { mounts: readonly SandboxMount[]; cwd: string },
  onEvent?: OnEvent,
): Promise<TraceOutput & { lazyImporter: Map<string, string>; warnings: string[] }> {
  const lazyImporter = new Map<string, string>();
  const warnings: string[] = [];
  if (wanted.length === 0) return { modules: [], failed: [], lazy: [], lazyOnly: [], lazyImporter, warnings };
  const wholeDone = new Set<string>();
  let previous: TraceOutput | undefined;
  let wholeInRound: string[] = [];
  for (let round = 1; ; round++) {
    const args = ['-c', TRACE_IMPORTS_DRIVER, wanted.join(','), layout.sitePackages.join(':')];
    const input = [...lazyImporter.keys()].join(',');
    let out: TraceOutput;
    try {
      out = parseJson<TraceOutput>((await runRootfsPython(layout, args, { env, input, ...places, onEvent })).stdout, layout, 'the import trace');
    } catch (e) {
      // A part of a package the script never names may crash or hang its importer: keep what the
      // script's own imports load, and say which packages are not whole.
      if (previous === undefined || wholeInRound.length === 0 || !isMinopsError(e) || e.code !== 'PYTHON_FAILED') throw e;
      warnings.push(`importing every module of ${wholeInRound.join(', ')} failed (${e.message}); only the modules the script's imports load are kept`);
      return { ...previous, lazyImporter, warnings };
    }
    previous = out;
    const fresh = out.lazy.filter(([name]) => !lazyImporter.has(name));
    const known = new Set([...wanted, ...lazyImporter.keys(), ...out.modules.map(([name]) => name)]);
    // Whole: the packages the script's imports load, not those only a function would (round 1).
    const whole = round === 1 ? await wholePackageCandidates(layout, out, wholeDone, known) : [];
    wholeInRound = [...new Set(whole.map(([, top]) => top))];
    if ((fresh.length === 0 && whole.length === 0) || round === MAX_TRACE_ROUNDS) return { ...out, lazyImporter, warnings };
    for (const [name, importer] of [...fresh, ...whole]) if (!lazyImporter.has(name)) lazyImporter.set(name, importer);
  }
}

/** The not yet loaded modules of each third-party package the trace loaded (package-modules.ts
 * says why), as lazy candidates imported by their package: each loaded package's own modules and
 * subpackages, one level down. A package that loads parts of itself by name loads them from a
 * package it has already imported (PIL's plugins beside PIL.Image, sqlalchemy.dialects.sqlite
 * from sqlalchemy.dialects); what lies deeper in a package nothing loaded (sympy's integration
 * rule tables, megabytes of source) stays out. */
async function wholePackageCandidates(layout: PythonLayout, out: TraceOutput, done: Set<string>, known: ReadonlySet<string>): Promise<[string, string][]> {
  const loadedPackages = new Set(out.modules.filter(([, , isPackage]) => isPackage).map(([name]) => name));
  const candidates: [string, string][] = [];
  for (const [name, file, isPackage] of out.modules) {
    if (name.includes('.') || !isPackage || file === null || done.has(name)) continue;
    const site = layout.sitePackages.find((dir) => file.startsWith(`${dir}/${name}/`));
    if (site === undefined) continue;
    done.add(name);
    for (const module of await packageModules(layout.root, site, name)) {
      const parent = module.slice(0, module.lastIndexOf('.'));
      if (!known.has(module) && loadedPackages.has(parent)) candidates.push([module, name]);
    }
  }
  return candidates;
}

/** The script as the drivers see it: its own name in the directory the guest's script is in. */
const scriptInside = (options: SelectOptions): string => path.posix.join(path.posix.dirname(options.scriptGuest), path.basename(options.script));

/** The user's directories at their guest paths, and the guest's working directory. */
const inGuestPlaces = (userDirs: readonly UserDir[]): { mounts: SandboxMount[]; cwd: string } => ({
  mounts: userDirs.map((d) => ({ host: d.host, guest: d.guest })),
  cwd: userDirs[0]?.guest ?? '/',
});

function parseJson<T>(text: string, layout: PythonLayout, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new MinopsError('PYTHON_FAILED', `${what} run by ${layout.interpreter} printed no JSON: ${text.slice(0, 200)}`, {
      where: { file: layout.root, entry: layout.interpreter },
      cause,
    });
  }
}

async function codecFiles(layout: PythonLayout): Promise<ModuleFile[]> {
  const out: ModuleFile[] = [];
  for (const codec of CORE_CODECS) {
    const guest = `${layout.stdlib}/encodings/${codec}.py`;
    if ((await resolveInRoot(layout.root, guest))?.kind !== 'file') continue;
    const module = `encodings.${codec}`;
    out.push({ guest, host: hostOf(layout.root, guest), module, kind: 'source', reason: { kind: 'import', module, chain: ['codecs.lookup', module] } });
  }
  return out;
}

/** .pth files: site.py reads them at start-up; one may add a directory a module was found in. */
async function pthFiles(layout: PythonLayout): Promise<ModuleFile[]> {
  const out: ModuleFile[] = [];
  for (const dir of layout.sitePackages) {
    const names = await readdir(hostOf(layout.root, dir)).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.pth')).sort()) {
      const guest = `${dir}/${name}`;
      out.push({ guest, host: hostOf(layout.root, guest), module: '', kind: 'data', reason: { kind: 'startup', module: 'site' } });
    }
  }
  return out;
}

/** A third-party package may read files beside its modules (certifi's cacert.pem) and its
 * distribution metadata (importlib.metadata.version, entry points: Markdown finds its extensions
 * by them): keep both for every imported top-level package of site-packages. A directory the
 * package reaches through a symlink comes whole (Debian moves Babel's locale-data to /usr/share),
 * and so does the data its Debian package installs elsewhere (debian-data.ts). The stdlib keeps
 * modules only. */
async function packageData(layout: PythonLayout, files: readonly ModuleFile[]): Promise<ModuleFile[]> {
  const out: ModuleFile[] = [];
  let debian: Awaited<ReturnType<typeof debianData>> | undefined;
  for (const site of layout.sitePackages) {
    // top-level entry (package dir or module file) → the reason of its top module, else of any
    // of its modules: the data rides on the import that brought the package in.
    const tops = new Map<string, ModuleReason>();
    for (const f of files) {
      if (!f.guest.startsWith(`${site}/`) || f.reason.kind !== 'import') continue;
      const top = f.guest.slice(site.length + 1).split('/')[0]!;
      if (!tops.has(top) || !f.module.includes('.')) tops.set(top, f.reason);
    }
    if (tops.size === 0) continue;
    const names = await readdir(hostOf(layout.root, site)).catch(() => [] as string[]);
    debian ??= await debianData(layout.root);
    for (const [top, reason] of [...tops].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const module = top.replace(/\..*$/, '');
      if (!top.includes('.')) {
        for (const guest of await debian.forDir(`${site}/${top}`)) {
          const kind = (await resolveInRoot(layout.root, guest))?.kind;
          if (kind === 'file') out.push({ guest, host: hostOf(layout.root, guest), module, kind: 'data', reason });
        }
        for (const guest of await walkGuestDir(layout.root, `${site}/${top}`)) {
          if (kindOf(guest) !== 'data') continue;
          out.push({ guest, host: hostOf(layout.root, guest), module, kind: 'data', reason });
          const target = await resolveInRoot(layout.root, guest);
          if (target?.kind !== 'dir' || target.links.length === 0) continue;
          for (const file of await walkGuestDir(layout.root, target.guest)) out.push({ guest: file, host: hostOf(layout.root, file), module, kind: 'data', reason });
        }
      }
      for (const dist of names.filter((n) => n.endsWith('.dist-info') || n.endsWith('.egg-info')).sort()) {
        if (!(await distributionOwns(layout.root, `${site}/${dist}`, top))) continue;
        for (const guest of await walkGuestDir(layout.root, `${site}/${dist}`)) {
          out.push({ guest, host: hostOf(layout.root, guest), module: '', kind: 'data', reason });
        }
      }
    }
  }
  return out;
}

/** Whether the distribution metadata directory lists `top` (a package dir or a module file) as
 * its own: RECORD (wheels) or top_level.txt (eggs, Debian's *.egg-info). */
async function distributionOwns(root: string, distDir: string, top: string): Promise<boolean> {
  const read = (name: string) => readFile(hostOf(root, `${distDir}/${name}`), 'utf8').catch(() => '');
  const record = await read('RECORD');
  if (record.split('\n').some((line) => line.startsWith(`${top}/`) || line.startsWith(`${top},`))) return true;
  const module = top.replace(/\.py$/, '');
  return (await read('top_level.txt')).split('\n').some((line) => line.trim() === module);
}

/** `a` wins over `b` for the same guest path. */
function merge(a: readonly ModuleFile[], b: readonly ModuleFile[]): ModuleFile[] {
  const seen = new Map(a.map((f) => [f.guest, f] as const));
  for (const f of b) if (!seen.has(f.guest)) seen.set(f.guest, f);
  return sortFiles([...seen.values()]);
}
