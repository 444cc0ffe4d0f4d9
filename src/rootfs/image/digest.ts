// Content digests as OCI writes them. A digest becomes a path only after it matched the pattern,
// so "sha256:../../etc/passwd" can never name a file.
import { createHash } from 'node:crypto';
import { MinopsError } from '../../errors.js';

const SHA256 = /^sha256:[a-f0-9]{64}$/;

export function checkDigest(digest: unknown, file: string, what: string): string {
  if (typeof digest !== 'string' || !SHA256.test(digest)) {
    throw new MinopsError('ARCHIVE_UNSAFE', `${file}: ${what} has the digest ${JSON.stringify(digest)}, not sha256:<64 hex digits>`, {
      where: { file, entry: what },
    });
  }
  return digest;
}

export const blobPath = (digest: string): string => `blobs/sha256/${digest.slice('sha256:'.length)}`;

export const sha256Of = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export function digestMismatch(file: string, what: string, expected: string, actual: string): MinopsError {
  return new MinopsError('DIGEST_MISMATCH', `${file}: ${what} hashes to ${actual}, but ${expected} was expected`, {
    where: { file, entry: what },
    hint: 'the archive is corrupted or was tampered with; save or download it again',
  });
}
