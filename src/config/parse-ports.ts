// Port forwards as ops writes them: "80", "8000-8010" (a range, same on both sides), "8080:80"
// (host:guest), or a bare number; minops also takes a /udp suffix.
import type { PortSpec } from './build-settings.js';
import { bad, ok, type Parsed } from './parsed.js';

// A range turns into one forward per port; keep typos like 1-65535 from making 65k of them.
const maxRange = 1024;

const port = (s: string): number | undefined => {
  if (!/^\d{1,5}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= 1 && n <= 65535 ? n : undefined;
};

/** A `/tcp` or `/udp` suffix overrides `protocol` (so `-p 53/udp` works). */
export function parsePorts(input: string | number, protocol: 'tcp' | 'udp'): Parsed<PortSpec[]> {
  let text = String(input).trim();
  const suffix = /\/(tcp|udp)$/i.exec(text);
  if (suffix) {
    protocol = suffix[1]!.toLowerCase() as 'tcp' | 'udp';
    text = text.slice(0, -suffix[0].length);
  }
  const usage = 'write PORT, FIRST-LAST or HOST:GUEST (ports 1-65535)';
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range) {
    const first = port(range[1]!);
    const last = port(range[2]!);
    if (first === undefined || last === undefined || last < first) return bad(`"${text}" is not a port range; ${usage}`);
    if (last - first >= maxRange) return bad(`"${text}" spans more than ${maxRange} ports`);
    const out: PortSpec[] = [];
    for (let p = first; p <= last; p++) out.push({ host: p, guest: p, protocol });
    return ok(out);
  }
  const pair = /^(\d+):(\d+)$/.exec(text);
  if (pair) {
    const host = port(pair[1]!);
    const guest = port(pair[2]!);
    if (host === undefined || guest === undefined) return bad(`"${text}" is not a port pair; ${usage}`);
    return ok([{ host, guest, protocol }]);
  }
  const single = port(text);
  if (single === undefined) return bad(`"${text}" is not a port; ${usage}`);
  return ok([{ host: single, guest: single, protocol }]);
}
