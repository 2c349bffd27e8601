/**
 * Reads the system ping's output one line at a time, for the three families NetLens runs on:
 * - iputils (Linux), run with -n -D -O: "[epoch.micros] 64 bytes from A: icmp_seq=N ttl=T time=X ms",
 *   "[...] no answer yet for icmp_seq=N", "[...] From A icmp_seq=N Destination Host Unreachable";
 * - BSD/macOS: "64 bytes from A: icmp_seq=N ttl=T time=X ms", "Request timeout for icmp_seq N";
 * - Windows (English output): "Reply from A: bytes=32 time=12ms TTL=57", "Request timed out.".
 * Lines that mean nothing to the prober come back as { kind: 'other' }; nothing here throws.
 */

export type PingLine =
  /** The resolved address, from the first line ping prints. */
  | { kind: 'header'; address: string }
  /** An echo reply; `at` is ping's own receive timestamp (iputils -D) when it gave one. */
  | { kind: 'reply'; seq: number | null; rttMs: number; at: number | null; duplicate: boolean }
  /** Ping gave up waiting for this sequence for now (it printed this when sending the next one). */
  | { kind: 'no-answer'; seq: number; at: number | null }
  /** Windows' per-probe "Request timed out." (it prints no sequence numbers). */
  | { kind: 'timeout' }
  /** An ICMP error or a send failure ("Destination Host Unreachable", "sendmsg: Network is unreachable"). */
  | { kind: 'error'; seq: number | null; message: string; at: number | null }
  | { kind: 'unknown-host'; message: string }
  /** The summary's "N packets transmitted". */
  | { kind: 'transmitted'; count: number }
  | { kind: 'other' };

export type PingFamily = 'iputils' | 'bsd' | 'windows';

export function pingFamilyFor(platform: NodeJS.Platform): PingFamily {
  if (platform === 'win32') return 'windows';
  if (platform === 'darwin' || platform === 'freebsd' || platform === 'openbsd' || platform === 'netbsd') return 'bsd';
  return 'iputils';
}

export function parsePingLine(family: PingFamily, line: string): PingLine {
  switch (family) {
    case 'iputils':
      return parseIputilsLine(line);
    case 'bsd':
      return parseBsdLine(line);
    case 'windows':
      return parseWindowsLine(line);
  }
}

// Resolver failures as each system words them: glibc (EAI_NONAME, EAI_AGAIN, EAI_NODATA), old iputils,
// BSD/macOS, Windows.
const UNKNOWN_HOST =
  /Name or service not known|Temporary failure in name resolution|No address associated with hostname|unknown host|cannot resolve|Unknown host|could not find host|Name does not resolve/i;

const HEADER = /^PING\s+\S+?\s*\(([0-9A-Fa-f:.]+)\)/;
const REPLY = /icmp_seq=(\d+)\b.*?\btime[=<]\s*([\d.]+)\s*ms/;
const TRANSMITTED = /^(\d+) packets transmitted/;

function splitTimestamp(raw: string): { at: number | null; rest: string } {
  const m = /^\[(\d+(?:\.\d+)?)\]\s*/.exec(raw);
  if (!m) return { at: null, rest: raw };
  return { at: Number(m[1]) * 1000, rest: raw.slice(m[0].length) };
}

export function parseIputilsLine(raw: string): PingLine {
  const { at, rest } = splitTimestamp(raw.trim());
  let m: RegExpExecArray | null;
  if ((m = HEADER.exec(rest))) return { kind: 'header', address: m[1] };
  if (/^\d+ bytes from /.test(rest) && (m = REPLY.exec(rest))) {
    return { kind: 'reply', seq: Number(m[1]), rttMs: Number(m[2]), at, duplicate: rest.includes('(DUP!)') };
  }
  if ((m = /^no answer yet for icmp_seq=(\d+)/.exec(rest))) return { kind: 'no-answer', seq: Number(m[1]), at };
  if ((m = /^From\s+\S+(?:\s+\([^)]*\))?:?\s+icmp_seq=(\d+)\s+(.+)$/.exec(rest))) {
    return { kind: 'error', seq: Number(m[1]), message: m[2].trim(), at };
  }
  if ((m = TRANSMITTED.exec(rest))) return { kind: 'transmitted', count: Number(m[1]) };
  if (rest.startsWith('ping:')) {
    const message = rest.replace(/^ping:\s*/, '');
    if (UNKNOWN_HOST.test(message)) return { kind: 'unknown-host', message };
    return { kind: 'error', seq: null, message, at };
  }
  return { kind: 'other' };
}

export function parseBsdLine(raw: string): PingLine {
  const line = raw.trim();
  let m: RegExpExecArray | null;
  if ((m = HEADER.exec(line))) return { kind: 'header', address: m[1] };
  if (/^\d+ bytes from /.test(line)) {
    if ((m = REPLY.exec(line))) {
      return { kind: 'reply', seq: Number(m[1]), rttMs: Number(m[2]), at: null, duplicate: line.includes('(DUP!)') };
    }
    // "92 bytes from 192.168.1.1: Destination Host Unreachable": BSD gives no sequence number here.
    const colon = line.indexOf(': ');
    if (colon > 0) return { kind: 'error', seq: null, message: line.slice(colon + 2).trim(), at: null };
  }
  if ((m = /^Request timeout for icmp_seq[= ](\d+)/.exec(line)))
    return { kind: 'no-answer', seq: Number(m[1]), at: null };
  if ((m = TRANSMITTED.exec(line))) return { kind: 'transmitted', count: Number(m[1]) };
  if (line.startsWith('ping:')) {
    const message = line.replace(/^ping:\s*/, '');
    if (UNKNOWN_HOST.test(message)) return { kind: 'unknown-host', message };
    return { kind: 'error', seq: null, message, at: null };
  }
  return { kind: 'other' };
}

export function parseWindowsLine(raw: string): PingLine {
  const line = raw.trim();
  let m: RegExpExecArray | null;
  if ((m = /^Pinging\s+(\S+)(?:\s+\[([0-9A-Fa-f:.%]+)\])?\s+(?:from\s+\S+\s+)?with\b/.exec(line))) {
    return { kind: 'header', address: m[2] ?? m[1] };
  }
  if ((m = /^Reply from\s+\S+?:\s+(.*)$/.exec(line))) {
    const t = /time[=<]\s*(\d+(?:\.\d+)?)\s*ms/i.exec(m[1]);
    if (t) return { kind: 'reply', seq: null, rttMs: Number(t[1]), at: null, duplicate: false };
    // "Reply from 192.168.1.1: Destination host unreachable." is an ICMP error, not an answer.
    return { kind: 'error', seq: null, message: m[1].replace(/\.$/, ''), at: null };
  }
  if (/^Request timed out\.?$/i.test(line)) return { kind: 'timeout' };
  if (UNKNOWN_HOST.test(line)) return { kind: 'unknown-host', message: line };
  if ((m = /Packets: Sent = (\d+)/.exec(line))) return { kind: 'transmitted', count: Number(m[1]) };
  if (/General failure|transmit failed|unreachable/i.test(line))
    return { kind: 'error', seq: null, message: line, at: null };
  return { kind: 'other' };
}
