/**
 * The small pieces of a session log: file names by start time and interface, a JSON Lines writer
 * that never leaves half a line behind, and the flows CSV.
 */
import { closeSync, ftruncateSync, openSync, writeFileSync, writeSync, unlinkSync, existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { ErrorInfo } from '../api/errors.js';

/** 2025-11-21T19:44:01.123Z -> "20251121T194401Z" (UTC, sorts by time). */
export function fileStamp(d: Date): string {
  return d
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** An interface name made safe for a file name (Windows names are \Device\NPF_{GUID}). */
export function safeIfaceName(iface: string): string {
  return (
    iface
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/_+/g, '_')
      .replace(/^_+|_+$/g, '') || 'iface'
  );
}

/** "<dir>/netlens-<stamp>-<iface><suffix>", with "-2", "-3"... when that name is taken. */
export function sessionFileName(dir: string, start: Date, iface: string, suffix: string): string {
  const base = `netlens-${fileStamp(start)}-${safeIfaceName(iface)}`;
  let path = join(dir, `${base}${suffix}`);
  for (let n = 2; existsSync(path); n++) path = join(dir, `${base}-${n}${suffix}`);
  return path;
}

/** The n-th part (n >= 2) of an explicit -w FILE: "cap.pcap" -> "cap.2.pcap". */
export function explicitPartName(path: string, n: number): string {
  const ext = extname(path);
  const stem = basename(path, ext);
  return join(dirname(path), `${stem}.${n}${ext || '.pcap'}`);
}

/** What a failed write was for: the session log (the capture goes on without it) or an export. */
export type WritePurpose = 'log' | 'export';

export function ioError(path: string, err: unknown, what: string, purpose: WritePurpose = 'log'): ErrorInfo {
  const code = (err as NodeJS.ErrnoException)?.code ?? 'EIO';
  const log = purpose === 'log';
  const outcome = log ? 'logging stopped' : 'the export was not written';
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return {
      code: 'disk-full',
      message: `the disk holding ${path} is full (${code}); ${outcome}`,
      hint: log
        ? 'free some space or log to another disk (--log-dir); what was written stays readable'
        : 'free some space or export to another disk',
    };
  }
  if (code === 'ENOENT') {
    return {
      code: 'write-failed',
      message: `cannot ${what} ${path}: the folder is gone (ENOENT); ${outcome}`,
      hint: log
        ? 'create the folder or choose another with --log-dir; capture goes on'
        : 'export to a folder that exists',
    };
  }
  return {
    code: 'write-failed',
    message: `cannot ${what} ${path} (${code}); ${outcome}`,
    hint: log
      ? 'check the folder and the disk; what was written stays readable'
      : 'check the folder and the disk, or export elsewhere',
  };
}

/** JSON Lines, one whole line per write(); a failed write is cut back so the file stays valid. */
export class JsonLinesWriter {
  private fd: number;
  private size = 0;
  private closed = false;
  error: ErrorInfo | null = null;

  private constructor(
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  static open(path: string): { ok: true; value: JsonLinesWriter } | { ok: false; error: ErrorInfo } {
    try {
      return { ok: true, value: new JsonLinesWriter(path, openSync(path, 'w')) };
    } catch (err) {
      return { ok: false, error: ioError(path, err, 'create') };
    }
  }

  write(obj: object): boolean {
    if (this.closed || this.error) return false;
    const line = Buffer.from(JSON.stringify(obj) + '\n');
    let off = 0;
    try {
      while (off < line.length) off += writeSync(this.fd, line, off, line.length - off, this.size + off);
      this.size += off;
      return true;
    } catch (err) {
      this.error = ioError(this.path, err, 'write');
      try {
        ftruncateSync(this.fd, this.size);
      } catch {
        // the lines before are whole; a reader skips a cut last line
      }
      return false;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      closeSync(this.fd);
    } catch {
      // nothing left to save
    }
  }
}

/** What the flows CSV needs of a flow (the pipeline's FlowRow fits). */
export interface FlowCsvRow {
  protocol: string;
  a: string;
  aPort: number;
  b: string;
  bPort: number;
  service: string;
  packetsAtoB: number;
  bytesAtoB: number;
  packetsBtoA: number;
  bytesBtoA: number;
  /** Epoch seconds. */
  start: number;
  /** Seconds. */
  duration: number;
}

export const FLOWS_CSV_HEADER =
  'protocol,a,a_port,b,b_port,service,packets_a_to_b,bytes_a_to_b,packets_b_to_a,bytes_b_to_a,packets,bytes,start,start_time,duration';

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function flowsCsv(rows: readonly FlowCsvRow[]): string {
  return FLOWS_CSV_HEADER + '\n' + flowsCsvLines(rows);
}

/** The CSV lines of `rows` (no header), each ending in a newline. */
export function flowsCsvLines(rows: readonly FlowCsvRow[]): string {
  const out: string[] = [];
  for (const r of rows) {
    out.push(
      [
        csvField(r.protocol),
        csvField(r.a),
        r.aPort,
        csvField(r.b),
        r.bPort,
        csvField(r.service),
        r.packetsAtoB,
        r.bytesAtoB,
        r.packetsBtoA,
        r.bytesBtoA,
        r.packetsAtoB + r.packetsBtoA,
        r.bytesAtoB + r.bytesBtoA,
        r.start.toFixed(6),
        Number.isFinite(r.start) ? new Date(r.start * 1000).toISOString() : '',
        r.duration.toFixed(6),
      ].join(','),
    );
  }
  return out.length === 0 ? '' : out.join('\n') + '\n';
}

/** Writes the CSV whole or not at all (a partial file is removed). */
export function writeFlowsCsv(
  path: string,
  rows: readonly FlowCsvRow[],
  purpose: WritePurpose = 'log',
): ErrorInfo | null {
  try {
    writeFileSync(path, flowsCsv(rows));
    return null;
  } catch (err) {
    try {
      unlinkSync(path);
    } catch {
      // never created
    }
    return ioError(path, err, 'write', purpose);
  }
}
