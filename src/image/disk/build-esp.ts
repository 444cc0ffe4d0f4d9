// The EFI System Partition (spec §B.5). Not built yet: callers get a clear error.
import { MinopsError } from '../../errors.js';

export function buildEsp(loader: string): Uint8Array {
  throw new MinopsError('NOT_IMPLEMENTED', `the EFI System Partition (uefi, ${loader}) is not supported yet`, { where: { file: loader } });
}
