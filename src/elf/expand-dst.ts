// glibc's dynamic string tokens in RPATH, RUNPATH, LD_LIBRARY_PATH and DT_NEEDED.

export interface DstValues {
  /** Directory of the object whose string this is; undefined when it has none. */
  origin: string | undefined;
  /** What `$LIB` expands to, e.g. 'lib/x86_64-linux-gnu' on Debian, 'lib64' on Fedora. */
  lib: string;
  /** AT_PLATFORM, e.g. 'x86_64'. */
  platform: string;
}

const TOKEN = /\$(?:\{(ORIGIN|LIB|PLATFORM)\}|(ORIGIN|LIB|PLATFORM)(?![A-Za-z0-9_]))/g;

/** Expands the tokens in `s`; undefined when it uses $ORIGIN and there is none (glibc drops it). */
export function expandDst(s: string, values: DstValues): string | undefined {
  let unknown = false;
  const out = s.replace(TOKEN, (_m, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare;
    if (name === 'ORIGIN') {
      if (values.origin === undefined) unknown = true;
      return values.origin ?? '';
    }
    return name === 'LIB' ? values.lib : values.platform;
  });
  return unknown ? undefined : out;
}

/** Splits a search path; glibc reads an empty element as the working directory. */
export function splitSearchPath(s: string, separators: RegExp = /:/): string[] {
  return s.split(separators).map((d) => (d === '' ? '.' : d));
}
