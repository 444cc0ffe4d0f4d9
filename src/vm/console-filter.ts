// Serial console post-processing, line by line: the console carries the kernel's own lines
// (`[0.802682] NET: ...`, crash dumps, the missing_files block) and, under UEFI, the firmware's,
// mixed with the program's output. It also recognises the failures the kernel reports in its own
// words (guest-failure.ts); after one whose dump is noise (out of memory) the dump is held back
// unless it is asked for.
// Pure: text in, text out; the boot driver feeds it chunks as they arrive.
import { FileTraceCollector, parseTraceLine, type FileTrace } from './file-trace.js';
import { guestFailureOf, hidesDump, type GuestFailure } from './guest-failure.js';

export interface ConsoleFilterOptions {
  /** Drop the lines Nanos prints itself (`--quiet-kernel`). */
  dropKernelLines: boolean;
  /** Drop the missing_files block from the stream (it is returned as a list instead). */
  dropMissingFiles: boolean;
  /** The strace klib traces file lookups (file-trace.ts): take its lines out of the stream and
   * collect the paths, relative ones against this working directory. */
  fileTrace?: { readonly cwd: string };
  /** Keep the kernel's dump after a recognised failure (--verbose); default false. */
  keepFailureDumps?: boolean;
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
  /** Failures the kernel reported, in the order they came. */
  readonly failures: GuestFailure[] = [];
  private partial = '';
  /** Characters of `partial` already shown (streaming mode shows a line before it ends). */
  private partialShown = 0;
  private heldBlank = '';
  private inDump = false;
  private inMissing = false;
  /** A failure whose dump is to be held back was seen; its dump has not started yet. */
  private dumpAhead = false;
  private inHiddenDump = false;
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
    if (this.lineMode) return lines.map((l) => this.filterLine(l)).join('');
    // Streaming: each line as it ends, and the line in progress at once (minus what was shown of
    // it before), unless a dump is being held back.
    let out = '';
    let shown = this.partialShown;
    for (const line of lines) {
      out += this.streamLine(line).slice(shown);
      shown = 0;
    }
    if (this.holding()) {
      this.partialShown = shown;
    } else {
      out += this.partial.slice(shown);
      this.partialShown = this.partial.length;
    }
    return out;
  }

  /** End of stream: whatever is left (a last line without a newline). */
  end(): string {
    const rest = this.partial;
    const shown = this.partialShown;
    this.partial = '';
    this.partialShown = 0;
    if (!this.lineMode) {
      if (!rest) return this.flushBlank();
      return this.flushBlank() + this.streamLine(rest).replace(/\n$/, '').slice(shown);
    }
    const out = rest ? this.filterLine(rest).replace(/\n$/, '') : '';
    return out + this.flushBlank();
  }

  private observe(line: string): void {
    const l = line.replace(/\r$/, '');
    if (l === MISSING_BEGIN) this.inMissing = true;
    else if (l === MISSING_END) this.inMissing = false;
    else if (this.inMissing) this.missingFiles.push(l);
    else {
      const failure = guestFailureOf(l);
      if (failure) {
        this.failures.push(failure);
        if (hidesDump(failure) && !this.options.keepFailureDumps) this.dumpAhead = true;
      }
    }
  }

  private holding(): boolean {
    return this.dumpAhead || this.inHiddenDump;
  }

  /** After a failure whose dump is noise: the blank line and the dump that follow are dropped. */
  private hiddenDumpLine(line: string): boolean {
    if (this.inHiddenDump) {
      if (DUMP_LINE.test(line)) return true;
      this.inHiddenDump = false;
      return false;
    }
    if (!this.dumpAhead) return false;
    if (DUMP_START.test(line)) {
      this.heldBlank = '';
      this.dumpAhead = false;
      this.inHiddenDump = true;
      return true;
    }
    return false;
  }

  /** Streaming mode: the text to show for one whole line. */
  private streamLine(raw: string): string {
    const line = raw.replace(/\r$/, '');
    const hidden = this.hiddenDumpLine(line);
    this.observe(raw);
    if (hidden) return '';
    if (this.dumpAhead && line === '') {
      this.heldBlank += `${raw}\n`;
      return '';
    }
    this.dumpAhead &&= guestFailureOf(line) !== undefined;
    return this.emit(raw);
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
    if (!this.options.dropKernelLines) {
      if (this.hiddenDumpLine(line)) return '';
      if (this.dumpAhead && line === '') {
        this.heldBlank += `${raw}\n`;
        return '';
      }
      this.dumpAhead &&= guestFailureOf(line) !== undefined;
      return this.emit(raw);
    }
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
