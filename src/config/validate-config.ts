// Pure: a parsed config.json tree → the typed config, plus every error and warning with its
// path and line:col (all of them, not just the first, like changesets' validateConfig).
import { closestKey } from './closest-key.js';
import { joinPath, type ConfigProblem } from './config-problem.js';
import { configSpec, type ConfigFile, type FieldSpec } from './config-spec.js';
import type { JsonNode, Position } from './parse-json.js';
import { toPlain } from './parse-json.js';
import { parseMemory } from './parse-memory.js';
import { parseMount } from './parse-mount.js';
import { parsePorts } from './parse-ports.js';
import { parseSize } from './parse-size.js';
import { parseRootfsSourceText } from './rootfs-source.js';

export interface ValidatedConfig {
  readonly config: ConfigFile;
  readonly errors: readonly ConfigProblem[];
  readonly warnings: readonly ConfigProblem[];
}

class Problems {
  readonly errors: ConfigProblem[] = [];
  readonly warnings: ConfigProblem[] = [];
  error(path: string, pos: Position | undefined, what: string): void {
    this.errors.push({ path, pos, message: path === '' ? what : `${path}: ${what}` });
  }
  warn(path: string, pos: Position | undefined, what: string): void {
    this.warnings.push({ path, pos, message: path === '' ? what : `${path}: ${what}` });
  }
}

const jsonType = (node: JsonNode): string => (node.kind === 'number' && !Number.isInteger(node.value) ? 'a number' : node.kind === 'null' ? 'null' : `${/^[aeiou]/.test(node.kind) ? 'an' : 'a'} ${node.kind}`);

export function validateConfig(root: JsonNode): ValidatedConfig {
  const problems = new Problems();
  const config = (validateNode(configSpec, root, '', problems, true) ?? {}) as ConfigFile;
  return { config, errors: problems.errors, warnings: problems.warnings };
}

function validateNode(spec: FieldSpec, node: JsonNode, path: string, problems: Problems, isRoot = false): unknown {
  const expect = (what: string) => problems.error(path, node.pos, `must be ${what}, not ${jsonType(node)}`);
  switch (spec.kind) {
    case 'string':
      if (node.kind !== 'string') return expect('a string');
      if (spec.pattern !== undefined && !new RegExp(spec.pattern).test(node.value)) return problems.error(path, node.pos, `"${node.value}" is not ${spec.expected ?? `of the form ${spec.pattern}`}`);
      return node.value;
    case 'rootfs-source': {
      if (node.kind !== 'string') return expect('a string like "podman:python:3.10-slim"');
      const parsed = parseRootfsSourceText(node.value);
      if (!parsed.ok) return problems.error(path, node.pos, parsed.error);
      return node.value;
    }
    case 'boolean':
      if (node.kind !== 'boolean') return expect('true or false');
      return node.value;
    case 'integer':
      if (node.kind !== 'number' || !Number.isInteger(node.value)) return expect('a whole number');
      if (spec.minimum !== undefined && node.value < spec.minimum) return problems.error(path, node.pos, `${node.value} is less than ${spec.minimum}`);
      if (spec.maximum !== undefined && node.value > spec.maximum) return problems.error(path, node.pos, `${node.value} is more than ${spec.maximum}`);
      return node.value;
    case 'enum': {
      if (node.kind !== 'string') return expect(`one of ${spec.values.join(', ')}`);
      if (spec.values.includes(node.value)) return node.value;
      const near = closestKey(node.value, spec.values);
      return problems.error(path, node.pos, `"${node.value}" is not one of ${spec.values.join(', ')}${near ? `; did you mean "${near}"?` : ''}`);
    }
    case 'string-array': {
      if (node.kind !== 'array') return expect('an array of strings');
      const out: string[] = [];
      node.items.forEach((item, i) => {
        if (item.kind === 'string') out.push(item.value);
        else problems.error(joinPath(path, i), item.pos, `must be a string, not ${jsonType(item)}`);
      });
      return out;
    }
    case 'string-map': {
      if (node.kind !== 'object') return expect('an object of strings');
      const out: Record<string, string> = {};
      for (const e of node.entries) {
        const at = joinPath(path, e.key);
        if (e.value.kind === 'string') defineKey(out, e.key, e.value.value);
        else problems.error(at, e.value.pos, `must be a string, not ${jsonType(e.value)}${e.value.kind === 'number' || e.value.kind === 'boolean' ? ` (write "${String(toPlain(e.value))}")` : ''}`);
      }
      warnDuplicates(node, path, problems);
      return out;
    }
    case 'any-map':
      if (node.kind !== 'object') return expect('an object');
      warnDuplicates(node, path, problems);
      return toPlain(node);
    case 'opaque':
      if (node.kind !== spec.type) return expect(`an ${spec.type}`);
      return toPlain(node);
    case 'size':
    case 'memory': {
      if (node.kind !== 'string' && node.kind !== 'number') return expect(spec.kind === 'size' ? 'a size like "100m"' : 'a memory size like "512M"');
      const parsed = spec.kind === 'size' ? parseSize(node.value) : parseMemory(node.value);
      if (!parsed.ok) return problems.error(path, node.pos, parsed.error);
      return node.value;
    }
    case 'port-list': {
      if (node.kind !== 'array') return expect('an array of ports like ["8080"]');
      const out: (string | number)[] = [];
      node.items.forEach((item, i) => {
        if (item.kind !== 'string' && item.kind !== 'number') return problems.error(joinPath(path, i), item.pos, `must be a port like "8080", not ${jsonType(item)}`);
        const parsed = parsePorts(item.value, 'tcp');
        if (!parsed.ok) return problems.error(joinPath(path, i), item.pos, parsed.error);
        out.push(item.value);
      });
      return out;
    }
    case 'mount-list': {
      if (node.kind !== 'array') return expect('an array of mounts like ["./in:/in:ro", "data:/data"]');
      const out: string[] = [];
      node.items.forEach((item, i) => {
        if (item.kind !== 'string') return problems.error(joinPath(path, i), item.pos, `must be a mount like "./in:/in:ro", not ${jsonType(item)}`);
        const parsed = parseMount(item.value, joinPath(path, i));
        if (!parsed.ok) return problems.error(joinPath(path, i), item.pos, parsed.error);
        out.push(item.value);
      });
      return out;
    }
    case 'mount-map': {
      if (node.kind !== 'object') return expect('an object like {"data": "/data", "./in": "/in:ro"}');
      const out: Record<string, string> = {};
      for (const e of node.entries) {
        const at = joinPath(path, e.key);
        if (e.value.kind !== 'string') {
          problems.error(at, e.value.pos, `must be a guest directory like "/data", not ${jsonType(e.value)}`);
          continue;
        }
        const parsed = parseMount(`${e.key}:${e.value.value}`, at);
        if (!parsed.ok) problems.error(at, e.value.pos, parsed.error);
        else defineKey(out, e.key, e.value.value);
      }
      warnDuplicates(node, path, problems);
      return out;
    }
    case 'object':
      return validateObject(spec, node, path, problems, isRoot);
  }
}

function validateObject(spec: Extract<FieldSpec, { kind: 'object' }>, node: JsonNode, path: string, problems: Problems, isRoot: boolean): unknown {
  if (node.kind !== 'object') return problems.error(path, node.pos, `must be an object, not ${jsonType(node)}`);
  const known = Object.keys(spec.fields);
  const out: Record<string, unknown> = {};
  const seen = new Map<string, Position>();
  for (const entry of node.entries) {
    if (isRoot && entry.key === '$schema') {
      if (entry.value.kind !== 'string') problems.error('$schema', entry.value.pos, `must be a string, not ${jsonType(entry.value)}`);
      continue;
    }
    let key = entry.key;
    let at = joinPath(path, key);
    if (!Object.hasOwn(spec.fields, key)) {
      // ops reads JSON with Go's encoding/json, which matches keys ignoring case: accept, but say so.
      const sameIgnoringCase = known.find((k) => k.toLowerCase() === key.toLowerCase());
      if (sameIgnoringCase === undefined) {
        const near = closestKey(key, known);
        problems.error(at, entry.keyPos, `unknown key${near ? `; did you mean "${joinPath(path, near)}"?` : `; known keys here: ${known.join(', ')}`}`);
        continue;
      }
      problems.warn(at, entry.keyPos, `read as "${sameIgnoringCase}" (ops ignores case in keys); write "${sameIgnoringCase}"`);
      key = sameIgnoringCase;
      at = joinPath(path, key);
    }
    if (seen.has(key)) problems.warn(at, entry.keyPos, `given more than once; the last one wins`);
    seen.set(key, entry.keyPos);
    const fieldSpec = spec.fields[key]!;
    if (entry.value.kind === 'null') {
      // Go leaves a field at its zero value for null: treat as not set.
      delete out[key];
      continue;
    }
    if (fieldSpec.ignored) problems.warn(at, entry.keyPos, `is an ops setting that minops does not use; ignored`);
    const value = validateNode(fieldSpec, entry.value, at, problems);
    if (value !== undefined) defineKey(out, key, value);
    else delete out[key];
  }
  return out;
}

function warnDuplicates(node: Extract<JsonNode, { kind: 'object' }>, path: string, problems: Problems): void {
  const seen = new Set<string>();
  for (const e of node.entries) {
    if (seen.has(e.key)) problems.warn(joinPath(path, e.key), e.keyPos, `given more than once; the last one wins`);
    seen.add(e.key);
  }
}

// `__proto__` is a legal Env name; plain assignment would set the prototype instead.
function defineKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, configurable: true, writable: true });
}
