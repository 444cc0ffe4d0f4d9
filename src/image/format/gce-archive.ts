// GCE's image import layout: one member named disk.raw, a whole number of GiB, in a gzip'd tar of
// the GNU (oldgnu) format with sparse members (Google's own recipe: `tar --format=oldgnu -Sczf`).
// GNU tar writes it, so holes stay holes; the member is fixed, so reading one back extracts
// exactly disk.raw and nothing else.
import { lstatSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MinopsError } from '../../errors.js';
import { findOnPath } from '../../find-on-path.js';
import { noEvents, type OnEvent } from '../../events.js';
import { runTool } from '../../rootfs/engine/run-engine.js';
import { produceAtomically } from '../atomic-output.js';
import { paddedCopy } from './padded-copy.js';
import { toolMissing } from './qemu-img.js';

export const GCE_MEMBER = 'disk.raw';
const GiB = 1 << 30;

function gnuTar(why: string): string {
  const tar = findOnPath('tar');
  if (!tar) throw toolMissing('tar', 'tar', why);
  return tar;
}

async function runTar(tar: string, args: string[], onEvent: OnEvent, file: string, what: string): Promise<void> {
  const r = await runTool(tar, args, onEvent);
  if (r.exitCode !== 0) {
    // The first complaint names the cause; the last is only "Exiting with failure status".
    const said = r.stderr.split('\n').find((l) => l.trim() !== '' && !/Exiting with failure/.test(l)) ?? `exit status ${r.exitCode}`;
    throw new MinopsError('IMAGE_CONVERT_FAILED', `${what}: ${said.replace(/^\S*tar: /, '')}`, { where: { file } });
  }
}

export async function writeGceArchive(raw: string, out: string, onEvent: OnEvent = noEvents): Promise<void> {
  const tar = gnuTar('to write a GCE image archive');
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'minops-gce-'));
  try {
    paddedCopy(raw, path.join(scratch, GCE_MEMBER), GiB);
    // Fixed owner, mode and time: the same image gives the same archive.
    const args = ['--format=oldgnu', '--sparse', '--owner=0', '--group=0', '--numeric-owner', '--mode=0644', '--mtime=@0', '-C', scratch, GCE_MEMBER];
    await produceAtomically(out, (tmp) => runTar(tar, ['-czf', tmp, ...args], onEvent, out, 'tar could not write the GCE archive'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Extracts disk.raw from a GCE archive into `dir` (made here) and returns its path. */
export async function extractGceArchive(file: string, dir: string, onEvent: OnEvent = noEvents): Promise<string> {
  const tar = gnuTar('to read a GCE image archive');
  mkdirSync(dir, { recursive: true });
  const notGce = (why: string) =>
    new MinopsError('IMAGE_INVALID', `not a GCE image archive (a .tar.gz holding ${GCE_MEMBER}): ${why}`, { where: { file } });
  try {
    await runTar(tar, ['-xzf', file, '-C', dir, '--no-same-owner', GCE_MEMBER], onEvent, file, 'tar could not read it');
  } catch (e) {
    throw notGce((e as Error).message);
  }
  const member = path.join(dir, GCE_MEMBER);
  if (!lstatSync(member, { throwIfNoEntry: false })?.isFile()) throw notGce(`its ${GCE_MEMBER} is not a regular file`);
  return member;
}
