// A config file with problems: one MinopsError carrying every problem, so the CLI can print
// each on its own `file:line:col: message` line instead of stopping at the first.
import { MinopsError } from '../errors.js';
import type { ConfigProblem } from './config-problem.js';

export class ConfigInvalidError extends MinopsError {
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    const first = problems[0];
    super('CONFIG_INVALID', first?.message ?? 'invalid config', {
      where: { file, line: first?.pos?.line, column: first?.pos?.column },
      hint: 'see `minops config schema` for every key; config keys are spelled as in ops (e.g. RunConfig.Memory)',
    });
  }
}
