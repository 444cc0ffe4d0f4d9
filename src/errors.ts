// minops's own failures. The guest's exit status is data, never one of these: only cli/main.ts
// turns a MinopsError into exit status 125.

export type ErrorCode =
  | 'USAGE' // a bad flag or argument
  | 'INPUT_MISSING' // a file the user named does not exist
  | 'INPUT_CHANGED' // a host file changed size or vanished between planning and writing
  | 'CONFIG_INVALID'
  | 'MANIFEST_SYNTAX'
  | 'MANIFEST_BAD_NAME'
  | 'ARCHIVE_UNSAFE'
  | 'ARCHIVE_TRUNCATED'
  | 'ARCHIVE_INVALID'
  | 'DIGEST_MISMATCH'
  | 'ENGINE_FAILED' // docker/podman said no
  | 'ENGINE_MISSING'
  | 'ELF_MALFORMED'
  | 'LIB_NOT_FOUND'
  | 'PYTHON_NOT_FOUND'
  | 'SCRIPT_SYNTAX' // the user's Python script does not compile
  | 'PYTHON_FAILED' // the rootfs's interpreter, run in the sandbox to find imports or compile, failed
  | 'SANDBOX_FAILED' // bwrap is missing or cannot make the sandbox the rootfs's interpreter runs in
  | 'IMAGE_INVALID' // an image we were asked to read is not TFS / not bootable
  | 'IMAGE_TOO_SMALL'
  | 'MKFS_FAILED'
  | 'IMAGE_CONVERT_FAILED' // qemu-img or tar said no
  | 'TOOL_MISSING' // an external tool (qemu-img, tar) is not installed
  | 'KERNEL_MISSING'
  | 'KERNEL_INVALID'
  | 'DOWNLOAD_FAILED'
  | 'QEMU_MISSING'
  | 'QEMU_FAILED'
  | 'PORT_BUSY'
  | 'NOT_IMPLEMENTED'
  | 'INTERNAL';

/** Which file (and where in it) an error is about. */
export interface Where {
  file: string;
  line?: number;
  column?: number;
  /** A path inside the file: an archive member, a manifest path, an ELF section. */
  entry?: string;
}

export class MinopsError extends Error {
  override name = 'MinopsError';
  readonly code: ErrorCode;
  readonly where?: Where;
  /** What the user can do about it, one sentence. */
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, more: { where?: Where; hint?: string; cause?: unknown } = {}) {
    super(message, { cause: more.cause });
    this.code = code;
    this.where = more.where;
    this.hint = more.hint;
  }
}

export const isMinopsError = (e: unknown): e is MinopsError => e instanceof MinopsError;

/** `file:line:col: message` — the one line the CLI prints for a MinopsError. */
export function formatWhere(where: Where | undefined): string {
  if (!where) return '';
  let s = where.file;
  if (where.entry) s += ` (${where.entry})`;
  if (where.line !== undefined) s += `:${where.line}`;
  if (where.column !== undefined) s += `:${where.column}`;
  return s;
}
