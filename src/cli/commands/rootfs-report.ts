// `minops rootfs report`: what goes into the image for SCRIPT, and why.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuildSettings } from '../../config/build-settings.js';
import { buildReport } from '../../report/build-report.js';
import { renderHtml } from '../../report/render-html.js';
import { renderJson } from '../../report/render-json.js';
import { renderText } from '../../report/render-text.js';
import { buildPlan } from '../build-plan.js';
import type { Command } from '../io.js';

export interface RootfsReportOptions {
  /** The Python script, as the user named it. */
  script: string;
  /** Arguments for the script (after `--`), appended to config Args. */
  scriptArgs: string[];
  settings: BuildSettings;
  /** Also write an HTML report here. */
  html?: string;
}

export const rootfsReportCommand: Command<RootfsReportOptions> = async (options, io) => {
  const { plan, rootfs } = await buildPlan({ ...options, debugExit: false, onEvent: io.onEvent });
  const report = await buildReport(plan, rootfs.root);
  if (options.html !== undefined) {
    const file = path.resolve(options.html);
    await writeFile(file, renderHtml(report));
    io.err(`wrote ${file}\n`);
  }
  io.out(io.json ? renderJson(report) : renderText(report, { all: io.verbose }));
  return 0;
};
