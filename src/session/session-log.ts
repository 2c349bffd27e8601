/**
 * Logging a live session to files while it runs: the raw packets as pcap (rotated by size and by
 * time), JSON Lines of events (start, periodic totals, rotations, errors, alerts, stop) and, at
 * stop, a CSV of flows. Files are named by start time and interface.
 *
 * A write failure (a full disk, a folder that vanished) never stops the capture: logging stops,
 * an error event says why (in the events file if it can still be written, and to onError), and
 * every file keeps what was written, readable (the pcap writer cuts back to whole records).
 */
import { appendFileSync, existsSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ErrorInfo, Result } from '../api/errors.js';
import { ok } from '../api/errors.js';
import { PcapWriter } from '../capture/pcap-writer.js';
import type { RawPacket } from '../capture/raw-packet.js';
import {
  explicitPartName,
  ioError,
  JsonLinesWriter,
  FLOWS_CSV_HEADER,
  flowsCsvLines,
  sessionFileName,
  writeFlowsCsv,
  type FlowCsvRow,
} from './session-log-files.js';

export interface SessionLogOptions {
  iface: string;
  filter: string;
  linkType: number;
  snaplen: number;
  /** Explicit pcap path (-w FILE); later parts are FILE.2.pcap, FILE.3.pcap... */
  pcapPath?: string | null;
  /** Folder for the events and flows files, and for the pcap when no pcapPath is given. */
  logDir?: string | null;
  /** Start a new pcap before it would pass this many bytes (0: never). */
  rotateBytes?: number;
  /** Start a new pcap when a packet is this many seconds after the part's first (0: never). */
  rotateSeconds?: number;
  /**
   * A ring: with rotation, the oldest pcap parts are deleted so the parts kept stay under this
   * many bytes (0: keep all). The app's spool (a live session not logged to a folder) is one.
   */
  maxPcapBytes?: number;
  /** Nanosecond pcap timestamps (when the source has them). */
  nanosecond?: boolean;
  startedAt?: Date;
  /** Extra fields for the start event (backend, buffer size, thresholds...). */
  startInfo?: Record<string, unknown>;
  /** Told once when logging stops because of an error. */
  onError?: (e: ErrorInfo) => void;
}

export interface LogTotals {
  packets: number;
  bytes: number;
  /** null when the platform cannot say. */
  dropped: number | null;
  packetsPerSec: number;
  bitsPerSec: number;
  elapsedSec: number;
}

export interface SessionLogFiles {
  pcaps: string[];
  events: string | null;
  flows: string | null;
}

export class SessionLog {
  private pcap: PcapWriter | null = null;
  private events: JsonLinesWriter | null = null;
  private partStartSec = -1;
  private partIndex = 1;
  private stopped = false;
  private closed = false;
  private readonly startedAt: Date;
  private readonly pcapFiles: string[] = [];
  /** Bytes of each closed part in pcapFiles (the ring's sizes); the last file is the open one. */
  private readonly partBytes: number[] = [];
  /** Parts the ring deleted, and their packets. */
  droppedParts = 0;
  droppedPackets = 0;
  private readonly partPackets: number[] = [];
  private flowsPath: string | null = null;
  /** Flows written before the end (live expiry): the CSV then grows by appends. */
  private flowsStarted = false;
  /** The error that stopped logging, if any. */
  error: ErrorInfo | null = null;

  private constructor(private readonly opts: SessionLogOptions) {
    this.startedAt = opts.startedAt ?? new Date();
  }

  /** Opens the first files. Fails (as a value) when they cannot be created: nothing is captured into the void. */
  static open(opts: SessionLogOptions): Result<SessionLog> {
    const log = new SessionLog(opts);
    const r = log.openFirst();
    if (r) {
      log.closeFiles();
      return { ok: false, error: r };
    }
    return ok(log);
  }

  get files(): SessionLogFiles {
    return { pcaps: [...this.pcapFiles], events: this.events?.path ?? null, flows: this.flowsPath };
  }

  /** Logging still on (no error yet, not closed). */
  get active(): boolean {
    return !this.stopped;
  }

  get packetsWritten(): number {
    return this.pcap?.packetsWritten ?? 0;
  }

  private openFirst(): ErrorInfo | null {
    const { logDir, pcapPath } = this.opts;
    if (logDir && !existsSync(logDir)) {
      return {
        code: 'write-failed',
        message: `the log folder ${logDir} does not exist`,
        hint: `create it first (mkdir -p ${logDir}) or choose another with --log-dir`,
      };
    }
    if (logDir) {
      const ev = JsonLinesWriter.open(sessionFileName(logDir, this.startedAt, this.opts.iface, '.events.jsonl'));
      if (!ev.ok) return ev.error;
      this.events = ev.value;
    }
    if (pcapPath || logDir) {
      const path = pcapPath ?? sessionFileName(logDir!, this.startedAt, this.opts.iface, '.pcap');
      const w = this.openPcap(path);
      if (!w.ok) return w.error;
      this.pcap = w.value;
    }
    this.event('start', {
      interface: this.opts.iface,
      filter: this.opts.filter,
      linkType: this.opts.linkType,
      snaplen: this.opts.snaplen,
      pcap: this.pcap?.path ?? null,
      rotateBytes: this.opts.rotateBytes ?? 0,
      rotateSeconds: this.opts.rotateSeconds ?? 0,
      ...this.opts.startInfo,
    });
    return this.events?.error ?? null;
  }

  private openPcap(path: string): Result<PcapWriter> {
    const w = PcapWriter.open(path, {
      linkType: this.opts.linkType,
      snaplen: this.opts.snaplen,
      nanosecond: this.opts.nanosecond,
    });
    if (w.ok) this.pcapFiles.push(path);
    return w;
  }

  /** Logs one packet (cheap when there is no pcap). */
  writePacket(p: RawPacket): void {
    const w = this.pcap;
    if (w === null || this.stopped) return;
    if (this.partStartSec < 0) this.partStartSec = p.tsSec;
    const rotBytes = this.opts.rotateBytes ?? 0;
    const rotSec = this.opts.rotateSeconds ?? 0;
    if (
      (rotBytes > 0 && w.packetsWritten > 0 && w.bytesWritten + 16 + Math.min(p.capLen, w.snaplen) > rotBytes) ||
      (rotSec > 0 && p.tsSec - this.partStartSec >= rotSec)
    ) {
      if (!this.rotate(p.tsSec)) return;
    }
    if (!this.pcap!.write(p)) this.fail(this.pcap!.error ?? ioError(this.pcap!.path, null, 'write'));
  }

  private rotate(tsSec: number): boolean {
    const old = this.pcap!;
    old.close();
    if (old.error) {
      this.fail(old.error);
      return false;
    }
    this.partIndex++;
    const when = new Date(tsSec * 1000);
    const { logDir, pcapPath } = this.opts;
    if (logDir && !existsSync(logDir)) {
      this.pcap = null;
      this.fail(ioError(logDir, Object.assign(new Error('gone'), { code: 'ENOENT' }), 'log to'));
      return false;
    }
    const path = pcapPath
      ? explicitPartName(pcapPath, this.partIndex)
      : sessionFileName(logDir!, when, this.opts.iface, '.pcap');
    const w = this.openPcap(path);
    if (!w.ok) {
      this.pcap = null;
      this.fail(w.error);
      return false;
    }
    this.pcap = w.value;
    this.partStartSec = tsSec;
    this.partBytes.push(old.bytesWritten);
    this.partPackets.push(old.packetsWritten);
    this.trimRing();
    this.event('rotate', {
      closed: old.path,
      closedPackets: old.packetsWritten,
      closedBytes: old.bytesWritten,
      opened: w.value.path,
    });
    return true;
  }

  /** The ring: the oldest closed parts go while the closed parts and a full open one pass the cap. */
  private trimRing(): void {
    const cap = this.opts.maxPcapBytes ?? 0;
    if (cap <= 0) return;
    let total = this.partBytes.reduce((a, b) => a + b, 0) + (this.opts.rotateBytes ?? 0);
    while (this.partBytes.length > 0 && total > cap) {
      const path = this.pcapFiles.shift()!;
      total -= this.partBytes.shift()!;
      const packets = this.partPackets.shift()!;
      try {
        unlinkSync(path);
      } catch {
        // already gone: nothing to free
      }
      this.droppedParts++;
      this.droppedPackets += packets;
      this.event('pcap-dropped', { path, packets, reason: 'the spool keeps its newest parts under its size cap' });
    }
  }

  /** Appends an event (start, totals, alert, ...) with its time. */
  event(type: string, data: Record<string, unknown> = {}): void {
    if (!this.events || this.stopped) return;
    if (!this.events.write({ type, time: new Date().toISOString(), ...data })) this.fail(this.events.error!);
  }

  /** Periodic totals; also notices a log folder that vanished. */
  totals(t: LogTotals): void {
    if (this.stopped) return;
    this.pcap?.flush();
    if (this.pcap?.error) return this.fail(this.pcap.error);
    this.checkFolder();
    this.event('totals', { ...t });
  }

  /** An alert from the detectors (a later issue). */
  alert(a: Record<string, unknown>): void {
    this.event('alert', a);
  }

  private checkFolder(): void {
    const dirs = [this.opts.logDir, this.opts.pcapPath ? dirname(this.opts.pcapPath) : null].filter(
      (d): d is string => !!d,
    );
    for (const d of dirs) {
      if (!existsSync(d)) return this.fail(ioError(d, Object.assign(new Error('gone'), { code: 'ENOENT' }), 'log to'));
    }
  }

  /** Logging stops for good: one error event (if the events file can still take it), then every file is closed. */
  private fail(e: ErrorInfo): void {
    if (this.stopped) return;
    this.error = e;
    if (this.events && !this.events.error)
      this.events.write({
        type: 'error',
        time: new Date().toISOString(),
        code: e.code,
        message: e.message,
        hint: e.hint,
        loggingStopped: true,
      });
    this.stopped = true;
    this.closeFiles();
    this.opts.onError?.(e);
  }

  /** Flows that ended during the session (expired while idle): appended to the flows CSV now. */
  appendFlows(rows: readonly FlowCsvRow[]): void {
    if (this.stopped || !this.opts.logDir || rows.length === 0) return;
    const path = this.flowsPath ?? sessionFileName(this.opts.logDir, this.startedAt, this.opts.iface, '.flows.csv');
    try {
      appendFileSync(path, (this.flowsStarted ? '' : FLOWS_CSV_HEADER + '\n') + flowsCsvLines(rows));
      this.flowsStarted = true;
      this.flowsPath = path;
    } catch (err) {
      this.fail(ioError(path, err, 'write'));
    }
  }

  /**
   * Ends the session: the flows CSV (when logging to a folder; after any appended by
   * appendFlows), a stop event, and every file flushed and closed. Idempotent.
   */
  close(flows: readonly FlowCsvRow[] = [], stop: Record<string, unknown> = {}): void {
    if (this.closed) return;
    if (!this.stopped) {
      this.pcap?.flush();
      if (this.pcap?.error) this.fail(this.pcap.error);
    }
    if (!this.stopped && this.opts.logDir) {
      this.checkFolder();
      if (!this.stopped) {
        if (this.flowsStarted) this.appendFlows(flows);
        else {
          const path = sessionFileName(this.opts.logDir, this.startedAt, this.opts.iface, '.flows.csv');
          const err = writeFlowsCsv(path, flows);
          if (err) this.fail(err);
          else this.flowsPath = path;
        }
      }
    }
    this.event('stop', { ...stop, files: this.files });
    this.closeFiles();
    this.closed = true;
    this.stopped = true;
  }

  private closeFiles(): void {
    if (this.pcap) {
      this.pcap.close();
      this.pcap = null;
    }
    this.events?.close();
  }
}
