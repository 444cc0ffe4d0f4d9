// Property: any tree of printable names and strings prints to text that parses back to the same
// tree, key order included.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseManifest } from '../../src/manifest/parse.js';
import { printManifest } from '../../src/manifest/print.js';
import { manifestFromJson, manifestToJson } from '../../src/manifest/to-json.js';
import { manifestTree } from './arbitraries.js';
import { ordered } from './ordered.js';

describe('print → parse round trip', () => {
  test.each([false, true])('1,000 hostile random trees (pretty: %s)', (pretty) => {
    fc.assert(
      fc.property(manifestTree, (tree) => {
        const text = printManifest(tree, { pretty });
        expect(ordered(parseManifest(text))).toEqual(ordered(tree));
        expect(ordered(parseManifest(Buffer.from(text)))).toEqual(ordered(tree));
      }),
      { numRuns: 1000 },
    );
  });

  test('the generator reaches the hostile cases', () => {
    const samples = fc.sample(manifestTree, { numRuns: 1000, seed: 42 });
    const text = samples.map((t) => printManifest(t)).join('');
    for (const needle of ['\\"', '\\\\', '"#', '\n', '""', '[]', '()', '😀']) expect(text).toContain(needle);
  });

  test('JSON view round trip (integer-like keys aside)', () => {
    fc.assert(
      fc.property(manifestTree, (tree) => {
        expect(manifestToJson(manifestFromJson(manifestToJson(tree)))).toEqual(manifestToJson(tree));
      }),
      { numRuns: 300 },
    );
  });
});
