// Where Nanos releases live, in the layout ops uses (ops lepton/const.go: releaseBaseURL,
// releaseFileName, getReleaseURL): <base><version>/nanos-release-linux-<version>.tar.gz, and
// <base>latest.txt naming the newest version.

export const DEFAULT_RELEASE_BASE_URL = 'https://storage.googleapis.com/nanos/release/';

/** The base URL: MINOPS_RELEASE_URL (tests, mirrors) or the official one; always ends in `/`. */
export function releaseBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.MINOPS_RELEASE_URL || DEFAULT_RELEASE_BASE_URL;
  return base.endsWith('/') ? base : `${base}/`;
}

export const releaseFileName = (version: string): string => `nanos-release-linux-${version}.tar.gz`;

export const releaseUrl = (base: string, version: string): string =>
  `${base}${encodeURIComponent(version)}/${releaseFileName(version)}`;

export const latestVersionUrl = (base: string): string => `${base}latest.txt`;

/** A version becomes a directory name: digits, letters, `.`, `-`, `_` and `+` only. */
export const isSafeVersion = (version: string): boolean =>
  /^[0-9A-Za-z][0-9A-Za-z._+-]{0,63}$/.test(version) && !version.includes('..');
