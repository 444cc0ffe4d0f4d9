// Serial console post-processing, line by line: the console carries the kernel's own lines
// (`[0.802682] NET: ...`, crash dumps, the missing_files block) and, under UEFI, the firmware's,
// mixed with the program's output.
// Pure: text in, text out; the boot driver feeds it chunks as they arrive.
import { FileTraceCollector, parseTraceLine, type FileTrace } from './file-trace.js';

export interface ConsoleFilterOptions {
  /** Drop the lines Nanos prints itself (`--quiet-kernel`). */
  dropKernelLines: boolean;
  /** Drop the missing_files block from the stream (it is returned as a list instead). */
  dropMissingFiles: boolean;
  /** The strace klib traces file lookups (file-trace.ts): take its lines out of the stream and
   * collect the paths, relative ones against this working directory. */
  fileTrace?: { readonly cwd: string };
}

const TIMESTAMPED = /^\[\d+\.\d+\] /;
// What UEFI firmware (OVMF) prints before the kernel starts under --uefi: screen-clearing escape
// sequences and its boot manager's lines (`BdsDxe: loading Boot0001 …`).
const FIRMWARE = /^(?:\x1b\[[0-9;=?]*[A-Za-z])*BdsDxe: |^(?:\x1b\[[0-9;=?]*[A-Za-z])+$/;
// How a Nanos crash dump starts (src/unix/signal.c, src/x86_64/interrupt.c) …
const DUMP_START = /^(\*\*\* (signal \d+ received|Thread context:|Syscall context:)|lastvector: |exception (for|during) )/;
// … and the lines it is made of: registers, frame and stack traces, klibs, the core dump note.
const DUMP_LINE =
  /^(\s*$|\*\*\* |\s*fault address |\s*[a-z0-9_ ]{1,12}: \S.*$|[0-9a-f]{16}:\s+\S+.*$|frame trace:|stack trace:|kernel load offset |loaded klibs:|\s*core dump$)/;
const MISSING_BEGIN = 'missing_files_begin';
const MISSING_END = 'missing_files_end';

export class ConsoleFilter {
  /** Paths the guest failed to open, from the missing_files block (empty until it is printed). */
  readonly missingFiles: string[] = [];
  private partial = '';
  private heldBlank = '';
  private inDump = false;
  private inMissing = false;
  private readonly lineMode: boolean;
  private readonly files?: FileTraceCollector;

  constructor(private readonly options: ConsoleFilterOptions) {
    this.lineMode = options.dropKernelLines || options.dropMissingFiles || options.fileTrace !== undefined;
    if (options.fileTrace) this.files = new FileTraceCollector(options.fileTrace.cwd);
  }

  /** What the file trace saw (undefined without `fileTrace`). */
  fileTrace(): FileTrace | undefined {
    return this.files?.result();
  }

  /** Feeds a chunk; returns the text to show now. Without filtering, text passes at once. */
  push(chunk: string): string {
    const text = this.partial + chunk;
    const lastNl = text.lastIndexOf('\n');
    this.partial = lastNl < 0 ? text : text.slice(lastNl + 1);
    const complete = lastNl < 0 ? '' : text.slice(0, lastNl + 1);
    const lines = complete === '' ? [] : complete.slice(0, -1).split('\n');
    if (!this.lineMode) {
      for (const line of lines) this.observe(line);
      // A partial line is shown now too; it is still kept in `partial` only for the parser.
      const shown = chunk;
      return shown;
    }
    return lines.map((l) => this.filterLine(l)).join('');
  }

  /** End of stream: whatever is left (a last line without a newline). */
  end(): string {
    const rest = this.partial;
    this.partial = '';
    if (!this.lineMode) {
      if (rest) this.observe(rest);
      return '';
    }
    const out = rest ? this.filterLine(rest).replace(/\n$/, '') : '';
    return out + this.flushBlank();
  }

  private observe(line: string): void {
    const l = line.replace(/\r$/, '');
    if (l === MISSING_BEGIN) this.inMissing = true;
    else if (l === MISSING_END) this.inMissing = false;
    else if (this.inMissing) this.missingFiles.push(l);
  }

  private filterLine(rawLine: string): string {
    let raw = rawLine;
    if (this.files) {
      const parsed = parseTraceLine(raw.replace(/\r$/, ''));
      if (parsed.call) {
        this.files.add(parsed.call);
        // The program's own text before the record (a line it had not ended yet) stays.
        if (parsed.text === '') return '';
        raw = parsed.text;
      }
    }
    const line = raw.replace(/\r$/, '');
    const wasMissing = this.inMissing || line === MISSING_BEGIN;
    this.observe(raw);
    if (wasMissing) return this.options.dropMissingFiles ? '' : this.emit(raw);
    if (!this.options.dropKernelLines) return this.emit(raw);
    if (this.inDump) {
      if (DUMP_LINE.test(line)) return '';
      this.inDump = false;
    }
    if (DUMP_START.test(line)) {
      // The blank line Nanos prints before a dump belongs to the dump.
      this.heldBlank = '';
      this.inDump = true;
      return '';
    }
    if (TIMESTAMPED.test(line) || FIRMWARE.test(line)) return '';
    if (line === '') {
      const flushed = this.flushBlank();
      this.heldBlank = `${raw}\n`;
      return flushed;
    }
    return this.emit(raw);
  }

  private emit(raw: string): string {
    return `${this.flushBlank()}${raw}\n`;
  }

  private flushBlank(): string {
    const b = this.heldBlank;
    this.heldBlank = '';
    return b;
  }
}

/** The paths listed between missing_files_begin and missing_files_end in a whole console text. */
export function parseMissingFiles(consoleText: string): string[] {
  const filter = new ConsoleFilter({ dropKernelLines: false, dropMissingFiles: false });
  filter.push(consoleText);
  filter.end();
  return filter.missingFiles;
}
