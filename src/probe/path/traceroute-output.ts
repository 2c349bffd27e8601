/**
 * Reads one round of the system traceroute's output, line by line, for the tools NetLens drives:
 * - Linux traceroute (Dmitry Butskoy's, Debian's `traceroute`) and BSD/macOS traceroute, run with -n:
 *     "traceroute to 1.1.1.1 (1.1.1.1), 30 hops max, 60 byte packets"
 *     " 1  192.168.1.1  1.234 ms"        " 2  *"        " 3  10.0.0.1  9.876 ms !H"
 *   with several probes per hop the addresses and times follow each other on the hop's line;
 * - Windows tracert -d: "  1    <1 ms    <1 ms     2 ms  192.168.1.1", "  2     *        *        *     Request timed out."
 * Lines that mean nothing here come back as { kind: 'other' }; nothing here throws.
 */
import { isIP } from 'node:net';

export interface HopProbe {
  /** Who answered, or null for a probe that was not answered ("*"). */
  address: string | null;
  rttMs: number | null;
  /** traceroute's annotation after the time ("!H" host unreachable, "!N", "!X", "!F-1492", ...), or null. */
  flag: string | null;
}

export type TracerouteLine =
  | { kind: 'header'; address: string; maxHops: number | null }
  | { kind: 'hop'; ttl: number; probes: HopProbe[] }
  | { kind: 'unknown-host'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'other' };

const HEADER = /^traceroute6? to \S+ \(([0-9A-Fa-f:.]+)\)(?:,\s*(\d+) hops max)?/;
const TRACERT_HEADER = /^Tracing route to (\S+)(?: \[([0-9A-Fa-f:.]+)\])? over a maximum of (\d+) hops/;
const UNKNOWN_HOST =
  /Name or service not known|Temporary failure in name resolution|No address associated with hostname|unknown host|cannot resolve|Unable to resolve target system name|Name does not resolve/i;
const ERROR =
  /Network is unreachable|Operation not permitted|enough privileges|Permission denied|No route to host|Cannot handle|setsockopt|socket:|bind:|connect:|sendto:/i;

export function parseTracerouteLine(raw: string): TracerouteLine {
  const line = raw.trim();
  if (line === '') return { kind: 'other' };
  let m: RegExpExecArray | null;
  if ((m = HEADER.exec(line))) return { kind: 'header', address: m[1], maxHops: m[2] ? Number(m[2]) : null };
  if ((m = TRACERT_HEADER.exec(line))) {
    return { kind: 'header', address: m[2] ?? m[1], maxHops: Number(m[3]) };
  }
  if ((m = /^(\d{1,3})\s+(.*)$/.exec(line))) {
    const ttl = Number(m[1]);
    const probes = ttl >= 1 && ttl <= 255 ? (parseTracertHop(m[2]) ?? parseProbes(m[2])) : null;
    if (probes) return { kind: 'hop', ttl, probes };
  }
  if (UNKNOWN_HOST.test(line)) return { kind: 'unknown-host', message: line.replace(/^traceroute:\s*/, '') };
  if (ERROR.test(line)) return { kind: 'error', message: line.replace(/^traceroute:\s*/, '') };
  return { kind: 'other' };
}

/** Linux/BSD: a sequence of "ADDR", "T ms", "!FLAG" and "*" tokens; a time belongs to the last address named. */
function parseProbes(rest: string): HopProbe[] | null {
  const tokens = rest.split(/\s+/);
  const out: HopProbe[] = [];
  let address: string | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    const bare = stripParens(tok);
    if (tok === '*') out.push({ address: null, rttMs: null, flag: null });
    else if (isIP(bare)) address = bare;
    else if (/^\d+(?:\.\d+)?$/.test(tok) && tokens[i + 1] === 'ms') {
      out.push({ address, rttMs: Number(tok), flag: null });
      i++;
    } else if (tok.startsWith('!') && out.length > 0) out[out.length - 1].flag = tok;
    // anything else (a name printed before its address when run without -n) is skipped
  }
  return out.length > 0 ? out : null;
}

/**
 * Windows tracert: probe columns ("<1 ms", "12 ms", "*") first, then the address, "Request timed
 * out." or "ADDR reports: Destination host unreachable."; null when the line is not in that shape.
 */
function parseTracertHop(rest: string): HopProbe[] | null {
  const m = /^((?:(?:<?\d+ ms|\*)\s+)+)(\S.*)$/.exec(rest);
  if (!m) return null;
  const tail = m[2].trim();
  let address: string | null = null;
  let flag: string | null = null;
  const reports = /^(\S+) reports: (.*?)\.?$/.exec(tail);
  if (reports && isIP(stripBrackets(reports[1]))) {
    address = stripBrackets(reports[1]);
    flag = reports[2];
  } else if (isIP(stripBrackets(tail))) address = stripBrackets(tail);
  else if (!/^Request timed out\.?$/i.test(tail)) return null;
  const probes: HopProbe[] = [];
  for (const c of m[1].match(/<?\d+ ms|\*/g) ?? []) {
    if (c === '*') probes.push({ address: null, rttMs: null, flag: null });
    // "<1 ms": under a millisecond, the finest tracert tells; it counts as 0.5 ms
    else probes.push({ address, rttMs: c.startsWith('<') ? 0.5 : Number.parseInt(c, 10), flag });
  }
  return probes;
}

function stripParens(s: string): string {
  return s.startsWith('(') && s.endsWith(')') ? s.slice(1, -1) : s;
}

function stripBrackets(s: string): string {
  return s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s;
}
