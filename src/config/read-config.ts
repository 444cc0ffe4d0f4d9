// The I/O edge of config: read the file, then hand the text to the pure parser and validator.
import { readFile } from 'node:fs/promises';
import { MinopsError } from '../errors.js';
import type { ConfigFile } from './config-spec.js';
import { ConfigInvalidError } from './config-invalid-error.js';
import type { ConfigProblem } from './config-problem.js';
import { JsonSyntaxError, parseJson } from './parse-json.js';
import { validateConfig } from './validate-config.js';

export interface LoadedConfig {
  readonly file: string;
  readonly config: ConfigFile;
  readonly warnings: readonly ConfigProblem[];
}

/** Parse and validate config text; throws MinopsError CONFIG_INVALID (a ConfigInvalidError when
 * the JSON is fine but keys/values are wrong). Pure apart from the name used in messages. */
export function parseConfigText(text: string, file: string): LoadedConfig {
  let root;
  try {
    root = parseJson(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    throw new MinopsError('CONFIG_INVALID', `invalid JSON: ${e.message}`, { where: { file, line: e.pos.line, column: e.pos.column }, cause: e });
  }
  const { config, errors, warnings } = validateConfig(root);
  if (errors.length > 0) throw new ConfigInvalidError(file, errors);
  return { file, config, warnings };
}

export async function readConfig(file: string): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new MinopsError('INPUT_MISSING', 'config file not found', { where: { file }, hint: 'check the -c/--config path', cause: e });
    throw new MinopsError('CONFIG_INVALID', `cannot read config file: ${(e as Error).message}`, { where: { file }, cause: e });
  }
  return parseConfigText(text, file);
}

export { findDefaultConfig } from './find-default-config.js';
