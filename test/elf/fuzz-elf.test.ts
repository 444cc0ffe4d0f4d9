// Mutated ELF files: whatever the bytes, parseElf returns a result or throws ELF_MALFORMED naming
// the file; it never throws anything else, never loops, and never asks for more than a bounded
// number of bytes. Mutations are seeded, so a failure names a case that can be replayed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseElf } from '../../src/elf/parse-elf.js';
import { readElfSync } from '../../src/elf/read-elf.js';
import { RootView } from '../../src/resolve-in-root.js';
import { isMinopsError } from '../../src/errors.js';
import { debianPythonRootfs } from '../support/debian-rootfs.js';

const root = debianPythonRootfs();
const view = new RootView(root);
// Small real files: a plain library, one with DT_SONAME + versioning, one with RUNPATH=$ORIGIN.
const seeds: Uint8Array[] = ['/usr/lib/x86_64-linux-gnu/libdl.so.2', '/usr/lib/x86_64-linux-gnu/libBrokenLocale.so.1', '/usr/lib/x86_64-linux-gnu/gconv/EUC-KR.so']
  .map((g) => new Uint8Array(readFileSync(view.host(view.resolve(g).guest))));

/** No request may exceed this, whatever the input says (1 MiB string window + 64 KiB path). */
const MAX_REQUEST = (1 << 20) + 65536 + 16;
const MAX_STEPS = 20_000; // generous: 4096 DT_NEEDED strings would need 4096 steps without a window

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const interesting = [0, 1, 2, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0xffffffff, 0x10000, 56, 64, 4096];

/** Where the fields worth hitting are in a 64-bit little-endian seed. */
function fieldOffsets(b: Uint8Array): number[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const phoff = Number(dv.getBigUint64(32, true));
  const phnum = dv.getUint16(56, true);
  const out = [16, 18, 32, 54, 56];
  let dynOff = 0;
  let dynSize = 0;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * 56;
    out.push(at, at + 8, at + 16, at + 32);
    if (dv.getUint32(at, true) === 2) {
      dynOff = Number(dv.getBigUint64(at + 8, true));
      dynSize = Number(dv.getBigUint64(at + 32, true));
    }
  }
  for (let at = dynOff; at < dynOff + dynSize; at += 16) out.push(at, at + 8);
  return out;
}

const seedFields = new Map(seeds.map((s) => [s, fieldOffsets(s)]));

function mutate(seed: Uint8Array, rand: () => number): Uint8Array {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const b = new Uint8Array(seed);
  const fields = seedFields.get(seed)!;
  const kind = Math.floor(rand() * 6);
  const rounds = 1 + Math.floor(rand() * 4);
  for (let r = 0; r < rounds; r++) {
    if (kind === 0) return b.subarray(0, Math.floor(rand() * b.length)); // truncated
    if (kind === 1) b[Math.floor(rand() * Math.min(b.length, 8192))] = Math.floor(rand() * 256); // header area
    else if (kind === 2) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
    else if (kind === 3 || kind === 4) {
      // A structure field set to a boundary value: counts, offsets, sizes, tags, string offsets.
      const at = pick(fields);
      const dv = new DataView(b.buffer);
      const v = pick(interesting) + (rand() < 0.3 ? Math.floor(rand() * 64) : 0);
      if (kind === 3 && at + 4 <= b.length) dv.setUint32(at, v >>> 0, true);
      else if (at + 8 <= b.length) dv.setBigUint64(at, rand() < 0.2 ? 0xffffffffffffffffn : BigInt(v >>> 0) * (rand() < 0.5 ? 1n : 0x100000000n), true);
    } else {
      // String table without NULs: a run of 'A's over a random stretch.
      const at = Math.floor(rand() * b.length);
      b.fill(0x41, at, Math.min(b.length, at + Math.floor(rand() * 65536)));
    }
  }
  return b;
}

/** Drives the pure codec over memory, checking every request on the way. */
function parseMemory(bytes: Uint8Array, file: string): void {
  const parse = parseElf(file);
  let steps = 0;
  for (let step = parse.next(); !step.done; ) {
    const { offset, length } = step.value;
    if (++steps > MAX_STEPS) throw new Error(`${file}: more than ${MAX_STEPS} reads`);
    if (!(Number.isSafeInteger(offset) && offset >= 0 && Number.isSafeInteger(length) && length >= 0 && length <= MAX_REQUEST)) {
      throw new Error(`${file}: bad request ${offset}+${length}`);
    }
    step = parse.next(offset >= bytes.length ? new Uint8Array(0) : bytes.subarray(offset, offset + length));
  }
}

function outcome(run: () => void, file: string): 'ok' | 'malformed' {
  try {
    run();
    return 'ok';
  } catch (e) {
    if (isMinopsError(e) && e.code === 'ELF_MALFORMED' && e.message.startsWith(`${file}: `) && e.where?.file === file) return 'malformed';
    throw e;
  }
}

describe('parseElf under mutation', () => {
  test('12,000 mutated files through the pure codec: a result or ELF_MALFORMED naming the file', () => {
    const rand = mulberry32(0x5eed);
    const seen = { ok: 0, malformed: 0 };
    for (let i = 0; i < 12_000; i++) {
      const file = `/fuzz/case-${i}.so`;
      const bytes = mutate(seeds[i % seeds.length]!, rand);
      seen[outcome(() => parseMemory(bytes, file), file)]++;
    }
    // Both outcomes occur, so the mutations reach past the header checks.
    expect(seen.ok).toBeGreaterThan(1000);
    expect(seen.malformed).toBeGreaterThan(1000);
  }, 60_000);

  test('300 mutated files through the file driver', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'minops-elf-fuzz-'));
    try {
      const rand = mulberry32(0xf11e);
      for (let i = 0; i < 300; i++) {
        const file = path.join(dir, `case-${i}.so`);
        writeFileSync(file, mutate(seeds[i % seeds.length]!, rand));
        outcome(() => readElfSync(file, `/fuzz/case-${i}.so`), `/fuzz/case-${i}.so`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('hand-made hostile headers', () => {
    const base = seeds[0]!;
    const withField = (at: number, size: 2 | 4 | 8, v: bigint): Uint8Array => {
      const b = new Uint8Array(base);
      const dv = new DataView(b.buffer);
      if (size === 2) dv.setUint16(at, Number(v), true);
      else if (size === 4) dv.setUint32(at, Number(v), true);
      else dv.setBigUint64(at, v, true);
      return b;
    };
    const message = (b: Uint8Array): string => {
      try {
        parseMemory(b, 'f');
        return 'ok';
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(message(withField(56, 2, 0xfffen))).toBe('f: e_phnum 65534 is over the limit of 4096');
    expect(message(withField(56, 2, 0xffffn))).toMatch(/^f: e_phnum is PN_XNUM/);
    expect(message(withField(32, 8, 0xffffffffffffffffn))).toBe('f: e_phoff 0xffffffffffffffff is out of range');
    expect(message(withField(54, 2, 32n))).toBe('f: e_phentsize is 32, expected 56');
    expect(message(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 3]))).toMatch(/^f: /);
    expect(message(new TextEncoder().encode('#!/bin/sh\necho hi\n'))).toBe('f: not an ELF file (bad magic)');
    expect(message(new Uint8Array(0))).toBe('f: ELF header extends past the end of the file (needs bytes 0..16)');
  });
});
