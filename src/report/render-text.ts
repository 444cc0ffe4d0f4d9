// The report for the terminal: totals, a table per category, the largest files, then every kept
// file with its reason.
import { formatBytes } from './format-bytes.js';
import { categoryLabels, type Report } from './report.js';

export interface TextOptions {
  /** List every kept file (long); otherwise only the largest. */
  readonly all?: boolean;
}

export function renderText(report: Report, options: TextOptions = {}): string {
  const lines: string[] = [];
  const of = report.beforeScope ? 'the Python installation' : 'the rootfs';
  const pct = report.before.bytes > 0 ? ` (${((100 * report.after.bytes) / report.before.bytes).toFixed(1)}% of ${of})` : '';
  lines.push(`minops rootfs report: ${report.args.join(' ')}`);
  lines.push(`rootfs ${report.root}`);
  if (report.selection) lines.push(report.selection);
  if (report.beforeScope) lines.push(`before = the Python installation, not all of ${report.root}: ${report.beforeScope.join(' ')} and every kept file`);
  if (report.missingModules.length > 0) lines.push(`imported but not in the rootfs: ${report.missingModules.join(', ')}`);
  lines.push('');
  lines.push(row(['', 'bytes', 'files', 'ELF files'], [16, 10, 8, 9]));
  const beforeLabel = report.beforeScope ? 'before (python)' : 'before (rootfs)';
  lines.push(row([beforeLabel, formatBytes(report.before.bytes), String(report.before.files), String(report.before.elfFiles)], [16, 10, 8, 9]));
  lines.push(row(['after (image)', formatBytes(report.after.bytes), String(report.after.files), String(report.after.elfFiles)], [16, 10, 8, 9]) + pct);
  lines.push('');
  lines.push(row(['category', 'kept', 'files', 'cut', 'files'], [18, 10, 7, 10, 7]));
  for (const c of report.categories) {
    if (c.keptFiles + c.cutFiles === 0) continue;
    lines.push(row([categoryLabels[c.category], formatBytes(c.keptBytes), String(c.keptFiles), formatBytes(c.cutBytes), String(c.cutFiles)], [18, 10, 7, 10, 7]));
  }
  if (report.runtime.length > 0) {
    lines.push('');
    lines.push('run-time dependencies (what no DT_NEEDED walk or import trace sees)');
    for (const r of report.runtime) {
      const who = r.kind === 'dlopen' ? `loaded by ${r.by}` : r.kind === 'data' ? `read by ${r.by}` : 'probe run';
      lines.push(`  ${formatBytes(r.bytes).padStart(8)}  ${String(r.files).padStart(4)} file(s)  ${who}: ${r.why}`);
    }
  }
  lines.push('');
  lines.push('largest kept files');
  for (const f of report.largest) lines.push(`  ${formatBytes(f.size).padStart(8)}  ${f.guest}  (${f.why})`);
  if (options.all) {
    lines.push('');
    lines.push(`every kept file (${report.kept.length})`);
    for (const f of report.kept) lines.push(`  ${formatBytes(f.size).padStart(8)}  ${f.guest}  (${f.why})`);
  }
  if (report.warnings.length > 0) {
    lines.push('');
    lines.push('warnings');
    for (const w of report.warnings) lines.push(`  ${w}`);
  }
  return `${lines.join('\n')}\n`;
}

/** First column left-aligned, the rest right-aligned. */
function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();
}
