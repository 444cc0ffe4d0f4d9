// Every manifest of the golden set (made with the real mkfs) parses to the tree its tree.json
// describes, and to exactly the text mkfs itself printed for it (mkfs-stdout.txt).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { manifestEntries } from '../../src/manifest/manifest-entries.js';
import { parseManifest } from '../../src/manifest/parse.js';
import { printManifest } from '../../src/manifest/print.js';
import { manifestToJson } from '../../src/manifest/to-json.js';
import { fixturesDir } from '../support/debian-rootfs.js';
import { applyMkfsArgs, mkfsMetadataText } from './mkfs-view.js';
import { ordered } from './ordered.js';

const tfsDir = path.join(fixturesDir, 'tfs');
const cases = readdirSync(tfsDir).filter((name) => /^\d/.test(name)).sort();

interface TreeJson {
  mkfsArgs: string[];
  label: string;
  rootKeys: Record<string, unknown>;
  entries: { path: string; type: string; size?: number; sha256?: string; host?: string; linktarget?: string; keys?: Record<string, string> }[];
  gzippedHostFiles?: string[];
}

function load(name: string) {
  const dir = path.join(tfsDir, name);
  const tree = JSON.parse(readFileSync(path.join(dir, 'tree.json'), 'utf8')) as TreeJson;
  const args = readFileSync(path.join(dir, 'mkfs-args'), 'utf8').trim().split(' ').filter(Boolean);
  const parsed = parseManifest(readFileSync(path.join(dir, 'manifest')), { file: path.join(dir, 'manifest') });
  return { dir, tree, args, parsed, ...applyMkfsArgs(parsed, args) };
}

describe('golden set manifests (fixtures/tfs)', () => {
  test('there are cases to check', () => {
    expect(cases.length).toBeGreaterThanOrEqual(13);
  });

  describe.each(cases)('%s', (name) => {
    test('mkfs-args agrees with tree.json', () => {
      const { tree, args } = load(name);
      expect(args).toEqual(tree.mkfsArgs);
    });

    test('root keys and label equal tree.json', () => {
      const { tree, root, label } = load(name);
      const { children: _children, ...rootKeys } = manifestToJson(root) as Record<string, unknown>;
      expect(rootKeys).toEqual(tree.rootKeys);
      expect(label).toBe(tree.label);
    });

    test('entries equal tree.json, both ways', () => {
      const { tree, root } = load(name);
      const expected = tree.entries.map(({ size: _size, sha256: _sha, ...rest }) => rest);
      expect(manifestEntries(root)).toEqual(expected);
    });

    test('host paths name the files whose size tree.json records', () => {
      const { tree, dir } = load(name);
      for (const entry of tree.entries.filter((e) => e.host)) {
        const gz = `${entry.host}.gz`;
        if (tree.gzippedHostFiles?.includes(gz)) continue; // shipped compressed; size is of the original
        expect(statSync(path.join(dir, entry.host!)).size, entry.path).toBe(entry.size);
      }
    });

    test('mkfs printed exactly this tree (mkfs-stdout.txt)', () => {
      const { dir, root } = load(name);
      const stdout = readFileSync(path.join(dir, 'mkfs-stdout.txt'), 'utf8');
      expect(stdout).toMatch(/^UUID: [0-9a-f-]{36}\nmetadata\n/);
      expect(mkfsMetadataText(root)).toBe(stdout.slice(stdout.indexOf('\nmetadata\n') + '\nmetadata\n'.length));
    });

    test('printing and parsing again gives the same tree, keys in order', () => {
      const { parsed } = load(name);
      const again = parseManifest(printManifest(parsed));
      expect(ordered(again)).toEqual(ordered(parsed));
    });
  });
});
