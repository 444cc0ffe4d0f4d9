// Fuzz: mutated manifests (golden-set manifests and printed random trees, with byte flips,
// truncation, structural characters and deep nesting spliced in) either parse or fail with a
// positioned MANIFEST_SYNTAX error. Nothing else escapes, and nothing hangs.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isMinopsError } from '../../src/errors.js';
import { manifestProblems } from '../../src/manifest/manifest-problems.js';
import { parseManifest } from '../../src/manifest/parse.js';
import { printManifest } from '../../src/manifest/print.js';
import { fixturesDir } from '../support/debian-rootfs.js';
import { manifestTree } from './arbitraries.js';

const tfsDir = path.join(fixturesDir, 'tfs');
// Case 10 is 560 KB of link targets; its first 4 KB keep the shape and keep the fuzz fast.
const fixtureManifests = readdirSync(tfsDir)
  .filter((name) => /^\d/.test(name))
  .sort()
  .map((name) => readFileSync(path.join(tfsDir, name, 'manifest')).subarray(0, 4096));

const STRUCTURAL = [...'()[]:"\\# \n\t\r|/'].map((c) => c.charCodeAt(0));

type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'nest'; at: number; open: string; close: string; times: number };

// Unbiased: fast-check otherwise favours the ends, where every mutation breaks the root tuple.
const position = fc.noBias(fc.integer({ min: 0, max: 9999 })).map((n) => n / 10_000);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, byte: fc.integer({ min: 0x20, max: 0x7e }) }),
  fc.record({ kind: fc.constant('flip' as const), at: position, byte: fc.integer({ min: 0x20, max: 0x7e }) }),
  fc.record({
    kind: fc.constant('flip' as const),
    at: position,
    byte: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.array(fc.constantFrom(...STRUCTURAL), { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 8 }) }),
  // Deep nesting, closed (valid where a name can start) or left open; past 1024 levels too.
  fc
    .tuple(position, fc.constantFrom(['x:(', ')'], ['x:[', ']'], ['x:[(a:', ')]'], ['(a:', ''], ['[', '']), fc.integer({ min: 1, max: 1500 }))
    .map(([at, [open, close], times]): Mutation => ({ kind: 'nest', at, open: open!, close: close!, times })),
);

function mutate(input: Uint8Array, m: Mutation): Uint8Array {
  const at = Math.floor(m.at * input.length);
  const before = input.subarray(0, at);
  switch (m.kind) {
    case 'flip':
      return at < input.length ? Uint8Array.from([...before, m.byte, ...input.subarray(at + 1)]) : input;
    case 'truncate':
      return before;
    case 'insert':
      return Buffer.concat([before, Uint8Array.from(m.bytes), input.subarray(at)]);
    case 'delete':
      return Buffer.concat([before, input.subarray(at + m.length)]);
    case 'nest':
      return Buffer.concat([before, Buffer.from(m.open.repeat(m.times) + m.close.repeat(m.times)), input.subarray(at)]);
  }
}

const source = fc.oneof(
  fc.constantFrom(...fixtureManifests),
  manifestTree.map((tree) => Buffer.from(printManifest(tree))),
);
const mutated = fc.tuple(source, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([input, ms]) => ms.reduce(mutate, input));

/** The fuzz contract for one input; returns what happened so the test can count outcomes. */
function check(input: Uint8Array): 'parsed' | 'error' {
  let root;
  try {
    root = parseManifest(input, { file: 'fuzz' });
  } catch (e) {
    if (!isMinopsError(e) || e.code !== 'MANIFEST_SYNTAX') throw e;
    expect(e.where?.file).toBe('fuzz');
    expect(e.where?.line).toBeGreaterThanOrEqual(1);
    expect(e.where?.column).toBeGreaterThanOrEqual(1);
    return 'error';
  }
  expect(root.kind).toBe('tuple');
  // Whatever parses and has printable names must survive our own print → parse. Compared as
  // text: the printer is one-to-one, and a deep toEqual would overflow on 1,000-level trees.
  if (manifestProblems(root).length === 0) {
    const text = printManifest(root);
    expect(printManifest(parseManifest(text))).toBe(text);
  }
  return 'parsed';
}

describe('parser fuzz', () => {
  test('10,000 mutated manifests: a tree or a positioned MANIFEST_SYNTAX error', () => {
    const outcomes = { parsed: 0, error: 0 };
    fc.assert(
      fc.property(mutated, (input) => {
        outcomes[check(input)]++;
      }),
      { numRuns: 10_000, seed: 20261121 },
    );
    // Both outcomes must be exercised, or the mutations are too weak or too strong to mean much.
    expect(outcomes.parsed, JSON.stringify(outcomes)).toBeGreaterThan(1000);
    expect(outcomes.error, JSON.stringify(outcomes)).toBeGreaterThan(1000);
  }, 60_000);

  test('the line and column point into the input', () => {
    const text = Buffer.from('(a:b\n c:(d:e)\n f: (g:h))');
    expect(() => parseManifest(text, { file: 'x' })).toThrow(expect.objectContaining({ where: { file: 'x', line: 3, column: 5 } }));
  });
});
