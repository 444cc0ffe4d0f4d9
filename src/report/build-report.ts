// BundlePlan + the rootfs it came from → Report. buildReport reads (one walk of the rootfs, four
// bytes of each file); summarizeReport is the pure part.
import path from 'node:path';
import type { BundlePlan, PlanEntry, PythonSummary } from '../bundle/bundle-plan.js';
import { compareGuest } from '../bundle/compare-guest.js';
import { categorize } from './categorize.js';
import { isElfFile } from '../bundle/is-elf-file.js';
import { findPython } from '../python/find-python.js';
import { readRootfsFiles, type RootFile, type ScopeDir } from './read-rootfs-files.js';
import { renderReason } from './render-reason.js';
import { categories, type Category, type CategoryRow, type CutFile, type KeptFile, type Report, type RuntimeRow } from './report.js';

export const largestCount = 25;

/** For a rootfs, "before" is all of it. For the host ('/') it is the Python installation — the
 * interpreter's stdlib, lib-dynload and site-packages trees, the files of each directory a kept
 * library comes from, and every kept file — not every file of the machine. */
export async function buildReport(plan: BundlePlan, root: string): Promise<Report> {
  const elfHostPaths = new Set<string>();
  for (const e of plan.entries) if (e.source.kind === 'file' && isElfFile(e.source.hostPath)) elfHostPaths.add(e.source.hostPath);
  if (path.resolve(root) !== '/') return summarizeReport(plan, root, readRootfsFiles(root), elfHostPaths);
  const scope = await installationScope(plan, root);
  const report = summarizeReport(plan, root, readRootfsFiles(root, scope), elfHostPaths);
  return { ...report, beforeScope: scope.dirs.map((d) => (d.tree ? `${d.guest}/` : `${d.guest}/*`)) };
}

async function installationScope(plan: BundlePlan, root: string): Promise<{ dirs: ScopeDir[]; alsoFiles: string[] }> {
  const keptFromRoot = plan.entries.filter((e) => e.source.kind === 'file' && e.source.hostPath === path.join(root, e.guest)).map((e) => e.guest);
  const dirs: ScopeDir[] = [];
  const addDir = (guest: string, tree: boolean): void => {
    if (!dirs.some((d) => d.guest === guest || (d.tree && guest.startsWith(`${d.guest}/`)))) dirs.push({ guest, tree });
  };
  if (plan.python) {
    const layout = await findPython(root, { program: plan.program }).catch(() => undefined);
    // A site-packages dir outside the interpreter's prefix (Debian's, seen from a pyenv Python)
    // counts only when the plan keeps something from it.
    const own = (dir: string): boolean => dir.startsWith(`${layout!.prefix}/`) || keptFromRoot.some((g) => g.startsWith(`${dir}/`));
    for (const dir of layout ? [layout.stdlib, layout.libDynload, ...layout.sitePackages.filter(own)] : []) if (dir) addDir(dir, true);
  }
  const libraryDirs = new Set(keptFromRoot.filter((g) => /\.so(\.\d+)*$/.test(g) && categorize(g, plan.program) === 'shared-libraries').map((g) => path.posix.dirname(g)));
  for (const dir of [...libraryDirs].sort()) addDir(dir, false);
  return { dirs, alsoFiles: keptFromRoot };
}

export function summarizeReport(plan: BundlePlan, root: string, rootFiles: readonly RootFile[], elfHostPaths: ReadonlySet<string>): Report {
  const kept: KeptFile[] = [];
  const keptFromRoot = new Set<string>();
  let symlinks = 0;
  let directories = 0;
  for (const e of plan.entries) {
    if (e.source.kind === 'symlink') symlinks++;
    if (e.source.kind === 'dir') directories++;
    if (e.source.kind !== 'file') continue;
    const from = origin(e, root);
    if (from === 'rootfs') keptFromRoot.add(e.guest);
    kept.push({ guest: e.guest, size: e.source.size, category: categorize(e.guest, plan.program), from, reasonKind: e.reason.kind, why: renderReason(e.reason) });
  }
  const cut: CutFile[] = rootFiles.filter((f) => !keptFromRoot.has(f.guest)).map((f) => ({ guest: f.guest, size: f.size, category: categorize(f.guest, plan.program) }));

  const rows = new Map<Category, { keptBytes: number; keptFiles: number; cutBytes: number; cutFiles: number }>(
    categories.map((c) => [c, { keptBytes: 0, keptFiles: 0, cutBytes: 0, cutFiles: 0 }]),
  );
  for (const k of kept) {
    const row = rows.get(k.category)!;
    row.keptBytes += k.size;
    row.keptFiles++;
  }
  for (const c of cut) {
    const row = rows.get(c.category)!;
    row.cutBytes += c.size;
    row.cutFiles++;
  }
  const bySizeThenPath = <T extends { size: number; guest: string }>(a: T, b: T): number => b.size - a.size || compareGuest(a.guest, b.guest);
  const sum = (xs: readonly { size: number }[]): number => xs.reduce((n, x) => n + x.size, 0);
  return {
    root,
    program: plan.program,
    args: [...plan.args],
    before: { bytes: sum(rootFiles), files: rootFiles.length, elfFiles: rootFiles.filter((f) => f.elf).length },
    after: {
      bytes: sum(kept),
      files: kept.length,
      elfFiles: plan.entries.filter((e) => e.source.kind === 'file' && elfHostPaths.has(e.source.hostPath)).length,
    },
    categories: categories.map((category) => ({ category, ...rows.get(category)! }) satisfies CategoryRow),
    largest: [...kept].sort(bySizeThenPath).slice(0, largestCount),
    kept,
    largestCut: [...cut].sort(bySizeThenPath).slice(0, largestCount * 4),
    symlinks,
    directories,
    warnings: [...plan.warnings],
    ...(plan.python ? { selection: describeSelection(plan.python) } : {}),
    missingModules: [...(plan.python?.missingModules ?? [])],
    runtime: runtimeRows(plan),
  };
}

/** The files the run-time rules and the probe run kept, one row per rule (files of that kind, by
 * that module or library, for that reason). */
function runtimeRows(plan: BundlePlan): RuntimeRow[] {
  const rows = new Map<string, RuntimeRow>();
  for (const e of plan.entries) {
    const r = e.reason;
    if (e.source.kind !== 'file' || (r.kind !== 'dlopen' && r.kind !== 'data' && r.kind !== 'probe')) continue;
    const row = r.kind === 'probe' ? { kind: r.kind, by: '', why: `opened by the program in its probe run (${r.record})` } : { kind: r.kind, by: r.by, why: r.why };
    const key = JSON.stringify(row);
    const had = rows.get(key) ?? { ...row, files: 0, bytes: 0 };
    rows.set(key, { ...had, files: had.files + 1, bytes: had.bytes + e.source.size });
  }
  return [...rows.values()];
}

function describeSelection(p: PythonSummary): string {
  const how = {
    trace: 'imports found by tracing them in the rootfs\'s own interpreter',
    graph: 'imports found by a static import-graph walk',
    stdlib: 'the whole stdlib (--slim stdlib)',
    none: 'the whole rootfs (--slim none)',
  }[p.method];
  return `python ${p.version}: ${how}`;
}

function origin(e: PlanEntry, root: string): KeptFile['from'] {
  if (e.reason.kind === 'generated') return 'generated';
  if (e.source.kind === 'file' && e.source.hostPath === path.join(root, e.guest)) return 'rootfs';
  return 'user';
}
