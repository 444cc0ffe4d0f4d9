// Modules the interpreter carries frozen inside its own binary (3.11 freezes os, site, codecs,
// importlib._bootstrap, ...; 3.10 only importlib's bootstrap, under other names, and has no
// _imp._frozen_module_names, so the answer is empty). Their .py files are never read at run time
// (only os.py, as the stdlib landmark), so shipping them or their bytecode is dead weight. Asked
// of the rootfs's own interpreter, never inferred from its version.
import { isMinopsError } from '../errors.js';
import type { OnEvent } from '../events.js';
import type { PythonLayout } from '../python/python-layout.js';
import { runRootfsPython } from '../python/run-rootfs-python.js';

const ASK = "import _imp, json; print(json.dumps(sorted(getattr(_imp, '_frozen_module_names', lambda: [])())))";

export async function frozenModules(layout: PythonLayout, onEvent?: OnEvent): Promise<Set<string>> {
  try {
    const { stdout } = await runRootfsPython(layout, ['-S', '-c', ASK], { onEvent });
    return new Set(JSON.parse(stdout) as string[]);
  } catch (e) {
    // A rootfs whose Python cannot run here still gets a working (if larger) image; a sandbox
    // that cannot be made stops the build (nothing from the rootfs runs outside it).
    if (isMinopsError(e) && e.code === 'SANDBOX_FAILED') throw e;
    return new Set();
  }
}
