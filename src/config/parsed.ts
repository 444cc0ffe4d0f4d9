// What the small value parsers return: the value, or why the text is wrong (the caller adds
// which flag or key it came from).
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const bad = <T = never>(error: string): Parsed<T> => ({ ok: false, error });
