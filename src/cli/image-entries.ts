// The image cache on disk: images/<key>/ holds disk.img and entry.json (the image's seal and where
// its root log ends). An entry is written whole in a scratch directory and renamed into place, so
// several minops at once either see it complete or not at all; when two build the same key, the
// first rename wins and the other uses it. An entry is used only after its seal checks (one fstat
// while nothing touched it); a damaged one is removed with a one-line notice and built again. The
// directory's mtime is the entry's last use: past the cap, least recently used entries go first.
import fs from 'node:fs';
import path from 'node:path';
import { discardEntry, isScratchName, scratchPath, sweepScratch } from '../cache-scratch.js';
import { diskBytes } from '../disk-bytes.js';
import type { OnEvent } from '../events.js';
import { checkSeal, sealOf, type FileSeal } from '../file-seal.js';
import { readRootLog, type RootLog } from '../image/root-update.js';

const DISK = 'disk.img';
const RECORD = 'entry.json';

export interface EntryRecord {
  key: string;
  seal: FileSeal;
  rootLog: RootLog;
  createdAt: string;
}

export interface OpenedEntry {
  key: string;
  /** The image file; `fd` is open on it (the caller closes it). */
  file: string;
  fd: number;
  record: EntryRecord;
}

const entryDir = (cacheDir: string, key: string): string => path.join(cacheDir, key);

function readRecord(dir: string): EntryRecord | undefined {
  try {
    const record = JSON.parse(fs.readFileSync(path.join(dir, RECORD), 'utf8')) as EntryRecord;
    return typeof record.seal?.sha256 === 'string' && typeof record.rootLog?.tail === 'object' ? record : undefined;
  } catch {
    return undefined;
  }
}

function writeRecord(dir: string, record: EntryRecord): void {
  const tmp = scratchPath(dir, 'entry');
  fs.writeFileSync(tmp, `${JSON.stringify(record)}\n`);
  fs.renameSync(tmp, path.join(dir, RECORD));
}

/** The entry for `key` when it is whole (opened first, then checked: an eviction racing with us
 * cannot take the file away); undefined when it is missing or was damaged (and is now removed). */
export function openEntry(cacheDir: string, key: string, onEvent: OnEvent): OpenedEntry | undefined {
  const dir = entryDir(cacheDir, key);
  const file = path.join(dir, DISK);
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    // No entry, or an entry whose image is gone: the latter is damage to say.
    if (fs.existsSync(dir)) damaged(dir, key, 'its image is missing', onEvent);
    return undefined;
  }
  const record = readRecord(dir);
  const check = record ? checkSeal(fd, record.seal) : { ok: false as const, why: 'its record is missing or unreadable' };
  if (!check.ok || !record) {
    fs.closeSync(fd);
    damaged(dir, key, check.ok ? 'no record' : check.why, onEvent);
    return undefined;
  }
  if (check.renewed) writeRecord(dir, { ...record, seal: check.renewed });
  touch(dir);
  return { key, file, fd, record };
}

function damaged(dir: string, key: string, why: string, onEvent: OnEvent): void {
  onEvent({ kind: 'notice', message: `image cache: ${key} is damaged (${why}); building it again` });
  discardEntry(dir);
}

function touch(dir: string): void {
  const now = new Date();
  try {
    fs.utimesSync(dir, now, now);
  } catch {
    // evicted meanwhile: we hold the file open, which is all this run needs
  }
}

/** Writes the image for `key` with `write(file)` and publishes it; the entry that won is returned. */
export async function publishEntry(cacheDir: string, key: string, write: (file: string) => Promise<void>, onEvent: OnEvent): Promise<OpenedEntry> {
  fs.mkdirSync(cacheDir, { recursive: true });
  sweepScratch(cacheDir);
  const scratch = scratchPath(cacheDir, key);
  fs.mkdirSync(scratch);
  try {
    const file = path.join(scratch, DISK);
    await write(file);
    const fd = fs.openSync(file, 'r');
    let seal: FileSeal;
    try {
      seal = sealOf(fd);
    } finally {
      fs.closeSync(fd);
    }
    writeRecord(scratch, { key, seal, rootLog: await readRootLog(file), createdAt: new Date().toISOString() });
    try {
      fs.renameSync(scratch, entryDir(cacheDir, key));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw e;
      // Another minops published the same key first: theirs is as good as ours.
    }
    const opened = openEntry(cacheDir, key, onEvent);
    if (!opened) throw new Error(`image cache entry ${key} vanished right after it was written`);
    return opened;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

export interface ListedImage {
  key: string;
  /** Bytes on disk (allocated blocks: the images are sparse). */
  bytes: number;
  lastUsed: Date;
  createdAt?: string;
}

/** Entries, least recently used first. */
export function listImages(cacheDir: string): ListedImage[] {
  let names: string[];
  try {
    names = fs.readdirSync(cacheDir);
  } catch {
    return [];
  }
  const out: ListedImage[] = [];
  for (const name of names) {
    if (isScratchName(name)) continue;
    const dir = entryDir(cacheDir, name);
    const st = fs.statSync(dir, { throwIfNoEntry: false });
    if (!st) continue;
    out.push({ key: name, bytes: diskBytes(dir), lastUsed: st.mtime, createdAt: readRecord(dir)?.createdAt });
  }
  return out.sort((a, b) => a.lastUsed.getTime() - b.lastUsed.getTime() || a.key.localeCompare(b.key));
}

/** Removes least recently used entries until the cache holds at most `capBytes`; `keep` stays. */
export function evictImages(cacheDir: string, capBytes: number, keep: string): { removed: string[]; freedBytes: number } {
  sweepScratch(cacheDir);
  const entries = listImages(cacheDir);
  let total = entries.reduce((n, e) => n + e.bytes, 0);
  const removed: string[] = [];
  let freedBytes = 0;
  for (const e of entries) {
    if (total <= capBytes) break;
    if (e.key === keep) continue;
    if (discardEntry(entryDir(cacheDir, e.key))) {
      removed.push(e.key);
      freedBytes += e.bytes;
    }
    total -= e.bytes;
  }
  return { removed, freedBytes };
}

/** Removes every entry (and what older minops versions left in the folder). */
export function pruneImages(cacheDir: string): { removed: number; freedBytes: number } {
  sweepScratch(cacheDir);
  let removed = 0;
  let freedBytes = 0;
  for (const e of listImages(cacheDir)) {
    if (discardEntry(entryDir(cacheDir, e.key))) {
      removed++;
      freedBytes += e.bytes;
    }
  }
  return { removed, freedBytes };
}
