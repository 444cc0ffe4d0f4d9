// The HTML report opened in a real headless Chromium: it must render the totals and a treemap a
// person can read, with no network.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { planBundle } from '../../src/bundle/plan-bundle.js';
import { buildReport } from '../../src/report/build-report.js';
import { formatBytes } from '../../src/report/format-bytes.js';
import { renderHtml } from '../../src/report/render-html.js';
import { renderJson } from '../../src/report/render-json.js';
import { debianPythonRootfs, hasCommand, repoRoot } from '../support/debian-rootfs.js';
import { describeWith, need } from '../support/needs.js';

const chromium = '/usr/bin/chromium';
const hasChromium = hasCommand(chromium);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'minops-html-'));

function chrome(args: string[]): string {
  return execFileSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-default-apps',
      '--disable-sync',
      '--no-first-run',
      '--hide-scrollbars',
      `--user-data-dir=${path.join(tmp, 'profile')}`,
      '--window-size=1200,900',
      ...args,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
  );
}

/** Distinct RGB colours in an 8-bit RGB/RGBA PNG (filters undone), so a blank page fails. */
function pngColours(png: Buffer): number {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const len = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8);
      channels = data[9] === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const prev = Buffer.alloc(stride);
  const colours = new Set<number>();
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? line[i - channels]! : 0;
      const b = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const add = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter]!;
      line[i] = (line[i]! + add) & 0xff;
    }
    line.copy(prev);
    for (let x = 0; x < width; x += 3) colours.add((line[x * channels]! << 16) | (line[x * channels + 1]! << 8) | line[x * channels + 2]!);
  }
  return colours.size;
}

describeWith([need('chromium', hasChromium, '/usr/bin/chromium is missing (apt-get install chromium)')], 'HTML report in headless Chromium', () => {
  test('renders the totals and a treemap of kept and cut tiles, screenshot not blank', async () => {
    const root = debianPythonRootfs();
    const plan = await planBundle({ root, script: path.join(repoRoot, 'examples/stdlib_mix.py'), scriptArgs: [], slim: 'imports', env: [], includes: [], excludes: [], allowMissing: false, cacheDir: path.join(tmp, 'cache') });
    const report = await buildReport(plan, root);
    const html = renderHtml(report);
    expect(html).not.toMatch(/(?:src|href)=["']?https?:/);
    const file = path.join(tmp, 'report.html');
    writeFileSync(file, html);
    JSON.parse(renderJson(report));

    const dom = chrome(['--dump-dom', `file://${file}`]);
    expect(dom).toContain(`<b>${formatBytes(report.after.bytes)}</b>${report.after.files} files, ${report.after.elfFiles} ELF`);
    expect(dom).toContain(`<b>${formatBytes(report.before.bytes)}</b>${report.before.files} files, ${report.before.elfFiles} ELF`);
    const keptTiles = dom.match(/<rect class="kept c-[a-z-]+"/g) ?? [];
    const cutTiles = dom.match(/<rect class="cut"/g) ?? [];
    expect(keptTiles.length).toBeGreaterThanOrEqual(Math.min(report.kept.length, 20));
    expect(cutTiles.length).toBeGreaterThan(20);
    // Set by the page's own script: it ran and found every tile.
    expect(dom).toMatch(new RegExp(`<body data-tiles="${keptTiles.length + cutTiles.length}"`));

    const shot = path.join(tmp, 'shot.png');
    chrome([`--screenshot=${shot}`, `file://${file}`]);
    expect(pngColours(readFileSync(shot))).toBeGreaterThan(8);
  });
});
