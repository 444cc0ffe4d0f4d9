// Which report category a guest path falls in, from its path alone, so the rootfs's "before" and
// the plan's "after" are sorted the same way. Order matters: a .so in site-packages is
// site-packages, a .pyc anywhere is bytecode.
import type { Category } from './report.js';

const pythonDir = /\/python\d+(?:\.\d+)?\//;
const extension = /\.(?:cpython-[^/]*|abi3)\.so$/;
const sharedLibrary = /\.so(?:\.\d+)*$/;

export function categorize(guest: string, program: string): Category {
  if (guest === program) return 'interpreter';
  if (guest.startsWith('/app/')) return 'user-files';
  if (guest.startsWith('/etc/')) return 'etc';
  if (guest.includes('/site-packages/') || guest.includes('/dist-packages/')) return 'site-packages';
  if (guest.endsWith('.pyc')) return 'bytecode';
  if (guest.includes('/lib-dynload/') || extension.test(guest)) return 'extension-modules';
  if (pythonDir.test(guest)) return 'stdlib-source';
  if (sharedLibrary.test(guest) || /\/ld-linux[^/]*$/.test(guest)) return 'shared-libraries';
  return 'other';
}
