import { describe, expect, test } from 'vitest';
import { configJsonSchema } from '../../src/config/config-schema.js';
import { parseJson } from '../../src/config/parse-json.js';
import { validateConfig } from '../../src/config/validate-config.js';

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; enum?: string[]; examples?: unknown[] };

/** Every key path the schema lists, with a value of the type it says. */
function schemaKeys(schema: Schema, prefix: string[] = []): { path: string[]; sample: unknown }[] {
  return Object.entries(schema.properties ?? {}).flatMap(([key, sub]) => {
    const path = [...prefix, key];
    const own = { path, sample: sampleOf(sub) };
    return sub.properties ? [own, ...schemaKeys(sub, path)] : [own];
  });
}

function sampleOf(s: Schema): unknown {
  if (s.enum) return s.enum[0];
  if (s.examples) return s.examples[0];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return 'x';
    case 'boolean':
      return true;
    case 'integer':
      return 1;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      throw new Error(`no sample for ${JSON.stringify(s)}`);
  }
}

const nest = (path: string[], value: unknown): unknown => path.reduceRight<unknown>((v, k) => ({ [k]: v }), value);

describe('config schema', () => {
  const schema = configJsonSchema() as Schema & Record<string, unknown>;

  test('is JSON that survives a round trip and declares draft-07', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.additionalProperties).toBe(false);
  });

  test('lists the ops keys and the Minops section', () => {
    const keys = schemaKeys(schema).map((k) => k.path.join('.'));
    for (const key of ['Args', 'Env', 'Program', 'Files', 'Dirs', 'MapDirs', 'ManifestPassthrough', 'BaseVolumeSz', 'Kernel', 'Boot', 'KlibDir', 'Klibs', 'NanosVersion', 'TargetRoot', 'RunConfig.Memory', 'RunConfig.CPUs', 'RunConfig.Ports', 'RunConfig.UDPPorts', 'RunConfig.Accel', 'RunConfig.Verbose', 'Minops.Rootfs', 'Minops.Slim', 'Minops.Include', 'Minops.Exclude', 'Minops.Python.WriteBytecode', 'Minops.Mkfs', 'Minops.Label', 'Minops.Machine', 'Minops.Timeout', '$schema']) {
      expect(keys).toContain(key);
    }
  });

  test('every key the schema lists is accepted by the validator', () => {
    for (const { path, sample } of schemaKeys(schema)) {
      const { errors } = validateConfig(parseJson(JSON.stringify(nest(path, sample))));
      expect({ path: path.join('.'), errors }).toEqual({ path: path.join('.'), errors: [] });
    }
  });

  test('and a key it does not list is rejected, at every level', () => {
    for (const prefix of [[], ['RunConfig'], ['Minops'], ['Minops', 'Python']]) {
      const { errors } = validateConfig(parseJson(JSON.stringify(nest([...prefix, 'NotAKey'], 1))));
      expect(errors.map((e) => e.path)).toEqual([[...prefix, 'NotAKey'].join('.')]);
    }
  });
});
