// Test helper: write a BundlePlan out as a real directory tree (files copied, symlinks as
// symlinks) and run its program the way the guest would, so a slim tree is proved by running.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BundlePlan } from '../../src/bundle/bundle-plan.js';

export function materialisePlan(plan: BundlePlan, into = mkdtempSync(path.join(os.tmpdir(), 'minops-tree-'))): string {
  for (const e of plan.entries) {
    const dest = path.join(into, e.guest);
    if (e.source.kind === 'dir') mkdirSync(dest, { recursive: true });
    else if (e.source.kind === 'symlink') symlinkSync(e.source.target, dest);
    else copyFileSync(e.source.hostPath, dest);
  }
  return into;
}

export interface TreeRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** How it was run: 'chroot' (root only) or 'loader' (PT_INTERP + --library-path). */
  readonly how: 'chroot' | 'loader';
}

const isRoot = process.getuid?.() === 0;
const hasHostPython = spawnSync('python3', ['-c', '']).status === 0;

/** Run the plan's program with its args, env and cwd inside `tree`. As root this is a chroot, so
 * nothing from the host can stand in for a missing file. Otherwise the tree's own loader runs the
 * program with --library-path dirs inside the tree and PYTHONHOME into the tree. */
export function runTree(plan: BundlePlan, tree: string): TreeRun {
  const env = { PATH: '/usr/bin:/bin', PYTHONNOUSERSITE: '1', ...Object.fromEntries(plan.env) };
  if (isRoot && hasHostPython) {
    // chroot(8) cannot set the working directory, so a host python does chroot + chdir + exec.
    const helper = 'import os, sys; os.chroot(sys.argv[1]); os.chdir(sys.argv[2]); os.execv(sys.argv[3], sys.argv[4:])';
    const r = spawnSync('python3', ['-c', helper, tree, plan.cwd, plan.program, ...plan.args], { env, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, how: 'chroot' };
  }
  const interp = execFileSync('sh', ['-c', `readelf -lW "$0" | sed -n 's/.*Requesting program interpreter: \\(.*\\)]/\\1/p'`, path.join(tree, plan.program)], { encoding: 'utf8' }).trim();
  const libDirs = ['/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib64', '/usr/lib64', '/lib', '/usr/lib'].map((d) => path.join(tree, d)).join(':');
  const prefix = path.join(tree, path.dirname(path.dirname(plan.program)));
  const args = interp ? [path.join(tree, interp), '--library-path', libDirs, path.join(tree, plan.program)] : [path.join(tree, plan.program)];
  const r = spawnSync(args[0]!, [...args.slice(1), ...plan.args.slice(1).map((a) => (a.startsWith('/app/') ? path.join(tree, a) : a))], {
    env: { ...env, PYTHONHOME: prefix },
    cwd: path.join(tree, plan.cwd),
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, how: 'loader' };
}
