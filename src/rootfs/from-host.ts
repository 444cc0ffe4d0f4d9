// The host's own Python, asked of the interpreter itself: `python3` on PATH may be a pyenv or
// shell shim, so sys.executable (then realpath) names the real binary.
import fs from 'node:fs';
import { MinopsError } from '../errors.js';
import type { OnEvent } from '../events.js';
import type { PythonInfo } from './rootfs-record.js';
import { runTool } from './engine/run-engine.js';

const PROBE = "import sys; print(sys.executable); print('%d.%d.%d' % sys.version_info[:3])";

export async function findHostPython(onEvent: OnEvent, command = 'python3'): Promise<PythonInfo> {
  // -I -S: no site, so no .pth file of the host's site-packages runs outside the sandbox.
  const r = await runTool(command, ['-I', '-S', '-c', PROBE], onEvent, 30_000);
  const [executable, version] = r.stdout.trim().split('\n');
  if (r.exitCode !== 0 || !executable || !version) {
    throw new MinopsError('PYTHON_NOT_FOUND', `the host has no working ${command}: ${r.stderr.trim().split('\n').pop() ?? ''}`, {
      hint: 'install python3, or choose another rootfs with --rootfs (e.g. dockerfile:Dockerfile.rootfs)',
    });
  }
  const real = fs.realpathSync(executable);
  if (real !== executable) onEvent({ kind: 'debug', message: `host python: ${executable} is ${real}` });
  return { path: real, version };
}
