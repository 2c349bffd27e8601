/**
 * Where a session's packets come from, behind one interface: a capture file read in slices
 * (setImmediate between them, so the process stays responsive while a big file replays at full
 * speed), or a live interface through the live source.
 */
import { statSync } from 'node:fs';
import { fail, ok, type ErrorInfo, type Result } from '../api/errors.js';
import type { SourceDto } from '../api/session.js';
import { openCaptureFile, type CaptureFileReader } from '../capture/capture-file.js';
import { compileFilter } from '../capture/filter-compile.js';
import { LiveSource, type LiveStats, type LiveStarted } from '../capture/live-source.js';
import type { RawPacket } from '../capture/raw-packet.js';

export type PacketSink = (p: RawPacket) => void;
/** The source ended by itself: the end of a file, or an error (interface gone, read error). */
export type SourceEnd = (reason: 'end-of-file' | 'error', error: ErrorInfo | null) => void;

export interface SessionSource {
  readonly kind: 'file' | 'live';
  /** Starts delivering (a live source may wait for the capture helper to open the interface). */
  begin(sink: PacketSink, onEnd: SourceEnd): Promise<Result<void>>;
  pause(): void;
  resume(): void;
  stop(): void;
  /** File: fraction read (0..1); live: null. */
  progress(): number | null;
  /** Kernel drops; null when unknown. */
  drops(): number | null;
  describe(): SourceDto;
  warnings(): string[];
}

/** A slice of reading lasts about this long before the event loop gets a turn. */
const SLICE_MS = 15;
const READ_BATCH = 256;
/** Per-record overhead for the progress estimate (pcap: 16; pcapng EPB: 32 + padding). */
const RECORD_OVERHEAD = { pcap: 16, pcapng: 34 } as const;

export class FileSource implements SessionSource {
  readonly kind = 'file';
  private paused = false;
  private stopped = false;
  private scheduled = false;
  private bytesSeen = 0;
  private sink: PacketSink = () => {};
  private onEnd: SourceEnd = () => {};
  private readonly countingSink = (p: RawPacket): void => {
    this.bytesSeen += p.capLen + RECORD_OVERHEAD[this.reader.info.format];
    this.sink(p);
  };

  private constructor(
    private readonly reader: CaptureFileReader,
    private readonly size: number | null,
  ) {}

  static open(path: string): Result<FileSource> {
    const r = openCaptureFile(path, { regularOnly: true });
    if (!r.ok) return r;
    let size: number | null = null;
    try {
      const st = statSync(path);
      if (st.isFile()) size = st.size;
    } catch {
      // size unknown: no progress figure
    }
    return ok(new FileSource(r.value, size));
  }

  begin(sink: PacketSink, onEnd: SourceEnd): Promise<Result<void>> {
    this.sink = sink;
    this.onEnd = onEnd;
    this.schedule();
    return Promise.resolve(ok(undefined));
  }

  private schedule(): void {
    if (this.scheduled || this.paused || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.step();
    });
  }

  private step(): void {
    if (this.paused || this.stopped) return;
    const t0 = performance.now();
    let n = 0;
    do {
      n = this.reader.read(this.countingSink, READ_BATCH);
    } while (n > 0 && !this.paused && !this.stopped && performance.now() - t0 < SLICE_MS);
    if (this.stopped) return;
    if (n === 0) {
      this.stopped = true;
      const err = this.reader.error;
      this.reader.close();
      this.onEnd(err ? 'error' : 'end-of-file', err);
      return;
    }
    this.schedule();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.schedule();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.reader.close();
  }

  progress(): number | null {
    if (this.size === null || this.size === 0) return null;
    if (this.stopped && this.reader.info.truncated === false && this.bytesSeen > 0)
      return Math.min(1, this.bytesSeen / this.size);
    return Math.min(0.999, this.bytesSeen / this.size);
  }

  /** Reading finished (end reached). */
  get done(): boolean {
    return this.stopped;
  }

  drops(): number | null {
    return null;
  }

  describe(): SourceDto {
    const i = this.reader.info;
    return { kind: 'file', name: i.path, filter: '', linkTypes: [...i.linkTypes], backend: null, sizeBytes: this.size };
  }

  warnings(): string[] {
    return [...this.reader.info.warnings];
  }
}

export interface LiveSpec {
  device: string;
  filter: string;
  bufferBytes?: number;
}

export class LiveSessionSource implements SessionSource {
  readonly kind = 'live';
  private readonly live: LiveSource;
  private started: LiveStarted | null = null;

  constructor(private readonly spec: LiveSpec) {
    this.live = new LiveSource({ device: spec.device, filter: spec.filter, bufferSize: spec.bufferBytes });
  }

  get info(): LiveStarted | null {
    return this.started;
  }

  async begin(sink: PacketSink, onEnd: SourceEnd): Promise<Result<void>> {
    const r = await this.live.open(sink, (err) => {
      if (err) onEnd('error', err);
    });
    if (!r.ok) return r;
    this.started = r.value;
    return ok(undefined);
  }

  pause(): void {
    this.live.pause();
  }

  resume(): void {
    this.live.resume();
  }

  stop(): void {
    this.live.stop();
  }

  progress(): number | null {
    return null;
  }

  drops(): number | null {
    return this.live.stats().dropped;
  }

  /** Packets received and dropped so far (the kernel's and the interface's counts). */
  stats(): LiveStats {
    return this.live.stats();
  }

  describe(): SourceDto {
    return {
      kind: 'live',
      name: this.spec.device,
      filter: this.spec.filter,
      linkTypes: this.started ? [this.started.linkType] : [],
      backend: this.started?.backend ?? null,
      sizeBytes: null,
    };
  }

  warnings(): string[] {
    return this.started?.warning ? [this.started.warning] : [];
  }
}

/** Checks a BPF filter by opening the interface with it (libpcap compiles it there) and closing at once. */
export async function checkFilterOn(
  device: string,
  filter: string,
): Promise<Result<{ checked: boolean; note: string }>> {
  if (filter.trim() === '') return ok({ checked: true, note: 'no filter: every packet is captured' });
  const probe = new LiveSource({ device, filter, bufferSize: 1 << 20 });
  const r = await probe.open(() => {});
  probe.stop();
  if (r.ok) return ok({ checked: true, note: 'the filter is valid' });
  if (r.error.code === 'invalid-filter' || r.error.code === 'unknown-interface') return r;
  if (r.error.code === 'no-permission') {
    // no permission to open the interface yet: libpcap can still compile it for Ethernet framing
    const c = compileFilter(filter);
    if (c === null)
      return ok({ checked: false, note: `not checked: ${r.error.message}; libpcap checks it when the capture starts` });
    if (!c.ok) return c;
    return ok({
      checked: true,
      note: 'the filter is valid (checked for Ethernet framing: the interface cannot be opened without capture permission)',
    });
  }
  return fail(r.error.code, r.error.message, r.error.hint);
}
