// Shared by the image tests: the fixture cases of ../shared/fixtures/tfs and a decoder from an
// image to the tree.json shape (label, rootKeys, entries with size + sha256), so real-mkfs images
// and our own images are compared through the same function.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fixturesDir } from '../support/debian-rootfs.js';
import { listEntries } from '../../src/image/tfs/entries.js';
import { readFileChunks } from '../../src/image/tfs/read-file.js';
import type { TfsFilesystem } from '../../src/image/tfs/read.js';
import { tfsToJson } from '../../src/image/tfs/value.js';
import { parseManifest } from '../../src/manifest/parse.js';
import { tuple, type ManifestTuple } from '../../src/manifest/tuple.js';

export const tfsFixtures = path.join(fixturesDir, 'tfs');

export interface GoldenEntry {
  path: string;
  type: 'dir' | 'file' | 'symlink';
  size?: number;
  sha256?: string;
  host?: string;
  linktarget?: string;
  keys?: Record<string, unknown>;
}
export interface GoldenTree {
  case: string;
  mkfsArgs: string[];
  label: string;
  rootKeys: Record<string, unknown>;
  entries: GoldenEntry[];
  gzippedHostFiles?: string[];
}

export const caseNames = (): string[] =>
  readdirSync(tfsFixtures, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

export const caseDir = (name: string): string => path.join(tfsFixtures, name);

export const readGolden = (name: string): GoldenTree =>
  JSON.parse(readFileSync(path.join(caseDir(name), 'tree.json'), 'utf8')) as GoldenTree;

/** tree.json without the manifest-only `host` field: what an image can tell. */
export function expectedTree(g: GoldenTree): Pick<GoldenTree, 'label' | 'rootKeys' | 'entries'> {
  return { label: g.label, rootKeys: g.rootKeys, entries: g.entries.map(({ host: _host, ...e }) => e) };
}

let scratch: string | undefined;
/** A per-process scratch directory under the OS temp dir. */
export function scratchDir(): string {
  scratch ??= mkdtempSync(path.join(tmpdir(), 'minops-image-test-'));
  return scratch;
}

/** The case's image.gz, gunzipped once per process. */
export function gunzippedImage(name: string): string {
  const out = path.join(scratchDir(), 'fixtures', `${name}.img`);
  if (!existsSync(out)) {
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, gunzipSync(readFileSync(path.join(caseDir(name), 'image.gz'))));
  }
  return out;
}

/**
 * The folder to resolve the case's relative host paths against: the case folder itself, or for
 * cases with gzipped host files a scratch copy holding the gunzipped files (the fixture folder is
 * read-only and must not be changed).
 */
export function hostDirFor(name: string): string {
  const g = readGolden(name);
  if (!g.gzippedHostFiles?.length) return caseDir(name);
  const dir = path.join(scratchDir(), 'hosts', name);
  if (!existsSync(path.join(dir, 'done'))) {
    for (const e of g.entries) {
      if (!e.host) continue;
      const dest = path.join(dir, e.host);
      mkdirSync(path.dirname(dest), { recursive: true });
      const gz = path.join(caseDir(name), `${e.host}.gz`);
      writeFileSync(dest, existsSync(gz) ? gunzipSync(readFileSync(gz)) : readFileSync(path.join(caseDir(name), e.host)));
    }
    writeFileSync(path.join(dir, 'done'), '');
  }
  return dir;
}

/** Decode a filesystem into the tree.json shape. */
export async function decodeToGolden(fs: TfsFilesystem): Promise<Pick<GoldenTree, 'label' | 'rootKeys' | 'entries'>> {
  const rootKeys = Object.fromEntries(
    [...fs.root.entries].filter(([k]) => k !== 'children').map(([k, v]) => [k, tfsToJson(v)]),
  );
  const entries: GoldenEntry[] = [];
  for (const e of listEntries(fs.root)) {
    const out: GoldenEntry = { path: e.path, type: e.type };
    if (e.type === 'file') {
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of readFileChunks(fs, e)) {
        hash.update(chunk);
        size += chunk.length;
      }
      out.size = size;
      out.sha256 = hash.digest('hex');
    }
    if (e.type === 'symlink') out.linktarget = e.linktarget;
    const keys = e.path === '/' ? [] : [...e.keys];
    if (keys.length > 0) out.keys = Object.fromEntries(keys.map(([k, v]) => [k, tfsToJson(v)]));
    entries.push(out);
  }
  return { label: fs.label, rootKeys, entries };
}

/** The case's manifest as mkfs got it, with its mkfs-args applied the way mkfs applies them. */
export function caseInput(name: string): { root: ManifestTuple; label: string } {
  const root = parseManifest(readFileSync(path.join(caseDir(name), 'manifest')), { file: `${name}/manifest` });
  const args = readFileSync(path.join(caseDir(name), 'mkfs-args'), 'utf8').trim().split(' ').filter(Boolean);
  let label = '';
  const entries = new Map(root.entries);
  for (let i = 0; i < args.length; i += 2) {
    if (args[i] === '-l') label = args[i + 1]!;
    // -t: every top-level key of the extra tuple is set on the root, overriding the manifest.
    else if (args[i] === '-t') for (const [k, v] of parseManifest(args[i + 1]!).entries) entries.set(k, v);
    else throw new Error(`unexpected mkfs argument ${args[i]}`);
  }
  return { root: tuple(entries), label };
}
