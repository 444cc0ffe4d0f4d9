// Issue 11's figures. (1) What the sandbox costs the import trace: the scan and trace drivers of
// a json+hashlib+datetime script run by the Debian rootfs's interpreter in bubblewrap (as minops
// runs them now) against the same drivers run as minops ran them before — through the rootfs's
// loader on the host, `--library-path` set, unsandboxed (goal: ratio ≤ 1.3). (2) The image size
// of each slim level for Debian's python3-numpy script (probe only with a kernel: it boots).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { tryFindKernel } from '../src/kernel/find-kernel.js';
import { findPython } from '../src/python/find-python.js';
import type { PythonLayout } from '../src/python/python-layout.js';
import { readInterp } from '../src/python/read-interp.js';
import { hostOf, resolveInRoot } from '../src/python/resolve-in-root.js';
import { runRootfsPython } from '../src/python/run-rootfs-python.js';
import { SCAN_IMPORTS_DRIVER } from '../src/python/scan-imports-driver.js';
import { TRACE_IMPORTS_DRIVER } from '../src/python/trace-imports-driver.js';
import { debianNumpyRootfs, debianPythonRootfs, repoRoot } from '../test/support/debian-rootfs.js';
import { libraryDirs } from '../test/python/library-dirs.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const RUNS = 11;

/** The way minops ran the rootfs's interpreter before the sandbox. */
async function runUnsandboxed(layout: PythonLayout, args: string[], cwd: string): Promise<string> {
  const loader = (await resolveInRoot(layout.root, (await readInterp(hostOf(layout.root, layout.interpreter)))!))!;
  const dirs = (await libraryDirs(layout.root)).map((d) => d.host).join(':');
  const env = { PYTHONHOME: hostOf(layout.root, layout.prefix), PYTHONNOUSERSITE: '1', PYTHONDONTWRITEBYTECODE: '1', PYTHONHASHSEED: '0' };
  const r = await execa(loader.host, ['--inhibit-cache', '--library-path', dirs, hostOf(layout.root, layout.interpreter), ...args], { env, extendEnv: false, cwd, input: '' });
  return r.stdout;
}

async function traceTimes(): Promise<Record<string, number>> {
  const root = debianPythonRootfs();
  const layout = await findPython(root);
  const dir = mkdtempSync(path.join(tmpdir(), 'minops-bench-sandbox-'));
  try {
    writeFileSync(path.join(dir, 'main.py'), 'import json, hashlib, datetime\nprint(json.dumps(hashlib.sha256(b"x").hexdigest()), datetime.date.today())\n');
    const wanted = 'datetime,hashlib,json';
    const sandboxed = async (): Promise<number> => {
      const t0 = performance.now();
      const places = { mounts: [{ host: dir, guest: '/app' }], cwd: '/app' };
      await runRootfsPython(layout, ['-c', SCAN_IMPORTS_DRIVER, JSON.stringify({ script: '/app/main.py', path: ['/app'], userDirs: ['/app'] })], places);
      await runRootfsPython(layout, ['-c', TRACE_IMPORTS_DRIVER, wanted, ''], places);
      return performance.now() - t0;
    };
    const before = async (): Promise<number> => {
      const t0 = performance.now();
      await runUnsandboxed(layout, ['-c', SCAN_IMPORTS_DRIVER, JSON.stringify({ script: path.join(dir, 'main.py'), path: [dir], userDirs: [dir] })], dir);
      await runUnsandboxed(layout, ['-c', TRACE_IMPORTS_DRIVER, wanted, ''], dir);
      return performance.now() - t0;
    };
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      b.push(await before());
      a.push(await sandboxed());
    }
    const sandboxedMs = Math.round(median(a));
    const beforeMs = Math.round(median(b));
    return { traceSandboxedMs: sandboxedMs, traceBeforeUnsandboxedMs: beforeMs, traceSandboxRatio: Math.round((100 * sandboxedMs) / beforeMs) / 100, traceSandboxRatioGoal: 1.3 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `minops mkimage` of the numpy script at each slim level: the image file and its content bytes. */
function numpySizes(): Record<string, number | string> {
  const kernel = tryFindKernel();
  if (!kernel) return { numpySizes: 'skipped: no Nanos kernel found (see `minops kernel ls`)' };
  const work = mkdtempSync(path.join(tmpdir(), 'minops-bench-numpy-'));
  const out: Record<string, number | string> = {};
  try {
    const env = { ...process.env, MINOPS_KERNEL_DIR: kernel.dir, MINOPS_CACHE: path.join(work, 'cache') };
    const script = path.join(work, 'np_main.py');
    writeFileSync(script, 'import numpy as np\na = np.arange(1, 10, dtype=float).reshape(3, 3) + np.eye(3)\nprint((a @ a).tolist(), np.linalg.det(a), np.random.default_rng(42).random(3).tolist())\n');
    const rootfs = `dir:${debianNumpyRootfs()}`;
    for (const slim of ['none', 'stdlib', 'imports', 'probe']) {
      const img = path.join(work, `${slim}.img`);
      const cli = (args: string[]) => spawnSync(process.execPath, [path.join(repoRoot, 'bin/minops.js'), ...args, '--rootfs', rootfs, '--slim', slim], { env, stdio: 'pipe', cwd: work, timeout: 600_000 });
      const made = cli(['mkimage', script, img, '--accel', 'tcg']);
      if (made.status !== 0) {
        out[`numpy.${slim}`] = `failed: ${made.stderr.toString().trim().split('\n').pop()}`;
        continue;
      }
      const report = JSON.parse(cli(['rootfs', 'report', script, '--json']).stdout.toString()) as { after: { bytes: number; files: number } };
      out[`numpy.${slim}.imageMB`] = Math.round(statSync(img).size / 1e4) / 100;
      out[`numpy.${slim}.contentMB`] = Math.round(report.after.bytes / 1e4) / 100;
      out[`numpy.${slim}.files`] = report.after.files;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return out;
}

export async function bench(): Promise<Record<string, number | string>> {
  return { ...(await traceTimes()), ...numpySizes() };
}
