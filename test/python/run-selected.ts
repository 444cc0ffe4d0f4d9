// Test helper: put a selection into a fresh directory and run the script there with the rootfs's
// own interpreter and loader, PYTHONHOME inside that directory. The stdlib the run sees is only
// what was selected; libraries come from the rootfs's library dirs (the ELF stage selects those).
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { CompiledFile } from '../../src/python/compile-bytecode.js';
import { libraryDirs } from '../../src/python/library-dirs.js';
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
  const put = (guest: string, from: string) => {
    mkdirSync(path.dirname(hostOf(dir, guest)), { recursive: true });
    copyFileSync(from, hostOf(dir, guest));
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
  const libs = (await libraryDirs(layout.root)).map((d) => d.host).join(':');
  return {
    dir,
    run: async () => {
      const r = await execa(
        loader.host,
        ['--inhibit-cache', '--library-path', libs, hostOf(dir, layout.interpreter), hostOf(dir, script.guest), ...(more.args ?? [])],
        { env: { PYTHONHOME: hostOf(dir, layout.prefix), PYTHONDONTWRITEBYTECODE: '1' }, extendEnv: false, reject: false, cwd: dir },
      );
      return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
    },
  };
}
