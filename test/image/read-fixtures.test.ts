// The reader against images made by the real mkfs: every fixture case decodes to its tree.json.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { openImage } from '../../src/image/read-image.js';
import { caseDir, caseNames, decodeToGolden, expectedTree, gunzippedImage, readGolden } from './golden.js';

describe('reading images written by the real mkfs', () => {
  test.each(caseNames())('%s decodes to its tree.json', async (name) => {
    const image = await openImage(gunzippedImage(name));
    try {
      expect(image.kind).toBe('bare');
      expect(await decodeToGolden(image.root)).toEqual(expectedTree(readGolden(name)));
      const layout = JSON.parse(readFileSync(path.join(caseDir(name), 'mkfs-layout.json'), 'utf8')) as {
        uuid: string;
        logExtensions: unknown[];
        records: number;
        dictionaryEntries: number;
      };
      expect(image.root.uuid).toBe(layout.uuid);
      expect(image.root.log.extensions).toEqual(layout.logExtensions);
      expect(image.root.log.records).toBe(layout.records);
      expect(image.root.log.dictionarySize).toBe(layout.dictionaryEntries);
    } finally {
      await image.close();
    }
  });
});
