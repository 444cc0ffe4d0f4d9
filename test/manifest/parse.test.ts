// The parser against mkfs's quirks (spec §A.1-A.4; the ones marked "confirmed" were run through
// the real mkfs, fixtures/tfs/README.md "Observations").
import { describe, expect, test } from 'vitest';
import { isMinopsError, MinopsError } from '../../src/errors.js';
import { MANIFEST_MAX_DEPTH, parseManifest, parseManifestWithNotes } from '../../src/manifest/parse.js';
import { manifestToJson } from '../../src/manifest/to-json.js';

const json = (text: string | Uint8Array) => manifestToJson(parseManifest(text));

function syntaxError(text: string | Uint8Array): MinopsError {
  try {
    parseManifest(text, { file: 'm.manifest' });
  } catch (e) {
    if (isMinopsError(e)) return e;
    throw e;
  }
  throw new Error(`parsed without error: ${String(text)}`);
}

describe('accepted text and the tree mkfs builds from it', () => {
  test.each<[string, string, unknown]>([
    ['bare tokens', '(a:b c:d)', { a: 'b', c: 'd' }],
    ['comment lines and trailing comments', '# hi (\n(a:b # x:y )\n c:d)\n# end', { a: 'b', c: 'd' }],
    ['confirmed: whitespace before ] adds ""', '(v:[a b ])', { v: ['a', 'b', ''] }],
    ['confirmed: ] on its own line adds ""', '(v:[a\n b\n])', { v: ['a', 'b', ''] }],
    ['whitespace after [ is fine', '(v:[ a b])', { v: ['a', 'b'] }],
    ['[] and [ ] are empty', '(v:[] w:[ ])', { v: [], w: [] }],
    ['confirmed: (x: y:z) sets x to "y:z"', '(x: y:z)', { x: 'y:z' }],
    ['confirmed: x:#y then newline takes the next line', '(x:#y\nz)', { x: 'z' }],
    ['quoted #', '(x:"#y")', { x: '#y' }],
    ['empty value before )', '(a:)', { a: '' }],
    ['empty quoted value', '(a:"" b:"")', { a: '', b: '' }],
    ['bare values keep : / | # " \\', '(p:/usr/bin:/bin q:a|b#c"d\\e)', { p: '/usr/bin:/bin', q: 'a|b#c"d\\e' }],
    ['bare names keep # " \\ in the middle', '(a#b:1 c"d:2 e\\f:3)', { 'a#b': '1', 'c"d': '2', 'e\\f': '3' }],
    ['quoted: only \\ escapes, and \\n is the letter n', '("a b":"q\\"\\\\\\n")', { 'a b': 'q"\\n' }],
    ['raw newline and tab inside quotes', '("a\nb":"c\td")', { 'a\nb': 'c\td' }],
    ['no space needed after a quoted value', '(a:"x"b:y)', { a: 'x', b: 'y' }],
    ['whitespace and comments between name and :', '(a #c\n :b)', { a: 'b' }],
    ['an empty name from a leading :', '(:x)', { '': 'x' }],
    ['the last top-level tuple wins', '(a:1)\n(b:2)', { b: '2' }],
    ['a later duplicate key replaces the value', '(a:1 a:2)', { a: '2' }],
    ['CR is whitespace', '(a:b\r\nc:d)\r\n', { a: 'b', c: 'd' }],
    ['form feed and NBSP are ordinary characters', '(a:\fb\u00a0)', { a: '\fb\u00a0' }],
    ['elements: tuples, vectors, quoted, bare, no separators needed', '(v:[(a:b)[c]"d"e])', { v: [{ a: 'b' }, ['c'], 'd', 'e'] }],
    ['comments inside a vector', '(v:[a #c ]\n b])', { v: ['a', 'b'] }],
    ['UTF-8 passes through', '(é:日本 "😀":x)', { é: '日本', '😀': 'x' }],
    ['NUL survives the parser', '(a:"x\0y")', { a: 'x\0y' }],
  ])('%s', (_name, text, expected) => {
    expect(json(text)).toEqual(expected);
  });

  test('bytes and strings parse alike', () => {
    expect(json(Buffer.from('(é:"日本")'))).toEqual(json('(é:"日本")'));
  });
});

describe('errors carry file, line and column', () => {
  test.each<[string, string, number, number, RegExp]>([
    ['confirmed: key: (…) is an error (discriminator 40)', '(x: (y:z))', 1, 5, /^unknown property discriminator 40 \('\('\)/],
    ['key: […] too (discriminator 91)', '(a:b\n x: [y])', 2, 5, /^unknown property discriminator 91/],
    ['| after a bare name', '(a|b:c)', 1, 3, /^unknown property discriminator 124 \('\|'\): expected ':' after the name "a"/],
    ['/ after a bare name', '(a/b:c)', 1, 3, /^unknown property discriminator 47/],
    ['text after a quoted name', '("a"b:c)', 1, 5, /^unknown property discriminator 98/],
    ['a name without a value', '(a)', 1, 3, /^unknown property discriminator 41/],
    ['not starting with (', '  x', 1, 3, /^parse_tuple fail, leading char 'x'/],
    ['garbage after the root', '(a:b)\n;', 2, 1, /^parse_tuple fail, leading char ';'/],
    ['a BOM is not whitespace', '\ufeff(a:b)', 1, 1, /^parse_tuple fail/],
    ['confirmed: an unterminated root', '(a:(b:c)\n', 2, 1, /the tuple opened at 1:1 is never closed/],
    ['an unterminated vector', '(a:[b', 1, 6, /the vector opened at 1:4 is never closed/],
    ['an unterminated quote', '(a:"b)', 1, 7, /the quoted string opened at 1:4 is never closed/],
    ['an empty manifest', '', 1, 1, /holds no tuple/],
    ['only a comment', '# nothing\n', 2, 1, /holds no tuple/],
    [') inside a vector (mkfs recurses forever)', '(v:[a)])', 1, 6, /'\)' inside the vector opened at 1:4/],
  ])('%s', (_name, text, line, column, message) => {
    const e = syntaxError(text);
    expect(e.code).toBe('MANIFEST_SYNTAX');
    expect(e.where).toEqual({ file: 'm.manifest', line, column });
    expect(e.message).toMatch(message);
  });

  test('columns count characters, not bytes', () => {
    expect(syntaxError('(é|:x)').where).toMatchObject({ line: 1, column: 3 });
  });

  test('the key: ( mistake gets a hint', () => {
    expect(syntaxError('(x: (y:z))').hint).toMatch(/nothing between the colon and the bracket/);
  });

  test.each<[string, number[], number]>([
    ['a stray continuation byte', [0x28, 0x61, 0x3a, 0x80, 0x29], 4],
    ['a lead byte that would swallow )', [0x28, 0x61, 0x3a, 0xc3, 0x29], 4],
    ['an overlong /', [0x28, 0x61, 0x3a, 0xc0, 0xaf, 0x29], 4],
    ['a UTF-16 surrogate in UTF-8', [0x28, 0x61, 0x3a, 0xed, 0xa0, 0x80, 0x29], 4],
    ['a sequence cut off at the end', [0x28, 0x61, 0x3a, 0x62, 0x29, 0xe6, 0x97], 6],
    ['invalid UTF-8 inside a comment', [0x23, 0xff, 0x0a, 0x28, 0x29], 2],
  ])('invalid UTF-8 is refused with its position: %s', (_name, bytes, column) => {
    const e = syntaxError(Uint8Array.from(bytes));
    expect(e.code).toBe('MANIFEST_SYNTAX');
    expect(e.where).toMatchObject({ line: 1, column });
    expect(e.message).toMatch(/is not valid UTF-8/);
  });

  test('a lone surrogate in a string input is refused', () => {
    expect(syntaxError('(a:\ud800)').where).toMatchObject({ line: 1, column: 4 });
  });
});

describe('nesting', () => {
  test(`${MANIFEST_MAX_DEPTH} levels parse`, () => {
    let text = '()';
    for (let i = 1; i < MANIFEST_MAX_DEPTH; i++) text = `(a:${text})`;
    expect(() => parseManifest(text)).not.toThrow();
  });

  test('deeper nesting is a positioned error, not a stack overflow', () => {
    const e = syntaxError('(a:'.repeat(100_000));
    expect(e.where).toMatchObject({ line: 1, column: 3 * MANIFEST_MAX_DEPTH + 1 });
    expect(e.message).toMatch(/nest deeper than 1024 levels/);
  });
});

describe('notes on what mkfs ignores silently', () => {
  test('earlier top-level tuples', () => {
    const { root, notes } = parseManifestWithNotes('(a:1)\n(b:2)');
    expect(manifestToJson(root)).toEqual({ b: '2' });
    expect(notes).toEqual([{ line: 1, column: 1, message: '2 top-level tuples; mkfs keeps only the last one, at 2:1' }]);
  });

  test('an unfinished tuple after a complete one: mkfs keeps the complete one', () => {
    const { root, notes } = parseManifestWithNotes('(a:1)\n(b:2');
    expect(manifestToJson(root)).toEqual({ a: '1' });
    expect(notes).toEqual([{ line: 2, column: 1, message: 'this top-level tuple is never closed; mkfs ignores it and keeps the previous one' }]);
  });

  test('a plain manifest has no notes', () => {
    expect(parseManifestWithNotes('(a:1)\n# end').notes).toEqual([]);
  });
});
