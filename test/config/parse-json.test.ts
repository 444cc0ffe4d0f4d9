import { describe, expect, test } from 'vitest';
import { JsonSyntaxError, parseJson, toPlain } from '../../src/config/parse-json.js';

const syntaxError = (text: string) => {
  try {
    parseJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { line: e.pos.line, column: e.pos.column, message: e.message };
    throw e;
  }
  throw new Error('parsed without error');
};

describe('parseJson', () => {
  test('gives the same value as JSON.parse', () => {
    const text = '{"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9\\"/"], "b": {}, "c": [], "a2": "\\ud83d\\ude00"}';
    expect(toPlain(parseJson(text))).toEqual(JSON.parse(text));
  });

  test('keeps the line:col of keys and values', () => {
    const node = parseJson('{\n  "RunConfig": {\n    "Memory": "2G"\n  }\n}');
    expect(node.kind).toBe('object');
    if (node.kind !== 'object') return;
    const run = node.entries[0]!;
    expect(run.keyPos).toEqual({ line: 2, column: 3 });
    expect(run.value.kind === 'object' && run.value.entries[0]!.keyPos).toEqual({ line: 3, column: 5 });
    expect(run.value.kind === 'object' && run.value.entries[0]!.value.pos).toEqual({ line: 3, column: 15 });
  });

  test.each([
    ['{\n  "Args": ["a",]\n}', 2, 16, 'trailing comma before "]"'],
    ['{\n  "Args": ["a"],\n}', 3, 1, 'trailing comma before "}"'],
    ['{\n  "Args": ["a"]\n  "Env": {}\n}', 3, 3, 'expected "," or "}" after the value of "Args", found character "\\""'],
    ["{'Args': []}", 1, 2, 'expected a property name in double quotes'],
    ['{"a": tru}', 1, 7, 'expected a JSON value'],
    ['{"a": "x', 1, 7, 'unterminated string'],
    ['{"a": 01}', 1, 7, 'invalid number'],
    ['{"a": 1} x', 1, 10, 'unexpected character "x" after the JSON value'],
    ['', 1, 1, 'expected a JSON value, found end of file'],
    ['{"a": "\\q"}', 1, 9, 'invalid escape'],
  ])('syntax error in %j is reported at %i:%i', (text, line, column, message) => {
    const e = syntaxError(text);
    expect({ line: e.line, column: e.column }).toEqual({ line, column });
    expect(e.message).toContain(message);
  });

  test('a BOM is skipped and columns still start at 1', () => {
    expect(syntaxError('\ufeff{"a" 1}')).toMatchObject({ line: 1, column: 6 });
  });

  test('deep nesting is an error, not a stack overflow', () => {
    expect(syntaxError('['.repeat(100_000)).message).toContain('nested deeper');
  });

  test('duplicate keys: the last one wins, as in Go and JSON.parse', () => {
    expect(toPlain(parseJson('{"a": 1, "a": 2}'))).toEqual({ a: 2 });
  });

  test('"__proto__" is kept as a plain key', () => {
    const value = toPlain(parseJson('{"__proto__": {"x": 1}}')) as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });
});
