// Strict UTF-8 decoding for the manifest parser. mkfs decodes without checking continuation bytes
// and mangles what is not UTF-8 (spec §A.4); the kernel cannot resolve such names anyway, so we
// refuse them with a position instead of guessing what mkfs would have made of them.

/** The code point at `bytes[i]` and its length in bytes, or `undefined` when the bytes there are
 * not well-formed UTF-8 (overlong forms, surrogates, values past U+10FFFF, cut-off sequences). */
export function decodeCodePoint(bytes: Uint8Array, i: number): { cp: number; size: number } | undefined {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return { cp: b0, size: 1 };
  const cont = (k: number, lo = 0x80, hi = 0xbf): number | undefined => {
    const b = bytes[i + k];
    return b !== undefined && b >= lo && b <= hi ? b & 0x3f : undefined;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    const c1 = cont(1);
    return c1 === undefined ? undefined : { cp: ((b0 & 0x1f) << 6) | c1, size: 2 };
  }
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const c1 = cont(1, b0 === 0xe0 ? 0xa0 : 0x80, b0 === 0xed ? 0x9f : 0xbf);
    const c2 = c1 === undefined ? undefined : cont(2);
    if (c1 === undefined || c2 === undefined) return undefined;
    return { cp: ((b0 & 0x0f) << 12) | (c1 << 6) | c2, size: 3 };
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const c1 = cont(1, b0 === 0xf0 ? 0x90 : 0x80, b0 === 0xf4 ? 0x8f : 0xbf);
    const c2 = c1 === undefined ? undefined : cont(2);
    const c3 = c2 === undefined ? undefined : cont(3);
    if (c1 === undefined || c2 === undefined || c3 === undefined) return undefined;
    return { cp: ((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3, size: 4 };
  }
  return undefined;
}

/** Index of the first lone surrogate in a JS string, or -1. Such a string has no UTF-8 form. */
export function loneSurrogateIndex(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (u >= 0xd800 && u <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return i;
    }
    if (u >= 0xdc00 && u <= 0xdfff) return i;
  }
  return -1;
}
