/**
 * Numbers for people: byte counts, bit rates, counts, durations and times. Plain functions with
 * no locale surprises (en-US digits and separators, SI prefixes), so views and tests agree.
 */

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
const BIT_UNITS = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s'];
const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Three significant digits at most: 1.23, 12.3, 123 (never "1.00e+3"). */
function sig3(v: number): string {
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

function scaled(v: number, units: readonly string[]): string {
  if (!Number.isFinite(v)) return '–';
  const neg = v < 0;
  let x = Math.abs(v);
  let i = 0;
  while (x >= 999.5 && i < units.length - 1) {
    x /= 1000;
    i++;
  }
  const text = i === 0 ? x.toFixed(0) : sig3(x);
  return `${neg ? '-' : ''}${text} ${units[i]}`;
}

/** 1000-based byte counts: "512 B", "1.50 kB", "23.4 MB". */
export function formatBytes(bytes: number): string {
  return scaled(bytes, BYTE_UNITS);
}

/** A rate given in bytes per second, shown in bits per second as network tools do: "12.3 Mbit/s". */
export function formatBitRate(bytesPerSec: number): string {
  return scaled(bytesPerSec * 8, BIT_UNITS);
}

/** Packets (or anything) per second: "1,234 pkt/s", "12.5 pkt/s". */
export function formatPerSec(n: number, unit = 'pkt/s'): string {
  if (!Number.isFinite(n)) return '–';
  return `${n >= 100 || n === 0 ? COUNT.format(Math.round(n)) : n.toFixed(1)} ${unit}`;
}

/** An integer count with thousands separators: "1,234,567". */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? COUNT.format(n) : '–';
}

/** Elapsed time: "0:07", "12:05", "1:02:03" (hours only when needed); sub-second under 10 s as "3.25 s" when precise. */
export function formatElapsed(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A duration in seconds, compact: "0 s", "850 ms", "3.25 s", "2 min 5 s", "1 h 2 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds === 0) return '0 s';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${sig3(seconds)} s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** Milliseconds with sensible precision; null (no data yet) as a dash. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  return `${sig3(ms)} ms`;
}

/** A percentage: "0 %", "0.25 %", "12.5 %"; null as a dash. */
export function formatPct(pct: number | null | undefined): string {
  if (pct === null || pct === undefined || !Number.isFinite(pct)) return '–';
  if (pct === 0) return '0 %';
  return `${sig3(pct)} %`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Wall-clock time of an epoch-seconds timestamp, local zone: "14:03:27" (with ms when asked). */
export function formatClock(epochSec: number, withMs = false): string {
  if (!Number.isFinite(epochSec)) return '–';
  const d = new Date(epochSec * 1000);
  const base = `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
  return withMs ? `${base}.${String(d.getMilliseconds()).padStart(3, '0')}` : base;
}

/** Date and time of an epoch-seconds timestamp, local zone: "2024-05-01 14:03:27". */
export function formatDateTime(epochSec: number): string {
  if (!Number.isFinite(epochSec)) return '–';
  const d = new Date(epochSec * 1000);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${formatClock(epochSec)}`;
}

/** An address and port as Wireshark writes them: "10.0.0.1:443", "[2001:db8::1]:443". */
export function formatEndpoint(address: string, port: number | null | undefined): string {
  if (port === null || port === undefined) return address;
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** Bytes as a hex dump: 16 per line, offset, hex, and printable ASCII ('.' otherwise). */
export function hexDumpLines(bytes: Uint8Array): { offset: string; hex: string; ascii: string }[] {
  const lines: { offset: string; hex: string; ascii: string }[] = [];
  for (let at = 0; at < bytes.length; at += 16) {
    const row = bytes.subarray(at, Math.min(at + 16, bytes.length));
    let hex = '';
    let ascii = '';
    for (let i = 0; i < 16; i++) {
      if (i === 8) hex += ' ';
      if (i < row.length) {
        const b = row[i];
        hex += (b < 16 ? '0' : '') + b.toString(16) + ' ';
        ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
      } else {
        hex += '   ';
      }
    }
    lines.push({ offset: at.toString(16).padStart(4, '0'), hex: hex.trimEnd(), ascii });
  }
  return lines;
}

/** Hex text ("0a1bff", spaces allowed) to bytes; invalid pairs are skipped. */
export function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replace(/[^0-9a-fA-F]/g, '');
  const out = new Uint8Array(clean.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** A rate already in bits per second: "12.3 Mbit/s". */
export function formatBits(bitsPerSec: number): string {
  return scaled(bitsPerSec, BIT_UNITS);
}
