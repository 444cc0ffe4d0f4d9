// `minops push`: a containerDisk archive to a registry through podman — checked to be one first
// (an OCI or docker archive whose one layer holds a disk under /disk/), loaded, pushed by name,
// and taken out of podman's storage again when it was not there before.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MinopsError } from '../../errors.js';
import { findOnPath } from '../../find-on-path.js';
import { noEvents, type OnEvent } from '../../events.js';
import { lastLine, podmanEngine } from '../../rootfs/engine/engine.js';
import { runEngine } from '../../rootfs/engine/run-engine.js';
import { extractContainerDisk } from './container-disk.js';
import { detectImageFormat } from './detect-format.js';
import { FORMAT_NAMES } from './image-format.js';
import { toolMissing } from './qemu-img.js';

export interface PushOptions {
  tlsVerify?: boolean;
  onEvent?: OnEvent;
}

/** Returns the digest the registry stored the image under. */
export async function pushContainerDisk(file: string, ref: string, options: PushOptions = {}): Promise<string> {
  const onEvent = options.onEvent ?? noEvents;
  const format = detectImageFormat(file);
  if (format !== 'containerdisk') {
    throw new MinopsError('USAGE', `push sends containerDisk archives; this is ${format ? `a ${FORMAT_NAMES[format]}` : 'not an image minops knows'}`, {
      where: { file },
      hint: 'make one with: minops mkimage SCRIPT OUT --format containerdisk',
    });
  }
  if (!findOnPath('podman')) throw toolMissing('podman', 'podman', 'to push an image');
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'minops-push-'));
  try {
    await extractContainerDisk(file, path.join(scratch, 'check'), onEvent);
    const engine = await podmanEngine([], onEvent);
    const loaded = await runEngine(engine, ['load', '-q', '-i', file], onEvent);
    if (loaded.exitCode !== 0) throw new MinopsError('ENGINE_FAILED', `podman load failed: ${lastLine(loaded.stderr)}`, { where: { file } });
    // "Loaded image: localhost/app:latest" (or several names, comma-separated, or an ID).
    const name = /Loaded image\(s\)?:\s*([^,\s]+)/.exec(loaded.stdout)?.[1] ?? /Loaded image:\s*([^,\s]+)/.exec(loaded.stdout)?.[1];
    if (!name) throw new MinopsError('ENGINE_FAILED', `podman load did not say what it loaded: ${lastLine(loaded.stdout)}`, { where: { file } });
    const digestFile = path.join(scratch, 'digest');
    const tls = options.tlsVerify === false ? ['--tls-verify=false'] : [];
    const pushed = await runEngine(engine, ['push', '-q', ...tls, '--digestfile', digestFile, name, ref], onEvent);
    if (pushed.exitCode !== 0) {
      throw new MinopsError('ENGINE_FAILED', `podman could not push to ${ref}: ${lastLine(pushed.stderr)}`, {
        where: { file },
        hint: options.tlsVerify === false ? 'check that the registry runs and accepts pushes' : 'for a registry without TLS (localhost), add --tls-verify=false',
      });
    }
    return readFileSync(digestFile, 'utf8').trim();
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
