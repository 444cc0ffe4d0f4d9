// qemu-img, which writes and reads the disk formats QEMU knows (qcow2, vmdk, vpc). Found on PATH
// first, so a missing tool is one clear line naming the Debian package.
import { MinopsError } from '../../errors.js';
import { findOnPath } from '../../find-on-path.js';
import type { OnEvent } from '../../events.js';
import { runTool } from '../../rootfs/engine/run-engine.js';

export const QEMU_IMG = 'qemu-img';

/** A tool minops runs is not installed: 125 naming the package that brings it. */
export function toolMissing(tool: string, pkg: string, why: string): MinopsError {
  return new MinopsError('TOOL_MISSING', `${tool} was not found on PATH; it is needed ${why}`, { hint: `install it with: sudo apt-get install ${pkg}` });
}

export function findQemuImg(why: string, envPath: string | undefined = process.env.PATH): string {
  const found = findOnPath(QEMU_IMG, envPath);
  if (!found) throw toolMissing(QEMU_IMG, 'qemu-utils', why);
  return found;
}

/** Runs qemu-img; its own error line becomes the message when it fails. */
export async function runQemuImg(qemuImg: string, args: readonly string[], onEvent: OnEvent, about: string): Promise<string> {
  const r = await runTool(qemuImg, args, onEvent);
  if (r.exitCode !== 0) {
    const said = r.stderr.trim().split('\n').filter(Boolean).pop() ?? `exit status ${r.exitCode}`;
    throw new MinopsError('IMAGE_CONVERT_FAILED', `qemu-img ${args[0]} failed: ${said.replace(/^qemu-img: /, '')}`, { where: { file: about } });
  }
  return r.stdout;
}
