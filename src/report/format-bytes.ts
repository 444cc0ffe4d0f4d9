// Sizes for people, in decimal units (the project's size goals are written in MB = 10^6 bytes).

export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n;
  let unit = 'B';
  for (const u of units) {
    if (v < 1000) break;
    v /= 1000;
    unit = u;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${unit}`;
}
