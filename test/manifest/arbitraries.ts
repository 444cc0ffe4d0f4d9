// fast-check generators for hostile manifest trees: names and strings built from the characters
// that matter to mkfs's parser, plus arbitrary Unicode.
import fc from 'fast-check';
import { nameProblem } from '../../src/manifest/names.js';
import type { ManifestTuple, ManifestValue } from '../../src/manifest/tuple.js';

const structural = [' ', '"', '\\', ':', '(', ')', '[', ']', '#', '|', '\n', '\t', '\r', '.', '-', 'a', 'b', 'é', '日', '😀', '\f', '\u00a0'];

const hostileText = (extra: string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...structural, ...extra), maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
    { weight: 1, arbitrary: fc.constantFrom('', '#x', '"', '\\', 'children', 'contents', 'x y', '..."', ' ', '\n') },
  );

/** Names the printer accepts (no '/', NUL, "", ".", ".." or over 255 bytes). */
export const manifestName = hostileText([]).filter((s) => nameProblem(s) === undefined);

/** Any string value: '/', NUL and empty strings included. */
export const manifestString = hostileText(['/', '\0']);

const tupleOf = (value: fc.Arbitrary<ManifestValue>) =>
  fc
    .uniqueArray(fc.tuple(manifestName, value), { maxLength: 5, selector: ([name]) => name })
    .map((entries): ManifestTuple => ({ kind: 'tuple', entries: new Map(entries) }));

const { value } = fc.letrec<{ value: ManifestValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    manifestString,
    tupleOf(tie('value')),
    fc.array(tie('value'), { maxLength: 5 }).map((items): ManifestValue => ({ kind: 'vector', items })),
  ),
}));

export const manifestTree: fc.Arbitrary<ManifestTuple> = tupleOf(value);
