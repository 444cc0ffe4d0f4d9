// The printer: exact text (spec §A.5) and the names it refuses.
import { describe, expect, test } from 'vitest';
import { isMinopsError, MinopsError } from '../../src/errors.js';
import { parseManifest } from '../../src/manifest/parse.js';
import { printManifest, quoteManifestString } from '../../src/manifest/print.js';
import { tuple, vector, type ManifestTuple } from '../../src/manifest/tuple.js';
import { ordered } from './ordered.js';

const file = (host: string) => tuple([['contents', tuple([['host', host]])]]);

const small = tuple([
  ['children', tuple([
    ['usr', tuple([['children', tuple([['bin', tuple([['children', tuple([['python3', file('/h/usr/bin/python3')]])]])]])]])],
    ['my file (1).txt', file('/src/my file (1).txt')],
    ['empty', tuple([['children', tuple()]])],
    ['lib', tuple([['linktarget', 'usr/lib']])],
  ])],
  ['program', '/usr/bin/python3'],
  ['arguments', vector(['/usr/bin/python3', '/app/main.py', ''])],
  ['environment', tuple([['PYTHONHOME', '/usr'], ['Q', 'say "hi" \\ bye']])],
  ['none', vector()],
  ['debug_exit', 't'],
]);

describe('printManifest', () => {
  test('exact text: everything quoted, nothing after : or before ]', () => {
    expect(printManifest(small)).toBe(
      '("children":("usr":("children":("bin":("children":("python3":("contents":("host":"/h/usr/bin/python3"))))))' +
        ' "my file (1).txt":("contents":("host":"/src/my file (1).txt")) "empty":("children":()) "lib":("linktarget":"usr/lib"))' +
        ' "program":"/usr/bin/python3" "arguments":["/usr/bin/python3" "/app/main.py" ""]' +
        ' "environment":("PYTHONHOME":"/usr" "Q":"say \\"hi\\" \\\\ bye") "none":[] "debug_exit":"t")\n',
    );
  });

  test('pretty: one entry per line, vectors on one line', () => {
    const text = printManifest(tuple([['children', tuple([['a', tuple([['children', tuple()]])], ['b', file('x')]])], ['arguments', vector(['p', 'q'])]]), { pretty: true });
    expect(text).toBe('("children":("a":("children":())\n  "b":("contents":("host":"x")))\n "arguments":["p" "q"])\n');
  });

  test.each([false, true])('the output parses back to the same tree (pretty: %s)', (pretty) => {
    expect(ordered(parseManifest(printManifest(small, { pretty })))).toEqual(ordered(small));
  });

  test('quoting escapes only " and \\', () => {
    expect(quoteManifestString('a"b\\c\nd\t#(e):[f]')).toBe('"a\\"b\\\\c\nd\t#(e):[f]"');
  });
});

function badName(root: ManifestTuple): MinopsError {
  try {
    printManifest(root, { file: 'out.manifest' });
  } catch (e) {
    if (isMinopsError(e)) return e;
    throw e;
  }
  throw new Error('printed without error');
}

const inDir = (name: string) => tuple([['children', tuple([['etc', tuple([['children', tuple([[name, file('h')]])]])]])]]);

describe('names the printer refuses (MANIFEST_BAD_NAME)', () => {
  test.each<[string, string, string]>([
    ['empty', '', '/etc/: the name "" is empty'],
    ['.', '.', '/etc/.: the name "." is ".", which the kernel resolves itself'],
    ['..', '..', '/etc/..: the name ".." is "..", which the kernel resolves itself'],
    ['a slash', 'a/b', `/etc/a/b: the name "a/b" contains '/'`],
    ['NUL', 'a\0b', '/etc/a\0b: the name "a\\u0000b" contains NUL'],
    ['a lone surrogate', 'a\ud800', '/etc/a\ud800: the name "a\\ud800" is not valid UTF-8 (it holds a lone surrogate)'],
    ['256 bytes', 'é'.repeat(128), `/etc/${'é'.repeat(128)}: the name "${'é'.repeat(128)}" is 256 bytes long; the kernel allows at most 255`],
  ])('%s', (_what, name, message) => {
    const e = badName(inDir(name));
    expect(e.code).toBe('MANIFEST_BAD_NAME');
    expect(e.message).toBe(message);
    expect(e.where).toEqual({ file: 'out.manifest', entry: message.slice(0, message.indexOf(': the name')) });
  });

  test('255 bytes and odd characters are fine', () => {
    expect(() => printManifest(inDir(`${'é'.repeat(127)}x`))).not.toThrow();
    expect(() => printManifest(inDir('#"\\:()[] \n\t|'))).not.toThrow();
  });

  test('every problem is counted, with paths outside children too', () => {
    const root = tuple([
      ['children', tuple([['..', file('h')]])],
      ['environment', tuple([['', 'x']])],
      ['arguments', vector(['ok', 'bad\udc00'])],
    ]);
    const e = badName(root);
    expect(e.message).toBe('/..: the name ".." is "..", which the kernel resolves itself (and 2 more: environment., arguments[1])');
  });
});
