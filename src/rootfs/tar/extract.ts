// The safe streaming extractor: a tar stream (any AsyncIterable of bytes, e.g. a Readable) into a
// directory. Generic on purpose (rootfs layers, `podman export`, kernel release tarballs).
//   await extractTar(fs.createReadStream(file), dir, { mode: 'flat', onWarning })
// Several layers into one tree: `const w = new TreeWriter(dir)`, then `applyTar(stream, w,
// {mode:'layer'})` per layer and `w.finish()` at the end.
import { MinopsError } from '../../errors.js';
import { TarParser } from './tar-parser.js';
import { TreeWriter, type ExtractMode, type TreeWriterStats } from './tree-writer.js';

export type { ExtractMode } from './tree-writer.js';
export { TreeWriter } from './tree-writer.js';

export interface ExtractOptions {
  /** 'layer' applies OCI whiteouts to what is already in the target; 'flat' keeps .wh.* names. */
  mode: ExtractMode;
  onWarning?: (message: string, entry: string) => void;
  /** Called with the number of archive bytes read, at most once per MiB and at the end. */
  onProgress?: (bytesRead: number) => void;
  /** The archive's name, for error messages. */
  file?: string;
}

export interface ExtractResult extends TreeWriterStats {
  /** Archive bytes read (up to the end-of-archive marker and beyond it). */
  archiveBytes: number;
}

/** Extracts one tar stream into `target` (created if missing) and sets directory times. */
export async function extractTar(source: AsyncIterable<Uint8Array>, target: string, options: ExtractOptions): Promise<ExtractResult> {
  const writer = new TreeWriter(target, { onWarning: options.onWarning });
  const result = await applyTar(source, writer, options);
  writer.finish();
  return result;
}

/** Applies one tar stream to a TreeWriter (one layer of an image). */
export async function applyTar(
  source: AsyncIterable<Uint8Array>,
  writer: TreeWriter,
  options: Omit<ExtractOptions, 'onWarning'>,
): Promise<ExtractResult> {
  writer.beginLayer(options.mode);
  const parser = new TarParser({
    onEntry: (entry) => writer.entry(entry),
    onWarning: (message) => writer.warn(message),
  });
  let reported = 0;
  try {
    for await (const chunk of source) {
      parser.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      if (options.onProgress && parser.position - reported >= 1 << 20) {
        reported = parser.position;
        options.onProgress(reported);
      }
    }
    parser.end();
  } catch (e) {
    writer.abort();
    if (e instanceof MinopsError && options.file !== undefined && !e.where?.file) {
      // The file goes in `where`, which the CLI prints before the message (not twice).
      throw new MinopsError(e.code, e.message, {
        where: { ...e.where, file: options.file },
        hint: e.hint,
        cause: e.cause,
      });
    }
    throw e;
  }
  options.onProgress?.(parser.position);
  return { ...writer.stats, archiveBytes: parser.position };
}
