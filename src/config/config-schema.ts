// The JSON Schema of config.json, derived from the same table the validator walks.
import { configSpec, type FieldSpec } from './config-spec.js';

type Schema = Record<string, unknown>;

function schemaOf(spec: FieldSpec): Schema {
  const base: Schema = { description: spec.ignored ? `${spec.description} (minops ignores this key)` : spec.description };
  switch (spec.kind) {
    case 'string':
      return { ...base, type: 'string', ...(spec.pattern !== undefined && { pattern: spec.pattern }), ...(spec.example !== undefined && { examples: [spec.example] }) };
    case 'rootfs-source':
      return { ...base, type: 'string', pattern: '^(host|(dockerfile|docker-daemon|podman|docker-archive|oci-archive|oci|dir):.+)$', examples: ['dockerfile:Dockerfile.rootfs', 'podman:python:3.10-slim', 'dir:./rootfs', 'host'] };
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'integer':
      return { ...base, type: 'integer', ...(spec.minimum !== undefined && { minimum: spec.minimum }), ...(spec.maximum !== undefined && { maximum: spec.maximum }) };
    case 'enum':
      return { ...base, type: 'string', enum: [...spec.values] };
    case 'string-array':
      return { ...base, type: 'array', items: { type: 'string' } };
    case 'string-map':
      return { ...base, type: 'object', additionalProperties: { type: 'string' } };
    case 'any-map':
      return { ...base, type: 'object' };
    case 'opaque':
      return { ...base, type: spec.type };
    case 'size':
      return { ...base, type: ['string', 'integer'], pattern: '^\\s*\\d+(\\.\\d+)?\\s*[kKmMgGtT]?([iI]?[bB])?\\s*$', examples: ['100m', '1g'] };
    case 'memory':
      return { ...base, type: ['string', 'integer'], pattern: '^\\s*\\d+(\\.\\d+)?\\s*[mMgG]?([iI]?[bB])?\\s*$', examples: ['512', '512M', '2G'] };
    case 'port-list':
      return { ...base, type: 'array', items: { type: ['string', 'integer'], pattern: '^(\\d+|\\d+-\\d+|\\d+:\\d+)$' }, examples: [['8080', '8000-8010', '8443:443']] };
    case 'mount-list':
      return { ...base, type: 'array', items: { type: 'string', pattern: '^.+:/[^:]*(:(ro|rw))?$' }, examples: [['./in:/in:ro', './out:/out', 'data:/data']] };
    case 'mount-map':
      return { ...base, type: 'object', additionalProperties: { type: 'string', pattern: '^/[^:]*(:(ro|rw))?$' }, examples: [{ data: '/data', './in': '/in:ro' }] };
    case 'object':
      return {
        ...base,
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(Object.entries(spec.fields).map(([k, v]) => [k, schemaOf(v)])),
      };
  }
}

/** The JSON Schema (draft-07) of a whole config file, `$schema` key included. No `$id`: there is no
 * published URL; point `$schema` at a file written by `minops config schema > config.schema.json`. */
export function configJsonSchema(): Schema {
  const root = schemaOf(configSpec);
  const properties = { $schema: { type: 'string', description: 'The JSON Schema this file follows (for editors).' }, ...(root.properties as Schema) };
  return { $schema: 'http://json-schema.org/draft-07/schema#', title: 'minops config.json', ...root, properties };
}
