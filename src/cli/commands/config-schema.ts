// `minops config schema`: print the JSON Schema of config.json.
import { configJsonSchema } from '../../config/config-schema.js';
import type { Command } from '../io.js';

export interface ConfigSchemaOptions {
  /** Nothing yet; the type is here so callers pass an options object like every command. */
  readonly compact?: boolean;
}

export const configSchemaCommand: Command<ConfigSchemaOptions> = async (options, io) => {
  io.out(JSON.stringify(configJsonSchema(), null, options.compact ? undefined : 2) + '\n');
  return 0;
};
