// The config files shipped in examples/ must stay valid, and their $schema must be current.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { configJsonSchema } from '../../src/config/config-schema.js';
import { parseConfigText } from '../../src/config/read-config.js';
import { repoRoot } from '../support/debian-rootfs.js';

const examplesDir = join(repoRoot, 'examples');
const configs = readdirSync(examplesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(examplesDir, d.name, 'config.json')))
  .map((d) => join(examplesDir, d.name, 'config.json'))
  .sort();
const schemaFile = join(examplesDir, 'config.schema.json');

describe('examples/*/config.json', () => {
  test('there are some', () => {
    expect(configs.length).toBeGreaterThan(0);
  });

  test.each(configs)('%s is valid, with no warnings', (file) => {
    const loaded = parseConfigText(readFileSync(file, 'utf8'), file);
    expect(loaded.warnings).toEqual([]);
  });

  test('examples/config.schema.json is what `minops config schema` prints (regenerate: minops config schema > examples/config.schema.json)', () => {
    expect(JSON.parse(readFileSync(schemaFile, 'utf8'))).toEqual(configJsonSchema());
  });
});
