// `--html FILE`: one self-contained page (inline CSS, SVG and a little JS, nothing fetched) whose
// treemap shows at a glance where the rootfs's bytes went: coloured tiles are kept, grey are cut.
import { formatBytes } from './format-bytes.js';
import { categoryLabels, type Category, type Report } from './report.js';
import { squarify, type Rect } from './squarify.js';

const width = 1160;
const height = 640;
const filesPerRegion = 40;

const colors: Record<Category, string> = {
  interpreter: '#d62728',
  'shared-libraries': '#1f77b4',
  'stdlib-source': '#2ca02c',
  bytecode: '#98df8a',
  'extension-modules': '#ff7f0e',
  'site-packages': '#9467bd',
  'user-files': '#e377c2',
  etc: '#8c564b',
  other: '#7f7f7f',
};

interface Tile {
  readonly label: string;
  readonly size: number;
  readonly detail: string;
}

export function renderHtml(report: Report): string {
  const svg = treemapSvg(report);
  const pct = report.before.bytes > 0 ? `${((100 * report.after.bytes) / report.before.bytes).toFixed(1)}%` : '—';
  const categoryRows = report.categories
    .filter((c) => c.keptFiles + c.cutFiles > 0)
    .map(
      (c) =>
        `<tr><td><span class="sw" style="background:${colors[c.category]}"></span>${esc(categoryLabels[c.category])}</td><td>${formatBytes(c.keptBytes)}</td><td>${c.keptFiles}</td><td>${formatBytes(c.cutBytes)}</td><td>${c.cutFiles}</td></tr>`,
    )
    .join('\n');
  const fileRows = (files: Report['kept']): string =>
    files.map((f) => `<tr><td>${formatBytes(f.size)}</td><td><code>${esc(f.guest)}</code></td><td>${esc(f.why)}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>minops rootfs report</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:20px;color:#222;background:#fff}
h1{font-size:20px;margin:0 0 4px} .cmd{color:#555;font-family:monospace;margin-bottom:12px}
.totals{display:flex;gap:24px;margin:8px 0 12px} .totals div{padding:8px 14px;border:1px solid #ccc;border-radius:6px}
.totals b{font-size:22px;display:block}
svg{display:block;border:1px solid #999;max-width:100%;height:auto} rect{stroke:#fff;stroke-width:.6} rect.cut{fill:#d9d9d9}
rect.cat{fill:none;stroke:#222;stroke-width:2} text{font-size:11px;pointer-events:none;fill:#111} text.cat{font-weight:bold;font-size:13px}
#detail{min-height:1.6em;margin:6px 0;font-family:monospace}
table{border-collapse:collapse;margin:8px 0} td,th{padding:2px 10px;text-align:right;border-bottom:1px solid #eee} td:first-child,th:first-child{text-align:left}
.files td:nth-child(2),.files td:nth-child(3){text-align:left} .sw{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:-1px}
</style></head><body>
<h1>minops rootfs report</h1>
<div class="cmd">${esc(report.args.join(' '))} &nbsp;·&nbsp; rootfs ${esc(report.root)}</div>
${report.selection ? `<div id="selection">${esc(report.selection)}</div>` : ''}
<div class="totals">
<div id="before">${report.beforeScope ? 'before (python installation)' : 'before (rootfs)'}<b>${formatBytes(report.before.bytes)}</b>${report.before.files} files, ${report.before.elfFiles} ELF</div>
<div id="after">after (image)<b>${formatBytes(report.after.bytes)}</b>${report.after.files} files, ${report.after.elfFiles} ELF</div>
<div>kept<b>${pct}</b>of the rootfs's bytes</div>
</div>
<div>Each box is a category; coloured tiles are kept files, grey tiles are files cut from the rootfs. Area = bytes.</div>
${svg}
<div id="detail">hover a tile</div>
<h2>By category</h2>
<table><tr><th>category</th><th>kept</th><th>files</th><th>cut</th><th>files</th></tr>
${categoryRows}</table>
<h2>Largest kept files</h2>
<table class="files"><tr><th>size</th><th>path</th><th>why</th></tr>
${fileRows(report.largest)}</table>
<details><summary>Every kept file (${report.kept.length})</summary>
<table class="files"><tr><th>size</th><th>path</th><th>why</th></tr>
${fileRows(report.kept)}</table></details>
${report.warnings.length > 0 ? `<h2>Warnings</h2><ul>${report.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : ''}
<script>
(function () {
  var detail = document.getElementById('detail');
  var tiles = document.querySelectorAll('svg rect[data-label]');
  tiles.forEach(function (r) {
    r.addEventListener('mouseenter', function () { detail.textContent = r.getAttribute('data-label') + '  ' + r.getAttribute('data-detail'); });
  });
  document.body.setAttribute('data-tiles', String(tiles.length));
})();
</script>
</body></html>
`;
}

function treemapSvg(report: Report): string {
  const cats = report.categories.filter((c) => c.keptBytes + c.cutBytes > 0);
  const boxes = squarify(cats.map((c) => c.keptBytes + c.cutBytes), { x: 0, y: 0, w: width, h: height });
  const parts: string[] = [];
  cats.forEach((c, i) => {
    const box = boxes[i]!;
    const head = box.h > 40 && box.w > 60 ? 16 : 0;
    const inner: Rect = { x: box.x, y: box.y + head, w: box.w, h: box.h - head };
    const [keptRect, cutRect] = slice([c.keptBytes, c.cutBytes], inner);
    const kept = report.kept.filter((f) => f.category === c.category).sort((a, b) => b.size - a.size);
    const cut = report.largestCut.filter((f) => f.category === c.category);
    parts.push(...tiles(regionTiles(kept.map((f) => ({ label: f.guest, size: f.size, detail: `${formatBytes(f.size)} kept: ${f.why}` })), c.keptBytes, 'kept'), keptRect!, `kept c-${c.category}`, colors[c.category]));
    parts.push(...tiles(regionTiles(cut.map((f) => ({ label: f.guest, size: f.size, detail: `${formatBytes(f.size)} cut` })), c.cutBytes, 'cut'), cutRect!, 'cut', undefined));
    parts.push(`<rect class="cat" x="${n(box.x)}" y="${n(box.y)}" width="${n(box.w)}" height="${n(box.h)}"/>`);
    if (head > 0) parts.push(`<text class="cat" x="${n(box.x + 4)}" y="${n(box.y + 13)}">${esc(clip(`${categoryLabels[c.category]} ${formatBytes(c.keptBytes)} kept / ${formatBytes(c.cutBytes)} cut`, box.w, 8))}</text>`);
  });
  return `<svg id="treemap" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">\n${parts.join('\n')}\n</svg>`;
}

/** The largest files as their own tiles, the rest of the region's bytes as one "N more" tile. */
function regionTiles(files: Tile[], total: number, what: string): Tile[] {
  const shown = files.slice(0, filesPerRegion);
  const rest = total - shown.reduce((a, f) => a + f.size, 0);
  const more = files.length > shown.length ? files.length - shown.length : 0;
  return rest > 0 ? [...shown, { label: more > 0 ? `${more} more files` : 'other files', size: rest, detail: `${formatBytes(rest)} ${what}` }] : shown;
}

function tiles(items: Tile[], rect: Rect, cls: string, fill: string | undefined): string[] {
  const rects = squarify(items.map((t) => t.size), rect);
  return items.flatMap((t, i) => {
    const r = rects[i]!;
    if (r.w <= 0 || r.h <= 0) return [];
    const style = fill ? ` style="fill:${fill}"` : '';
    const out = [`<rect class="${cls}"${style} x="${n(r.x)}" y="${n(r.y)}" width="${n(r.w)}" height="${n(r.h)}" data-label="${esc(t.label)}" data-detail="${esc(t.detail)}"><title>${esc(`${t.label}\n${t.detail}`)}</title></rect>`];
    if (r.w > 70 && r.h > 14) out.push(`<text x="${n(r.x + 3)}" y="${n(r.y + 12)}">${esc(fitLabel(t.label, r.w))}</text>`);
    return out;
  });
}

/** Split `rect` along its longer side in proportion to `values`. */
function slice(values: number[], rect: Rect): Rect[] {
  const total = values.reduce((a, b) => a + b, 0) || 1;
  let offset = 0;
  return values.map((v) => {
    const f = v / total;
    const r = rect.w >= rect.h ? { x: rect.x + offset * rect.w, y: rect.y, w: f * rect.w, h: rect.h } : { x: rect.x, y: rect.y + offset * rect.h, w: rect.w, h: f * rect.h };
    offset += f;
    return r;
  });
}

const fitLabel = (label: string, w: number): string => clip(label.slice(label.lastIndexOf('/') + 1), w, 6.2);

/** Cut text to what fits in `w` pixels at about `charWidth` pixels a character. */
function clip(text: string, w: number, charWidth: number): string {
  const max = Math.floor((w - 6) / charWidth);
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

const n = (v: number): string => (Math.round(v * 10) / 10).toString();

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
