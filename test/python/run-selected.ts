// Test helper: put a selection into a fresh directory and run the script there with the rootfs's
// own interpreter and loader, PYTHONHOME inside that directory. The stdlib the run sees is only
// what was selected. Shared libraries are not this stage's choice (the ELF stage selects them):
// every file of the rootfs's library dirs is hard-linked into the tree, and the loader and
// --library-path point into the tree, so nothing of the original rootfs is read.
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { CompiledFile } from '../../src/python/compile-bytecode.js';
import { libraryDirs } from './library-dirs.js';
import type { ModuleFile } from '../../src/python/module-selection.js';
import type { PythonLayout } from '../../src/python/python-layout.js';
import { readInterp } from '../../src/python/read-interp.js';
import { hostOf, resolveInRoot } from '../../src/python/resolve-in-root.js';

export interface Materialised {
  readonly dir: string;
  readonly run: () => Promise<{ exitCode: number | undefined; stdout: string; stderr: string }>;
}

export async function materialise(
  layout: PythonLayout,
  files: readonly ModuleFile[],
  script: { host: string; guest: string },
  parent: string,
  more: { compiled?: readonly CompiledFile[]; args?: readonly string[] } = {},
): Promise<Materialised> {
  const dir = mkdtempSync(path.join(parent, 'tree-'));
  const put = (guest: string, from: string, link = false) => {
    if (existsSync(hostOf(dir, guest))) return;
    mkdirSync(path.dirname(hostOf(dir, guest)), { recursive: true });
    if (!link) return copyFileSync(from, hostOf(dir, guest));
    try {
      linkSync(from, hostOf(dir, guest));
    } catch {
      copyFileSync(from, hostOf(dir, guest));
    }
  };
  for (const f of files) {
    const fromRoot = f.host === hostOf(layout.root, f.guest);
    const real = fromRoot ? (await resolveInRoot(layout.root, f.guest))?.host : f.host;
    if (real) put(f.guest, real);
  }
  for (const c of more.compiled ?? []) put(c.guest, c.host);
  put(script.guest, script.host);
  put(layout.interpreter, hostOf(layout.root, layout.interpreter));
  const loader = (await resolveInRoot(layout.root, (await readInterp(hostOf(layout.root, layout.interpreter)))!))!;
  const libDirs = await libraryDirs(layout.root);
  // The host rootfs's library dirs can be a gigabyte: run with them in place.
  const inTree = layout.root !== '/';
  if (inTree) {
    put(loader.guest, loader.host, true);
    for (const lib of libDirs) {
      for (const name of readdirSync(lib.host)) {
        const real = await resolveInRoot(layout.root, `${lib.guest}/${name}`);
        if (real?.kind === 'file') put(`${lib.guest}/${name}`, real.host, true);
      }
    }
  }
  const base = inTree ? dir : layout.root;
  const libs = libDirs.map((d) => hostOf(base, d.guest)).join(':');
  return {
    dir,
    run: async () => {
      const r = await execa(
        hostOf(base, loader.guest),
        ['--inhibit-cache', '--library-path', libs, hostOf(dir, layout.interpreter), hostOf(dir, script.guest), ...(more.args ?? [])],
        { env: { PYTHONHOME: hostOf(dir, layout.prefix), PYTHONDONTWRITEBYTECODE: '1' }, extendEnv: false, reject: false, cwd: dir },
      );
      return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
    },
  };
}
