// A containerDisk by reference: taken from podman's storage when it is there, else pulled from its
// registry, then exported through the one safe extractor and its /disk/ file found.
import path from 'node:path';
import { MinopsError } from '../../errors.js';
import { findOnPath } from '../../find-on-path.js';
import { noEvents, type OnEvent } from '../../events.js';
import { lastLine, podmanEngine } from '../../rootfs/engine/engine.js';
import { runEngine } from '../../rootfs/engine/run-engine.js';
import { exportImage, imageIdOf } from '../../rootfs/from-engine.js';
import { findContainerDiskFile } from './container-disk.js';
import { toolMissing } from './qemu-img.js';

export interface ContainerDiskRefOptions {
  /** false: reach the registry without TLS checks (a registry on localhost). */
  tlsVerify?: boolean;
  onEvent?: OnEvent;
}

export async function exportContainerDiskRef(ref: string, dir: string, options: ContainerDiskRefOptions = {}): Promise<string> {
  const onEvent = options.onEvent ?? noEvents;
  if (!findOnPath('podman')) throw toolMissing('podman', 'podman', `to get the containerdisk ${ref}`);
  const engine = await podmanEngine([], onEvent);
  const present = await runEngine(engine, ['image', 'exists', ref], onEvent);
  if (present.exitCode !== 0) {
    const pulled = await runEngine(engine, ['pull', '-q', ...(options.tlsVerify === false ? ['--tls-verify=false'] : []), ref], onEvent);
    if (pulled.exitCode !== 0) {
      throw new MinopsError('ENGINE_FAILED', `not a file, and podman could not pull it as an image: ${lastLine(pulled.stderr)}`, {
        where: { file: ref },
        hint: 'give an image file, or a containerdisk reference podman can pull (--tls-verify=false for a registry on localhost)',
      });
    }
  }
  const id = await imageIdOf(engine, ref, onEvent);
  const root = path.join(dir, 'root');
  await exportImage(engine, id, root, { onEvent, onWarning: (message, entry) => onEvent({ kind: 'debug', message: `${entry}: ${message}` }) });
  return findContainerDiskFile(root, (why) => new MinopsError('IMAGE_INVALID', `the image ${ref} is not a containerDisk: ${why}`, { where: { file: ref } }));
}
