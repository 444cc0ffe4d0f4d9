// A push parser for tar streams: chunks in, entries out, synchronously. Synchronous on purpose:
// the extractor writes with blocking calls, so a chunk is fully applied before the next is read,
// which is all the backpressure we need and far cheaper than a promise per entry.
// Framing rules: two zero blocks end the archive (anything after is ignored); one zero block
// followed by a header is an error; metadata records (PAX, GNU long names) are capped; global
// PAX headers are ignored; data that ends early is ARCHIVE_TRUNCATED.
import { MinopsError } from '../../errors.js';
import { BLOCK, decodeHeader, isZeroBlock, type RawHeader } from './header.js';
import { decodePax, paxNumber } from './pax.js';

/** An entry after PAX and GNU long-name records are applied. Names are raw bytes. */
export interface TarEntry {
  name: Buffer;
  linkname: Buffer;
  /** The typeflag character: '0' file, '1' hard link, '2' symlink, '5' dir, … */
  type: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  /** Byte offset of the entry's data in the stream (for reading members of a file later). */
  dataOffset: number;
}

/** Receives an entry's data; returned by the handler, or null to discard the data. */
export interface EntrySink {
  write(chunk: Buffer): void;
  end(): void;
}

export interface TarParserOptions {
  onEntry(entry: TarEntry): EntrySink | null;
  onWarning?(message: string): void;
  /** Largest PAX or GNU long-name record accepted (default 1 MiB). */
  maxMetadataBytes?: number;
}

type State =
  | { kind: 'header' }
  | { kind: 'data'; entry: TarEntry; sink: EntrySink | null; left: number; padding: number }
  | { kind: 'meta'; type: string; parts: Buffer[]; left: number; padding: number; size: number }
  | { kind: 'padding'; left: number }
  | { kind: 'end' };

const META_TYPES = new Set(['x', 'g', 'L', 'K']);

export class TarParser {
  /** Bytes consumed so far. */
  position = 0;
  private state: State = { kind: 'header' };
  private pending: Buffer | null = null;
  private zeroBlocks = 0;
  private pax: Map<string, Buffer> | null = null;
  private longName: Buffer | null = null;
  private longLink: Buffer | null = null;
  private readonly maxMeta: number;

  constructor(private readonly options: TarParserOptions) {
    this.maxMeta = options.maxMetadataBytes ?? 1024 * 1024;
  }

  get ended(): boolean {
    return this.state.kind === 'end';
  }

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      const state = this.state;
      switch (state.kind) {
        case 'end':
          this.position += chunk.length - at;
          return;
        case 'header': {
          let block: Buffer;
          if (this.pending === null && chunk.length - at >= BLOCK) {
            block = chunk.subarray(at, at + BLOCK);
            at += BLOCK;
          } else {
            const have = this.pending?.length ?? 0;
            const take = Math.min(BLOCK - have, chunk.length - at);
            const piece = chunk.subarray(at, at + take);
            this.pending = this.pending === null ? Buffer.from(piece) : Buffer.concat([this.pending, piece]);
            at += take;
            if (this.pending.length < BLOCK) continue;
            block = this.pending;
            this.pending = null;
          }
          this.position += BLOCK;
          this.readHeader(block);
          break;
        }
        case 'data': {
          const take = Math.min(state.left, chunk.length - at);
          if (take > 0) state.sink?.write(chunk.subarray(at, at + take));
          state.left -= take;
          at += take;
          this.position += take;
          if (state.left === 0) {
            state.sink?.end();
            this.state = state.padding > 0 ? { kind: 'padding', left: state.padding } : { kind: 'header' };
          }
          break;
        }
        case 'meta': {
          const take = Math.min(state.left, chunk.length - at);
          state.parts.push(Buffer.from(chunk.subarray(at, at + take)));
          state.left -= take;
          at += take;
          this.position += take;
          if (state.left === 0) {
            this.readMeta(state.type, Buffer.concat(state.parts));
            this.state = state.padding > 0 ? { kind: 'padding', left: state.padding } : { kind: 'header' };
          }
          break;
        }
        case 'padding': {
          const take = Math.min(state.left, chunk.length - at);
          state.left -= take;
          at += take;
          this.position += take;
          if (state.left === 0) this.state = { kind: 'header' };
          break;
        }
      }
    }
  }

  /** The input is over: anything unfinished is a truncated archive. */
  end(): void {
    const state = this.state;
    if (state.kind === 'end') return;
    if (this.position === 0 && this.pending === null) {
      throw new MinopsError('ARCHIVE_INVALID', 'the archive is empty (0 bytes), not a tar archive');
    }
    if (this.pending !== null) {
      throw new MinopsError('ARCHIVE_TRUNCATED', `the archive ends inside a header (${this.pending.length} of 512 bytes, at byte ${this.position})`);
    }
    if (state.kind === 'data') {
      const name = state.entry.name.toString('utf8');
      throw new MinopsError('ARCHIVE_TRUNCATED', `the archive ends inside "${name}": ${state.entry.size - state.left} of ${state.entry.size} bytes`);
    }
    if (state.kind === 'meta') {
      throw new MinopsError('ARCHIVE_TRUNCATED', `the archive ends inside a ${state.type} metadata record`);
    }
    // A missing end-of-archive marker (or the last padding) after complete entries is tolerated.
    this.state = { kind: 'end' };
  }

  private readHeader(block: Buffer): void {
    if (isZeroBlock(block)) {
      this.zeroBlocks++;
      if (this.zeroBlocks === 2) this.state = { kind: 'end' };
      return;
    }
    if (this.zeroBlocks > 0) {
      throw new MinopsError('ARCHIVE_INVALID', `a lone zero block at byte ${this.position - 2 * BLOCK} is followed by more entries`);
    }
    const header = decodeHeader(block);
    const padding = (BLOCK - (header.size % BLOCK)) % BLOCK;
    if (META_TYPES.has(header.type)) {
      if (header.size > this.maxMeta) {
        throw new MinopsError('ARCHIVE_UNSAFE', `a ${header.type} metadata record of ${header.size} bytes is over the ${this.maxMeta}-byte limit`);
      }
      this.state = { kind: 'meta', type: header.type, parts: [], left: header.size, padding, size: header.size };
      if (header.size === 0) this.finishEmptyMeta(header.type, padding);
      return;
    }
    if (header.type === 'S') {
      throw new MinopsError('ARCHIVE_INVALID', `"${header.name.toString('utf8')}" is a GNU sparse file, which is not supported`);
    }
    const entry = this.applyMeta(header);
    const entryPadding = (BLOCK - (entry.size % BLOCK)) % BLOCK;
    const sink = this.options.onEntry(entry);
    if (entry.size === 0) {
      sink?.end();
      this.state = { kind: 'header' };
      return;
    }
    this.state = { kind: 'data', entry, sink, left: entry.size, padding: entryPadding };
  }

  private finishEmptyMeta(type: string, padding: number): void {
    this.readMeta(type, Buffer.alloc(0));
    this.state = padding > 0 ? { kind: 'padding', left: padding } : { kind: 'header' };
  }

  private readMeta(type: string, body: Buffer): void {
    switch (type) {
      case 'x':
        this.pax = decodePax(body);
        if ([...this.pax.keys()].some((k) => k.startsWith('GNU.sparse.'))) {
          throw new MinopsError('ARCHIVE_INVALID', 'a PAX sparse file, which is not supported');
        }
        return;
      case 'g':
        // Global records would silently rename every later entry; we honour none of them.
        this.options.onWarning?.('a global PAX header was ignored');
        return;
      case 'L':
        this.longName = stripNuls(body);
        return;
      case 'K':
        this.longLink = stripNuls(body);
        return;
    }
  }

  private applyMeta(header: RawHeader): TarEntry {
    const entry: TarEntry = {
      name: header.name,
      linkname: header.linkname,
      type: header.type,
      mode: header.mode,
      uid: header.uid,
      gid: header.gid,
      size: header.size,
      mtime: header.mtime,
      dataOffset: this.position,
    };
    if (this.longName) entry.name = this.longName;
    if (this.longLink) entry.linkname = this.longLink;
    const pax = this.pax;
    if (pax) {
      const path = pax.get('path');
      const linkpath = pax.get('linkpath');
      const size = pax.get('size');
      const mtime = pax.get('mtime');
      const uid = pax.get('uid');
      const gid = pax.get('gid');
      if (path) entry.name = path;
      if (linkpath) entry.linkname = linkpath;
      if (size) entry.size = paxNumber(size, 'size');
      if (mtime) entry.mtime = paxNumber(mtime, 'mtime');
      if (uid) entry.uid = paxNumber(uid, 'uid');
      if (gid) entry.gid = paxNumber(gid, 'gid');
    }
    this.pax = null;
    this.longName = null;
    this.longLink = null;
    return entry;
  }
}

const stripNuls = (body: Buffer): Buffer => {
  const nul = body.indexOf(0);
  return nul < 0 ? body : body.subarray(0, nul);
};
