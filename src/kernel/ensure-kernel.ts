// What `minops run` uses: a kernel found locally, else one fetched once (saying so). Without a
// kernel and without network the error lists every place searched and why the fetch failed.
import { MinopsError } from '../errors.js';
import { noEvents, type OnEvent } from '../events.js';
import type { FetchKernelOptions } from './fetch-kernel.js';
import { describeSearch, FETCH_HINT, findKernel, listKernels, type FoundKernel } from './find-kernel.js';
import type { KernelSearchOptions } from './kernel-places.js';
import { damageOf, RELEASE_RECORD } from './kernel-seals.js';

export interface EnsureKernelOptions extends KernelSearchOptions {
  onEvent?: OnEvent;
  /** Passed to fetchKernel when nothing is found (tests: baseUrl, cacheDir). */
  fetch?: Omit<FetchKernelOptions, 'version' | 'onEvent' | 'env'>;
}

export async function ensureKernel(o: EnsureKernelOptions = {}): Promise<FoundKernel> {
  const onEvent = o.onEvent ?? noEvents;
  try {
    return await wholeKernel(findKernel(o), o);
  } catch (e) {
    if (!(e instanceof MinopsError) || e.code !== 'KERNEL_MISSING') throw e;
  }
  const what = o.version ? `Nanos ${o.version}` : 'the latest Nanos release';
  onEvent({ kind: 'notice', message: `no Nanos kernel found; fetching ${what} (once; later runs use the cached copy)` });
  // The downloader (and node:http with it) loads only when a kernel is really fetched.
  const { fetchKernel } = await import('./fetch-kernel.js');
  try {
    return await fetchKernel({ ...o.fetch, version: o.version, onEvent, ...(o.env ? { env: o.env } : {}) });
  } catch (e) {
    if (!(e instanceof MinopsError) || e.code !== 'DOWNLOAD_FAILED') throw e;
    const lines = [`no Nanos kernel found, and fetching one failed; looked in:`, ...describeSearch(listKernels(o)), `fetch: ${e.message}`];
    throw new MinopsError('KERNEL_MISSING', lines.join('\n'), { where: e.where, hint: FETCH_HINT, cause: e });
  }
}

/** A kernel from minops's own cache is checked against the seals recorded when it was fetched; a
 * damaged one is fetched again (saying so). Kernels the user keeps elsewhere are used as they are. */
export async function wholeKernel(found: FoundKernel, o: EnsureKernelOptions = {}): Promise<FoundKernel> {
  if (found.source !== 'cache') return found;
  const why = damageOf(found.dir, RELEASE_RECORD);
  if (why === undefined) return found;
  o.onEvent?.({ kind: 'notice', message: `kernel cache: Nanos ${found.version} is damaged (${why}); fetching it again` });
  const { fetchKernel } = await import('./fetch-kernel.js');
  return fetchKernel({ ...o.fetch, version: found.version, force: true, onEvent: o.onEvent, ...(o.env ? { env: o.env } : {}) });
}
