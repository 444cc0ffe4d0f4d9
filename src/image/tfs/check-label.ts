// A TFS label is at most 31 bytes and NUL-terminated on disk (spec §B.8); the kernel refuses a
// longer one ("invalid label"), so both writers refuse it first.
import { MinopsError } from '../../errors.js';
import { LABEL_MAX } from './log-format.js';

export function checkLabel(label: string): string {
  const bytes = Buffer.byteLength(label);
  if (bytes > LABEL_MAX || label.includes('\0')) {
    throw new MinopsError('CONFIG_INVALID', `the label "${label}" is ${bytes} bytes; a TFS label holds at most ${LABEL_MAX} bytes and no NUL`, {
      hint: 'Use a shorter label.',
    });
  }
  return label;
}
