// KubeVirt's containerDisk: an OCI image whose one layer holds the disk under /disk/, owned by
// 107:107 (the qemu user of virt-launcher), written as an OCI image archive that `podman load`,
// skopeo (`oci-archive:`) and minops itself read. Streamed: the layer is hashed as it is written,
// uncompressed (diff_id) and gzip'd (digest), and only complete archives are renamed into place.
import { createHash, type Hash } from 'node:crypto';
import { chmodSync, createReadStream, createWriteStream, lstatSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { MinopsError } from '../../errors.js';
import { noEvents, type OnEvent } from '../../events.js';
import { tarBlobStore } from '../../rootfs/image/blob-store.js';
import { unpackImageArchive } from '../../rootfs/image/unpack-image.js';
import { produceAtomically } from '../atomic-output.js';

export const CONTAINER_DISK_DIR = 'disk';
/** virt-launcher's qemu user and group. */
export const CONTAINER_DISK_OWNER = 107;
export const CONTAINER_DISK_FILE = 'disk.qcow2';

const MEDIA = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

/** Same bytes for the same disk: no timestamps anywhere. */
const EPOCH = new Date(0);

const digestOf = (hash: Hash): string => `sha256:${hash.digest('hex')}`;
const blobName = (digest: string): string => `blobs/sha256/${digest.slice('sha256:'.length)}`;

function hashing(hash: Hash): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
}

/** Adds one entry and waits until its body has gone into the pack. */
function addEntry(pack: tar.Pack, header: tar.Headers, body?: Buffer | Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    const callback = (err?: Error | null) => (err ? reject(err) : resolve());
    if (body === undefined || Buffer.isBuffer(body)) {
      pack.entry(header, body ?? Buffer.alloc(0), callback);
      return;
    }
    const entry = pack.entry(header, callback);
    body.on('error', reject);
    body.pipe(entry);
  });
}

interface LayerBlob {
  file: string;
  digest: string;
  diffId: string;
  size: number;
}

async function writeLayer(disk: string, file: string): Promise<LayerBlob> {
  const plain = createHash('sha256');
  const packed = createHash('sha256');
  const pack = tar.pack();
  const written = pipeline(pack, hashing(plain), createGzip({ level: 6 }), hashing(packed), createWriteStream(file));
  const owner = { uid: CONTAINER_DISK_OWNER, gid: CONTAINER_DISK_OWNER, mtime: EPOCH };
  await addEntry(pack, { name: `${CONTAINER_DISK_DIR}/`, type: 'directory', mode: 0o755, ...owner });
  const size = statSync(disk).size;
  await addEntry(pack, { name: `${CONTAINER_DISK_DIR}/${CONTAINER_DISK_FILE}`, type: 'file', mode: 0o440, size, ...owner }, createReadStream(disk, { highWaterMark: 1 << 20 }));
  pack.finalize();
  await written;
  return { file, digest: digestOf(packed), diffId: digestOf(plain), size: statSync(file).size };
}

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export interface ContainerDiskOptions {
  /** `org.opencontainers.image.ref.name` of the one manifest: the name `podman load` gives it. */
  refName: string;
}

/** Writes `qcow2` as a containerDisk OCI archive to `out`; returns the manifest digest. */
export async function writeContainerDisk(qcow2: string, out: string, options: ContainerDiskOptions): Promise<string> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'minops-containerdisk-'));
  try {
    const layer = await writeLayer(qcow2, path.join(scratch, 'layer.tar.gz'));
    const config = json({
      architecture: 'amd64',
      os: 'linux',
      config: {},
      rootfs: { type: 'layers', diff_ids: [layer.diffId] },
      history: [{ created_by: 'minops mkimage --format containerdisk', created: EPOCH.toISOString() }],
    });
    const manifest = json({
      schemaVersion: 2,
      mediaType: MEDIA.manifest,
      config: { mediaType: MEDIA.config, digest: sha256(config), size: config.length },
      layers: [{ mediaType: MEDIA.layer, digest: layer.digest, size: layer.size }],
    });
    const manifestDigest = sha256(manifest);
    const index = json({
      schemaVersion: 2,
      mediaType: MEDIA.index,
      manifests: [{ mediaType: MEDIA.manifest, digest: manifestDigest, size: manifest.length, annotations: { 'org.opencontainers.image.ref.name': options.refName } }],
    });
    await produceAtomically(out, async (tmp) => {
      const pack = tar.pack();
      const written = pipeline(pack, createWriteStream(tmp));
      const meta = { mode: 0o644, uid: 0, gid: 0, mtime: EPOCH };
      await addEntry(pack, { name: 'oci-layout', ...meta }, json({ imageLayoutVersion: '1.0.0' }));
      await addEntry(pack, { name: 'blobs/', type: 'directory', ...meta, mode: 0o755 });
      await addEntry(pack, { name: 'blobs/sha256/', type: 'directory', ...meta, mode: 0o755 });
      await addEntry(pack, { name: blobName(layer.digest), size: layer.size, ...meta }, createReadStream(layer.file, { highWaterMark: 1 << 20 }));
      await addEntry(pack, { name: blobName(sha256(config)), ...meta }, config);
      await addEntry(pack, { name: blobName(manifestDigest), ...meta }, manifest);
      // Last, as engines write it: a reader that finds index.json has everything before it.
      await addEntry(pack, { name: 'index.json', ...meta }, index);
      pack.finalize();
      await written;
    });
    return manifestDigest;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The disk file of a containerDisk image archive (OCI or docker-archive), extracted into `dir`
 * through the one safe layer extractor. The archive must hold exactly one file under /disk/.
 */
export async function extractContainerDisk(file: string, dir: string, onEvent: OnEvent = noEvents): Promise<string> {
  const notContainerDisk = (why: string) =>
    new MinopsError('IMAGE_INVALID', `not a containerDisk image archive (an OCI or docker archive with one disk file under /${CONTAINER_DISK_DIR}/): ${why}`, {
      where: { file },
    });
  let kind: 'oci-archive' | 'docker-archive';
  try {
    const store = await tarBlobStore(file);
    if (store.has('index.json')) kind = 'oci-archive';
    else if (store.has('manifest.json')) kind = 'docker-archive';
    else throw notContainerDisk('it has neither index.json nor manifest.json');
  } catch (e) {
    if (e instanceof MinopsError && e.code === 'IMAGE_INVALID') throw e;
    throw notContainerDisk((e as Error).message);
  }
  const root = path.join(dir, 'root');
  await unpackImageArchive({ kind, file }, root, { onEvent });
  return findContainerDiskFile(root, notContainerDisk);
}

/** The one regular file under `root`/disk/ (the directory is made writable for the clean-up). */
export function findContainerDiskFile(root: string, fail: (why: string) => Error): string {
  const diskDir = path.join(root, CONTAINER_DISK_DIR);
  if (!lstatSync(diskDir, { throwIfNoEntry: false })?.isDirectory()) throw fail(`it has no /${CONTAINER_DISK_DIR}/ directory`);
  chmodSync(diskDir, 0o755);
  const files = readdirSync(diskDir).filter((name) => lstatSync(path.join(diskDir, name)).isFile());
  if (files.length !== 1) throw fail(files.length === 0 ? `/${CONTAINER_DISK_DIR}/ holds no file` : `/${CONTAINER_DISK_DIR}/ holds ${files.length} files (${files.join(', ')})`);
  return path.join(diskDir, files[0]!);
}
