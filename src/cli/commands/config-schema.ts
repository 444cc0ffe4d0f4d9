// `minops config schema`: print the JSON Schema of config.json.
import { MinopsError } from '../../errors.js';
import type { Command } from '../io.js';

export interface ConfigSchemaOptions {
  /** Placeholder so the type is not empty; nothing yet. */
  pretty?: boolean;
}

export const configSchemaCommand: Command<ConfigSchemaOptions> = async () => {
  throw new MinopsError('NOT_IMPLEMENTED', 'minops config schema is not implemented yet');
};
