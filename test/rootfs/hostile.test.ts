// Every hostile archive in ../shared/fixtures/hostile gives the outcome cases.json names, inside the
// sandbox layout of its testSetupHint, and nothing outside the target changes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { isMinopsError } from '../../src/errors.js';
import { extractTar, type ExtractMode } from '../../src/rootfs/tar/extract.js';
import { unpackImageArchive } from '../../src/rootfs/image/unpack-image.js';
import { fixturesDir } from '../support/debian-rootfs.js';
import { hashOrNull, snapshotTree } from './support/snapshot.js';

interface HostileCase {
  file: string;
  category: string;
  mode: 'any' | 'layer' | 'image';
  expect: string;
  outside: string[];
  ifExtracted?: Record<string, string>;
}

const hostileDir = path.join(fixturesDir, 'hostile');
const cases: HostileCase[] = JSON.parse(fs.readFileSync(path.join(hostileDir, 'cases.json'), 'utf8')).cases;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'minops-hostile-'));
afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.rmSync('/tmp/minops-hostile-h31', { force: true });
});

const LOWER = { 'lower.txt': 'lower\n', 'sub/lower2.txt': 'lower 2\n' };
const HOST_FILES = ['/etc/passwd', '/etc/hostname', '/tmp/minops-hostile-h31'];

interface Outcome {
  error: string | null;
  warnings: string[];
  tree: ReturnType<typeof snapshotTree>;
}

async function runCase(c: HostileCase, mode: ExtractMode): Promise<{ outcome: Outcome; target: string; before: Record<string, string | null>; after: () => Record<string, string | null> }> {
  const sandbox = fs.mkdtempSync(path.join(scratch, `${c.file.slice(0, 3)}-`));
  const parent = path.join(sandbox, 'parent');
  const target = path.join(parent, 'target');
  fs.mkdirSync(target, { recursive: true });
  for (const name of ['outside.txt', 'victim', 'victim2']) fs.writeFileSync(path.join(parent, name), `${name}\n`);
  fs.writeFileSync('/tmp/minops-hostile-h31', 'sentinel\n');
  if (mode === 'layer') {
    for (const [rel, text] of Object.entries(LOWER)) {
      fs.mkdirSync(path.dirname(path.join(target, rel)), { recursive: true });
      fs.writeFileSync(path.join(target, rel), text);
    }
  }
  const watched = [...HOST_FILES, ...c.outside.map((o) => (path.isAbsolute(o) ? o : path.resolve(target, o)))];
  const observe = (): Record<string, string | null> => {
    const seen: Record<string, string | null> = {};
    for (const [rel, info] of Object.entries(snapshotTree(sandbox))) {
      if (rel === 'parent/target' || rel.startsWith('parent/target/')) continue;
      seen[`sandbox:${rel}`] = `${info.type}:${info.sha256 ?? info.linktarget ?? ''}:${info.nlink}`;
    }
    for (const file of watched) seen[file] = hashOrNull(file);
    return seen;
  };
  const before = observe();
  const warnings: string[] = [];
  let error: string | null = null;
  try {
    if (c.mode === 'image') {
      const kind = c.file.includes('docker') ? 'docker-archive' : 'oci-archive';
      await unpackImageArchive({ kind, file: path.join(hostileDir, c.file) }, target, { onWarning: (m) => warnings.push(m) });
    } else {
      await extractTar(fs.createReadStream(path.join(hostileDir, c.file)), target, { mode, onWarning: (m) => warnings.push(m) });
    }
  } catch (e) {
    if (!isMinopsError(e)) throw e;
    error = e.code;
  }
  return { outcome: { error, warnings, tree: snapshotTree(target) }, target, before, after: observe };
}

/** Whether an outcome is one that the case's `expect` word allows. */
function allowed(expectWord: string, o: Outcome): boolean {
  const threw = o.error !== null;
  switch (expectWord) {
    case 'reject':
      return threw;
    case 'reject-or-empty':
      return threw || Object.keys(o.tree).length === 0;
    case 'skip-with-warning':
      return !threw && o.warnings.length > 0;
    case 'skip-with-warning-or-reject':
    case 'skip-or-reject':
    case 'skip-or-reject-or-sanitize':
    case 'skip-or-reject-or-ignore-global':
      return threw || o.warnings.length > 0 || expectWord.endsWith('sanitize');
    case 'extract':
    case 'extract-replacing':
    case 'extract-sanitized':
      return !threw;
    case 'extract-as-dir-or-reject':
    case 'extract-truncated-or-reject':
    case 'stop-at-end-marker':
    case 'stop-or-reject':
      return true;
    default:
      throw new Error(`unknown expect word ${expectWord}`);
  }
}

/** What our extractor is meant to do beyond what the expect word allows (it must not drift). */
const contents: Record<string, Record<string, string>> = {
  'h09-symlink-then-same-name-file.tar': { passwd: 'replaced\n' },
  'h14-duplicate-type-changes.tar': { x: 'B\n' },
  'h18-hardlink-then-write.tar': { h: 'overwrite\n' },
  'h34-opaque-after-new-file.tar': { 'd/new.txt': 'same layer\n' },
};
/** The cases our extractor rejects as a whole, and with which error code. */
const rejected: Record<string, string> = {
  h39: 'ARCHIVE_TRUNCATED',
  h42: 'ARCHIVE_TRUNCATED',
  h43: 'ARCHIVE_INVALID',
  h44: 'ARCHIVE_INVALID',
  h45: 'ARCHIVE_INVALID',
  h47: 'ARCHIVE_INVALID',
  h48: 'ARCHIVE_INVALID',
  h49: 'ARCHIVE_INVALID',
  h50: 'ARCHIVE_INVALID',
  h51: 'ARCHIVE_TRUNCATED',
  h58: 'ARCHIVE_INVALID',
  h59: 'ARCHIVE_UNSAFE',
  h60: 'ARCHIVE_UNSAFE',
  h61: 'ARCHIVE_UNSAFE',
  h62: 'DIGEST_MISMATCH',
};

const modesOf = (c: HostileCase): ExtractMode[] => (c.mode === 'any' ? ['flat', 'layer'] : ['layer']);

describe('hostile archives', () => {
  test('the corpus is all there', () => {
    expect(cases.length).toBe(62);
  });

  for (const c of cases) {
    for (const mode of modesOf(c)) {
      test(`${c.file} (${c.mode === 'image' ? 'image' : mode}): ${c.expect}`, async () => {
        const { outcome, target, before, after } = await runCase(c, mode);
        // Invariants: nothing outside changed; the target is still a real directory.
        expect(after()).toEqual(before);
        expect(fs.lstatSync(target).isDirectory()).toBe(true);
        for (const info of Object.values(outcome.tree)) expect(info.type).not.toBe('other');
        expect(allowed(c.expect, outcome), JSON.stringify({ error: outcome.error, warnings: outcome.warnings })).toBe(true);
        expect(outcome.error).toBe(rejected[c.file.slice(0, 3)] ?? null);

        if (outcome.error === null && c.ifExtracted) {
          for (const [rel, what] of Object.entries(c.ifExtracted)) {
            const info = outcome.tree[rel];
            expect(info, `${rel} should exist`).toBeDefined();
            const kind = what.split(/[ ,]/)[0];
            if (kind === 'file' || kind === 'regular') expect(info!.type).toBe('file');
            if (kind === 'dir') expect(info!.type).toBe('dir');
            if (kind === 'symlink') expect(info!.linktarget).toBe(what.split('-> ')[1]);
            if (what.includes('mode 0755')) expect(info!.mode).toBe(0o755);
          }
        }
        for (const [rel, text] of Object.entries(contents[c.file] ?? {})) {
          expect(fs.readFileSync(path.join(target, rel), 'utf8')).toBe(text);
        }
        if (mode === 'layer' && c.mode !== 'image' && outcome.error === null) {
          // Lower-layer files survive every whiteout attack; only a legal root opaque clears them.
          const lowerLeft = Object.keys(LOWER).filter((rel) => outcome.tree[rel]);
          expect(lowerLeft).toEqual(c.file.startsWith('h32') ? [] : Object.keys(LOWER));
        }
        // No name in the target escapes by being a whiteout marker in layer mode.
        if (mode === 'layer') expect(Object.keys(outcome.tree).some((rel) => path.basename(rel).startsWith('.wh.'))).toBe(false);
      });
    }
  }
});
