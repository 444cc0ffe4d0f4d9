// One HTTP(S) GET to a file, hashing as it goes. A server that goes quiet is given up on after an
// idle timeout; a body shorter than its Content-Length is "truncated", never a success.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MinopsError } from '../errors.js';
import { noEvents, type OnEvent } from '../events.js';

export interface DownloadOptions {
  /** Give up when no byte arrives for this long. */
  idleTimeoutMs: number;
  onEvent?: OnEvent;
  maxRedirects?: number;
}

export interface Downloaded {
  bytes: number;
  sha256: string;
}

export async function downloadFile(url: string, dest: string, o: DownloadOptions): Promise<Downloaded> {
  const onEvent = o.onEvent ?? noEvents;
  const res = await get(url, o.idleTimeoutMs, o.maxRedirects ?? 5);
  const total = lengthOf(res);
  const hash = createHash('sha256');
  let bytes = 0;
  let lastReport = 0;
  onEvent({ kind: 'start', step: `download ${url}`, ...(total !== undefined ? { total } : {}) });
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      hash.update(chunk);
      if (bytes - lastReport >= 1 << 20) {
        lastReport = bytes;
        onEvent({ kind: 'progress', step: `download ${url}`, done: bytes, ...(total !== undefined ? { total } : {}) });
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(res, counter, createWriteStream(dest, { flags: 'wx' }));
  } catch (e) {
    throw failure(url, stalledOrTruncated(e, bytes, total, o.idleTimeoutMs), e);
  }
  if (total !== undefined && bytes !== total) throw failure(url, `truncated: got ${bytes} of ${total} bytes`);
  onEvent({ kind: 'end', step: `download ${url}` });
  return { bytes, sha256: hash.digest('hex') };
}

/** The body of a small text resource (latest.txt). */
export async function downloadText(url: string, idleTimeoutMs: number, maxBytes = 4096): Promise<string> {
  const res = await get(url, idleTimeoutMs, 5);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw failure(url, `more than ${maxBytes} bytes for a version name`);
      chunks.push(chunk);
    }
  } catch (e) {
    if (e instanceof MinopsError) throw e;
    throw failure(url, stalledOrTruncated(e, size, lengthOf(res), idleTimeoutMs), e);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function get(url: string, idleTimeoutMs: number, redirectsLeft: number): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (e) {
      reject(failure(url, 'not a valid URL', e));
      return;
    }
    const client = parsed.protocol === 'https:' ? https : parsed.protocol === 'http:' ? http : undefined;
    if (!client) {
      reject(failure(url, `unsupported protocol ${parsed.protocol}`));
      return;
    }
    const req = client.get(parsed, { timeout: idleTimeoutMs }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (redirectsLeft <= 0) reject(failure(url, 'too many redirects'));
        else get(new URL(res.headers.location, parsed).toString(), idleTimeoutMs, redirectsLeft - 1).then(resolve, reject);
        return;
      }
      if (status !== 200) {
        res.resume();
        reject(failure(url, status === 404 ? 'not found (HTTP 404)' : `HTTP ${status} ${res.statusMessage ?? ''}`.trim()));
        return;
      }
      // The idle timeout keeps applying to the body: a server that stops mid-way is cut off.
      res.setTimeout(idleTimeoutMs, () => res.destroy(new StallError()));
      resolve(res);
    });
    req.on('timeout', () => req.destroy(new StallError()));
    req.on('error', (e) => reject(failure(url, stalledOrTruncated(e, 0, undefined, idleTimeoutMs), e)));
  });
}

class StallError extends Error {
  constructor() {
    super('stalled');
  }
}

function lengthOf(res: http.IncomingMessage): number | undefined {
  const n = Number(res.headers['content-length']);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function stalledOrTruncated(e: unknown, bytes: number, total: number | undefined, idleTimeoutMs: number): string {
  if (e instanceof StallError) return `the server sent nothing for ${idleTimeoutMs / 1000} s (after ${bytes} bytes)`;
  if (total !== undefined && bytes < total) return `truncated: got ${bytes} of ${total} bytes`;
  const msg = e instanceof Error ? e.message : String(e);
  return bytes > 0 ? `the connection broke after ${bytes} bytes (${msg})` : msg;
}

function failure(url: string, what: string, cause?: unknown): MinopsError {
  return new MinopsError('DOWNLOAD_FAILED', `download of ${url} failed: ${what}`, {
    where: { file: url },
    hint: 'check the network (or MINOPS_RELEASE_URL), or use --kernel-dir with a kernel you already have',
    cause,
  });
}
