// The manifest parser: accepts exactly the text the real Nanos mkfs accepts (spec §A.1-A.4) and
// builds the same tree. mkfs's parser is a chain of closures, one character at a time; this is the
// same machine written as explicit states over an explicit stack, so deep nesting cannot overflow
// the JS stack and every error has a line and column.
import { MinopsError } from '../errors.js';
import type { ManifestTuple, ManifestValue } from './tuple.js';
import { decodeCodePoint, loneSurrogateIndex } from './utf8-scan.js';

/** Deepest tuple/vector nesting we accept (mkfs has no limit; ours keeps later recursive walks
 * safe). 1024 levels is about 500 nested directories. */
export const MANIFEST_MAX_DEPTH = 1024;

export interface ParseManifestOptions {
  /** Named in errors; defaults to "<manifest>". */
  file?: string;
}

/** Something mkfs accepts silently that the user may not expect. */
export interface ParseNote {
  line: number;
  column: number;
  message: string;
}

export interface ParsedManifest {
  root: ManifestTuple;
  notes: ParseNote[];
}

/** Parse a manifest and return its root tuple (the last complete top-level tuple, as mkfs does).
 * Throws MinopsError 'MANIFEST_SYNTAX' with where {file, line, column}. */
export const parseManifest = (input: Uint8Array | string, options: ParseManifestOptions = {}): ManifestTuple =>
  parseManifestWithNotes(input, options).root;

// mkfs's character classes (spec §A.1).
const LF = 0x0a;
const isWhitespace = (c: number) => c === 0x20 || c === LF || c === 0x0d || c === 0x09;
const NAME_TERMINATORS = new Set([...'()[]:|/'].map((ch) => ch.charCodeAt(0)));
const VALUE_TERMINATORS = new Set([...'()[]'].map((ch) => ch.charCodeAt(0)));
const isNameTerminator = (c: number) => isWhitespace(c) || NAME_TERMINATORS.has(c);
const isValueTerminator = (c: number) => isWhitespace(c) || VALUE_TERMINATORS.has(c);
const [OPEN_PAREN, CLOSE_PAREN, OPEN_BRACKET, CLOSE_BRACKET, COLON, QUOTE, BACKSLASH, HASH] = [
  ...'()[]:"\\#',
].map((ch) => ch.charCodeAt(0)) as [number, number, number, number, number, number, number, number];

const ASCII = Array.from({ length: 0x80 }, (_, cp) => ({ cp, size: 1 }));

/** One state per closure kind in mkfs's parser; "Ws" states skip whitespace and `#` comments. */
type Mode =
  | 'top' // before a top-level tuple
  | 'tupleWs' // inside a tuple: `)` or the next name
  | 'nameBare'
  | 'nameQuoted'
  | 'nameAfter' // after a name: only `:` may follow
  | 'valueStart' // right after `:` or at a vector element: `(` and `[` count only here
  | 'valueWs'
  | 'valueBare'
  | 'valueQuoted'
  | 'vectorWs' // right after `[`
  | 'vectorNext' // after an element: `]` ends, anything else (whitespace too) starts an element
  | 'elementWs';

interface Open {
  line: number;
  column: number;
}
type Frame =
  | (Open & { kind: 'tuple'; entries: Map<string, ManifestValue>; name: string })
  | (Open & { kind: 'vector'; items: ManifestValue[] });

/** Like parseManifest, plus notes on what mkfs silently ignores (earlier top-level tuples,
 * an unfinished trailing tuple). */
export function parseManifestWithNotes(input: Uint8Array | string, options: ParseManifestOptions = {}): ParsedManifest {
  const file = options.file ?? '<manifest>';
  const bytes = typeof input === 'string' ? stringBytes(input, file) : input;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let line = 1;
  let column = 1;
  const fail = (message: string, hint?: string): never => {
    throw new MinopsError('MANIFEST_SYNTAX', message, { where: { file, line, column }, hint });
  };

  const stack: Frame[] = [];
  let mode = 'top' as Mode;
  let inComment = false;
  let escaped = false;
  // A token is byte ranges of the input (split only at backslash escapes), decoded when it ends.
  let segmentStart = 0;
  let segments: string[] = [];
  let tokenLine = 1;
  let tokenColumn = 1;
  let root: ManifestTuple | undefined;
  const roots: Open[] = [];
  let rootStart: Open = { line, column };

  const open = (frame: Frame): void => {
    if (stack.length >= MANIFEST_MAX_DEPTH) fail(`tuples and vectors nest deeper than ${MANIFEST_MAX_DEPTH} levels`);
    if (stack.length === 0) rootStart = { line: frame.line, column: frame.column };
    stack.push(frame);
  };
  const complete = (value: ManifestValue): void => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      root = value as ManifestTuple;
      roots.push(rootStart);
      mode = 'top';
    } else if (parent.kind === 'tuple') {
      parent.entries.set(parent.name, value);
      mode = 'tupleWs';
    } else {
      parent.items.push(value);
      mode = 'vectorNext';
    }
  };
  const close = (): void => {
    const frame = stack.pop()!;
    complete(frame.kind === 'tuple' ? { kind: 'tuple', entries: frame.entries } : { kind: 'vector', items: frame.items });
  };
  const startToken = (next: Mode, start: number): void => {
    segments = [];
    segmentStart = start;
    tokenLine = line;
    tokenColumn = column;
    mode = next;
  };
  const endToken = (end: number): string => {
    const last = text.toString('utf8', segmentStart, end);
    if (segments.length === 0) return last;
    segments.push(last);
    return segments.join('');
  };
  const setName = (end: number): void => {
    const frame = stack[stack.length - 1] as Frame & { kind: 'tuple' };
    frame.name = endToken(end);
    mode = 'nameAfter';
  };

  for (let i = 0; i < bytes.length; ) {
    const b0 = bytes[i]!;
    const decoded = b0 < 0x80 ? ASCII[b0]! : decodeCodePoint(bytes, i);
    if (!decoded) {
      fail(
        `byte 0x${bytes[i]!.toString(16).padStart(2, '0')} at offset ${i} is not valid UTF-8`,
        'save the manifest as UTF-8; mkfs would silently mangle these bytes (spec §A.4)',
      );
    }
    const { cp: c, size } = decoded!;

    if (inComment) {
      if (c === LF) inComment = false;
    } else {
      // `again` feeds the same character to the next state: mkfs hands a bare token's terminator on.
      for (let again = true; again; ) {
        again = false;
        const skipsWhitespace = mode === 'top' || mode === 'tupleWs' || mode === 'nameAfter' || mode === 'valueWs' || mode === 'vectorWs' || mode === 'elementWs';
        if (skipsWhitespace && (isWhitespace(c) || c === HASH)) {
          inComment = c === HASH;
          break;
        }
        switch (mode) {
          case 'top':
            if (c !== OPEN_PAREN) {
              fail(
                `parse_tuple fail, leading char '${String.fromCodePoint(c)}': expected '(' to start a tuple`,
                roots.length > 0 ? 'only whitespace, comments and more tuples may follow the root tuple' : undefined,
              );
            }
            open({ kind: 'tuple', entries: new Map(), name: '', line, column });
            mode = 'tupleWs';
            break;
          case 'tupleWs':
            if (c === CLOSE_PAREN) close();
            else if (c === QUOTE) startToken('nameQuoted', i + size);
            else {
              startToken('nameBare', i);
              again = true;
            }
            break;
          case 'nameBare':
            if (isNameTerminator(c)) {
              setName(i);
              again = true;
            }
            break;
          case 'nameQuoted':
          case 'valueQuoted':
            // A backslash makes the next character literal: it starts the next segment.
            if (escaped) escaped = false;
            else if (c === BACKSLASH) {
              segments.push(text.toString('utf8', segmentStart, i));
              segmentStart = i + size;
              escaped = true;
            } else if (c !== QUOTE) {
              // part of the token
            } else if (mode === 'nameQuoted') setName(i);
            else complete(endToken(i));
            break;
          case 'nameAfter':
            if (c === COLON) mode = 'valueStart';
            else fail(...discriminatorError(c, (stack[stack.length - 1] as Frame & { kind: 'tuple' }).name));
            break;
          case 'valueStart':
            if (c === OPEN_PAREN) {
              open({ kind: 'tuple', entries: new Map(), name: '', line, column });
              mode = 'tupleWs';
            } else if (c === OPEN_BRACKET) {
              open({ kind: 'vector', items: [], line, column });
              mode = 'vectorWs';
            } else {
              mode = 'valueWs';
              again = true;
            }
            break;
          case 'valueWs':
            if (c === QUOTE) startToken('valueQuoted', i + size);
            else {
              startToken('valueBare', i);
              again = true;
            }
            break;
          case 'valueBare':
            if (isValueTerminator(c)) {
              complete(endToken(i));
              again = true;
            }
            break;
          case 'vectorWs':
            mode = 'vectorNext';
            again = true;
            break;
          case 'vectorNext':
            if (c === CLOSE_BRACKET) close();
            else if (c === CLOSE_PAREN) {
              // mkfs reads ')' as an empty element that ends at ')', forever, until it crashes.
              const v = stack[stack.length - 1]!;
              fail(`')' inside the vector opened at ${v.line}:${v.column}; mkfs never finishes on this input`, "close the vector with ']' first");
            } else {
              mode = 'elementWs';
              again = true;
            }
            break;
          case 'elementWs':
            mode = 'valueStart';
            again = true;
            break;
        }
      }
    }

    i += size;
    if (c === LF) {
      line++;
      column = 1;
    } else column++;
  }

  const notes: ParseNote[] = [];
  if (!root) {
    if (mode === 'nameQuoted' || mode === 'valueQuoted') fail(`the quoted string opened at ${tokenLine}:${tokenColumn} is never closed`);
    const inner = stack[stack.length - 1];
    if (inner) fail(`the ${inner.kind} opened at ${inner.line}:${inner.column} is never closed`, 'mkfs exits 1 without writing a filesystem when the root tuple is unfinished');
    fail('the manifest holds no tuple', 'a manifest is one tuple, for example (children:())');
  }
  if (roots.length > 1) {
    const last = roots[roots.length - 1]!;
    notes.push({ ...roots[0]!, message: `${roots.length} top-level tuples; mkfs keeps only the last one, at ${last.line}:${last.column}` });
  }
  if (stack.length > 0) {
    notes.push({ line: rootStart.line, column: rootStart.column, message: 'this top-level tuple is never closed; mkfs ignores it and keeps the previous one' });
  }
  return { root: root!, notes };
}

function discriminatorError(c: number, name: string): [string, string] {
  const shown = c >= 0x20 && c !== 0x7f ? ` ('${String.fromCodePoint(c)}')` : '';
  const head = `unknown property discriminator ${c}${shown}`;
  if (c === OPEN_PAREN || c === OPEN_BRACKET) {
    // The `key: (` mistake: the space made the value an empty string and the bracket a new name.
    const what = name === '' ? `'${String.fromCodePoint(c)}' is read as the start of a name here, not as a value` : `expected ':' after the name ${JSON.stringify(name)}`;
    return [`${head}: ${what}`, "write 'name:(' and 'name:[' with nothing between the colon and the bracket (spec §A.3)"];
  }
  return [`${head}: expected ':' after the name ${JSON.stringify(name)}`, "quote names that hold spaces, '/', '|', '(' or other separators"];
}

/** Encode a JS string to UTF-8 bytes, refusing lone surrogates (which have no UTF-8 form). */
function stringBytes(s: string, file: string): Uint8Array {
  const bad = loneSurrogateIndex(s);
  if (bad >= 0) {
    const before = s.slice(0, bad);
    const line = before.split('\n').length;
    const column = [...before.slice(before.lastIndexOf('\n') + 1)].length + 1;
    throw new MinopsError('MANIFEST_SYNTAX', 'a lone UTF-16 surrogate is not valid UTF-8', { where: { file, line, column } });
  }
  return Buffer.from(s, 'utf8');
}
