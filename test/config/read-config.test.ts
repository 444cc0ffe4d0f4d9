import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigInvalidError } from '../../src/config/config-invalid-error.js';
import { findDefaultConfig, readConfig } from '../../src/config/read-config.js';
import { MinopsError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'minops-config-'));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const failure = async (file: string) => {
  try {
    await readConfig(file);
  } catch (e) {
    return e as MinopsError;
  }
  throw new Error('read without error');
};

describe('readConfig', () => {
  test('reads a valid file and passes warnings on', async () => {
    const file = write('ok.json', '{"Args": ["a"], "RunConfig": {"Bridged": true}}');
    const loaded = await readConfig(file);
    expect(loaded.config).toEqual({ Args: ['a'], RunConfig: { Bridged: true } });
    expect(loaded.warnings.map((w) => w.message)).toEqual(['RunConfig.Bridged: is an ops setting that minops does not use; ignored']);
  });

  test('a JSON syntax error is CONFIG_INVALID at file:line:col', async () => {
    const file = write('syntax.json', '{\n  "Args": ["a"]\n  "Env": {}\n}\n');
    const e = await failure(file);
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.where).toEqual({ file, line: 3, column: 3 });
    expect(e.message).toBe('invalid JSON: expected "," or "}" after the value of "Args", found character "\\""');
  });

  test('a typo is a ConfigInvalidError carrying every problem', async () => {
    const file = write('typo.json', '{\n  "RunConfig": {"Memroy": "1G", "CPUs": "two"}\n}');
    const e = await failure(file);
    expect(e).toBeInstanceOf(ConfigInvalidError);
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.where).toEqual({ file, line: 2, column: 17 });
    expect((e as ConfigInvalidError).problems.map((p) => p.message)).toEqual([
      'RunConfig.Memroy: unknown key; did you mean "RunConfig.Memory"?',
      'RunConfig.CPUs: must be a whole number, not a string',
    ]);
  });

  test('a missing file is INPUT_MISSING naming it', async () => {
    const e = await failure(join(dir, 'nope.json'));
    expect(e.code).toBe('INPUT_MISSING');
    expect(e.where).toEqual({ file: join(dir, 'nope.json') });
  });

  test('./config.json is the default only when it exists', () => {
    const empty = mkdtempSync(join(tmpdir(), 'minops-noconfig-'));
    expect(findDefaultConfig(empty)).toBeUndefined();
    writeFileSync(join(empty, 'config.json'), '{}');
    expect(findDefaultConfig(empty)).toBe(join(empty, 'config.json'));
  });
});
