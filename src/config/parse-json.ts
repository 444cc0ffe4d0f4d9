// A JSON parser that keeps the line:col of every value and key, so config errors can point at
// the exact spot. JSON.parse gives neither key positions nor, on Node 20, reliable line:col.

export interface Position {
  line: number; // 1-based
  column: number; // 1-based, in UTF-16 code units
}

export type JsonNode =
  | { kind: 'object'; pos: Position; entries: JsonEntry[] }
  | { kind: 'array'; pos: Position; items: JsonNode[] }
  | { kind: 'string'; pos: Position; value: string }
  | { kind: 'number'; pos: Position; value: number }
  | { kind: 'boolean'; pos: Position; value: boolean }
  | { kind: 'null'; pos: Position };

export interface JsonEntry {
  key: string;
  keyPos: Position;
  value: JsonNode;
}

export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
  constructor(
    message: string,
    readonly pos: Position,
  ) {
    super(message);
  }
}

/** Parse JSON text (a leading BOM is allowed) into a positioned tree; throws JsonSyntaxError. */
export function parseJson(text: string): JsonNode {
  const p = new Parser(text);
  p.skipBom();
  p.skipSpace();
  const node = p.value(0);
  p.skipSpace();
  if (!p.atEnd()) p.fail(`unexpected ${p.describe()} after the JSON value`);
  return node;
}

/** The plain JS value of a node (objects: last duplicate key wins, like Go and JSON.parse). */
export function toPlain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) Object.defineProperty(out, e.key, { value: toPlain(e.value), enumerable: true, configurable: true, writable: true });
      return out;
    }
    case 'array':
      return node.items.map(toPlain);
    case 'null':
      return null;
    default:
      return node.value;
  }
}

// Deep nesting is a stack-overflow risk; no real config comes near this.
const maxDepth = 200;

class Parser {
  private i = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly s: string) {}

  skipBom(): void {
    if (this.s.charCodeAt(0) === 0xfeff) {
      this.i = 1;
      this.lineStart = 1;
    }
  }

  atEnd(): boolean {
    return this.i >= this.s.length;
  }

  pos(): Position {
    return { line: this.line, column: this.i - this.lineStart + 1 };
  }

  fail(message: string, pos = this.pos()): never {
    throw new JsonSyntaxError(message, pos);
  }

  describe(): string {
    if (this.atEnd()) return 'end of file';
    return `character ${JSON.stringify(this.s[this.i])}`;
  }

  skipSpace(): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === '\n') {
        this.i++;
        this.line++;
        this.lineStart = this.i;
      } else if (c === ' ' || c === '\t' || c === '\r') this.i++;
      else return;
    }
  }

  value(depth: number): JsonNode {
    if (depth > maxDepth) this.fail(`nested deeper than ${maxDepth} levels`);
    const pos = this.pos();
    const c = this.s[this.i];
    if (c === '{') return this.object(pos, depth);
    if (c === '[') return this.array(pos, depth);
    if (c === '"') return { kind: 'string', pos, value: this.string() };
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return { kind: 'number', pos, value: this.number() };
    for (const [word, node] of [
      ['true', { kind: 'boolean', pos, value: true }],
      ['false', { kind: 'boolean', pos, value: false }],
      ['null', { kind: 'null', pos }],
    ] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return node;
      }
    }
    this.fail(`expected a JSON value, found ${this.describe()}`);
  }

  object(pos: Position, depth: number): JsonNode {
    this.i++; // {
    const entries: JsonEntry[] = [];
    this.skipSpace();
    if (this.s[this.i] === '}') {
      this.i++;
      return { kind: 'object', pos, entries };
    }
    for (;;) {
      this.skipSpace();
      if (this.s[this.i] !== '"') this.fail(this.s[this.i] === '}' ? 'trailing comma before "}"' : `expected a property name in double quotes, found ${this.describe()}`);
      const keyPos = this.pos();
      const key = this.string();
      this.skipSpace();
      if (this.s[this.i] !== ':') this.fail(`expected ":" after property name "${key}", found ${this.describe()}`);
      this.i++;
      this.skipSpace();
      entries.push({ key, keyPos, value: this.value(depth + 1) });
      this.skipSpace();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === '}') {
        this.i++;
        return { kind: 'object', pos, entries };
      }
      this.fail(`expected "," or "}" after the value of "${key}", found ${this.describe()}`);
    }
  }

  array(pos: Position, depth: number): JsonNode {
    this.i++; // [
    const items: JsonNode[] = [];
    this.skipSpace();
    if (this.s[this.i] === ']') {
      this.i++;
      return { kind: 'array', pos, items };
    }
    for (;;) {
      this.skipSpace();
      if (this.s[this.i] === ']') this.fail('trailing comma before "]"');
      items.push(this.value(depth + 1));
      this.skipSpace();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === ']') {
        this.i++;
        return { kind: 'array', pos, items };
      }
      this.fail(`expected "," or "]" in array, found ${this.describe()}`);
    }
  }

  string(): string {
    const start = this.pos();
    this.i++; // opening quote
    let out = '';
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) this.fail('unterminated string', start);
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === '\\') {
        const e = this.s[this.i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          this.i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 2, this.i + 6))) {
          out += String.fromCharCode(parseInt(this.s.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else {
          this.i++;
          this.fail(`invalid escape "\\${e ?? ''}" in string`);
        }
        continue;
      }
      if (c < ' ') this.fail(c === '\n' ? 'unterminated string (a newline must be written \\n)' : 'control character in string');
      out += c;
      this.i++;
    }
  }

  number(): number {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (!m) this.fail(`invalid number`);
    const after = this.s[this.i + m[0].length];
    if (after !== undefined && /[0-9A-Za-z.]/.test(after)) this.fail(`invalid number`);
    this.i += m[0].length;
    return Number(m[0]);
  }
}
