/**
 * The live packet source: the only module that imports `cap`. Where this process may not capture
 * itself (Linux without root or CAP_NET_RAW) and the capture helper is there, packets come from
 * netlens-capture, the one program that holds capture rights (helper-source.ts; the desktop app
 * always uses it: NETLENS_LIVE_BACKEND=helper). In-process (root, benchmarks) it prefers the
 * project's small libpcap binding (native/, see live-native.ts) for batches, kernel timestamps,
 * original lengths, drop counts and a clean end when the interface goes away; without it, it runs
 * on `cap`, where drops are unknown and timestamps are taken when JS sees the packet.
 *
 * Runs on the main thread of its process (cap and libpcap's fd polling cannot live in a worker).
 * Packets are handed over in a reused RawPacket that is valid only during the callback.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorInfo, Result } from '../api/errors.js';
import { fail, ok } from '../api/errors.js';
import { canCapture } from './capture-permission.js';
import { findHelper } from './helper-locate.js';
import { HelperCapture } from './helper-source.js';
import { LINKTYPE } from './link-types.js';
import { isOpenError, loadNativePcap, type NativeDevice, type NativePcap } from './live-native.js';
import { mapOpenError, mapRuntimeError, unknownInterfaceError } from './live-errors.js';
import { newRawPacket, type RawPacket } from './raw-packet.js';

export const DEFAULT_BUFFER_MB = 128;
/** cap opens in immediate mode, where every slot of the kernel ring is a whole snaplen: give it more. */
export const DEFAULT_CAP_BUFFER_MB = 256;
export const DEFAULT_SNAPLEN = 262_144;
const CAP_SNAPLEN = 65_535;
const BATCH_BYTES = 4 << 20;

export interface LiveSourceOptions {
  device: string;
  /** BPF capture filter ('' for everything). */
  filter?: string;
  /** Kernel buffer in bytes. */
  bufferSize?: number;
  snaplen?: number;
  promisc?: boolean;
  /** 'auto': the helper where this process cannot capture, else the native binding when built, else cap. */
  backend?: LiveBackendChoice;
  /** Most packets handed over per turn of the event loop (native backend). */
  maxBatch?: number;
}

export interface LiveStats {
  /** Packets handed to the callback. */
  packets: number;
  /** Packets the kernel dropped for lack of buffer: null when the platform cannot say (never a made-up 0). */
  dropped: number | null;
  /** Packets the interface/driver dropped, where known. */
  ifDropped: number | null;
  /** Packets that arrived while paused and were skipped. */
  skippedWhilePaused: number;
}

export type LiveBackend = 'native' | 'cap' | 'helper';
export type LiveBackendChoice = 'auto' | LiveBackend;
/** Environment variable that picks the backend for 'auto' (the desktop app sets 'helper'). */
export const BACKEND_ENV = 'NETLENS_LIVE_BACKEND';

/**
 * Which backend an 'auto' source runs on: NETLENS_LIVE_BACKEND when it names one; else the capture
 * helper where this process cannot capture and the helper is there; else in-process (the native
 * binding when built, else cap), which fails with the permission hint when it cannot capture either.
 */
export function resolveBackend(
  requested: LiveBackendChoice = 'auto',
  env: NodeJS.ProcessEnv = process.env,
): LiveBackend {
  if (requested !== 'auto') return requested;
  const forced = env[BACKEND_ENV];
  if (forced === 'native' || forced === 'cap' || forced === 'helper') return forced;
  if (canCapture() === false && findHelper(env) !== null) return 'helper';
  return loadNativePcap() ? 'native' : 'cap';
}

export interface LiveStarted {
  linkType: number;
  snaplen: number;
  backend: LiveBackend;
  /** Timestamp source: the kernel's, at ns or µs resolution, or taken in JS (cap). */
  timestamps: 'kernel-ns' | 'kernel-us' | 'userspace';
  bufferSize: number;
  warning: string;
}

export type PacketHandler = (p: RawPacket) => void;
/** Called once when the capture ends: null after stop(), an error when it ended by itself. */
export type EndHandler = (error: ErrorInfo | null) => void;

interface CapHandle {
  open(device: string, filter: string, bufSize: number, buffer: Buffer): string;
  on(event: 'packet', cb: (nbytes: number, truncated: boolean) => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  close(): boolean;
}
interface CapModule {
  Cap: {
    new (): CapHandle;
    deviceList(): {
      name: string;
      description?: string;
      addresses: { addr: string; netmask?: string }[];
      flags?: string;
    }[];
  };
}

/**
 * cap objects whose open() failed after pcap_create (bad filter, no permission): cap's destructor
 * would call uv_poll_stop on a poll handle it never initialised and abort the process (seen:
 * "uv_poll_stop: Assertion `!uv__is_closing(handle)' failed" when the object was collected).
 * Kept here (with their Buffer) so they are never collected; one per failed open, which ends the command.
 */
const failedCaps: unknown[] = [];

let capModule: CapModule | null | undefined;
function loadCap(): CapModule | null {
  if (capModule !== undefined) return capModule;
  try {
    capModule = createRequire(import.meta.url)('cap') as CapModule;
  } catch {
    capModule = null;
  }
  return capModule;
}

const CAP_LINKTYPES: Record<string, number> = {
  NULL: LINKTYPE.NULL,
  ETHERNET: LINKTYPE.ETHERNET,
  IEEE802_11_RADIO: LINKTYPE.IEEE802_11_RADIOTAP,
  LINKTYPE_LINUX_SLL: LINKTYPE.LINUX_SLL,
  RAW: LINKTYPE.RAW,
};

/** The devices libpcap can open, with pcap_if_t flags (the cap fallback knows only loopback). */
export function pcapDeviceList(): Result<NativeDevice[] & { flagsKnown?: boolean }> {
  const native = loadNativePcap();
  if (native) {
    const list = native.deviceList();
    if (!Array.isArray(list))
      return fail('no-permission', `cannot list interfaces: ${list.error}`, 'see netlens capture --help');
    return ok(Object.assign(list, { flagsKnown: true }));
  }
  const cap = loadCap();
  if (!cap)
    return fail(
      'internal',
      'no packet capture library could be loaded (neither netlens_pcap nor cap)',
      'reinstall NetLens: npm ci builds cap against libpcap (Debian: apt-get install libpcap-dev)',
    );
  try {
    const list = cap.Cap.deviceList().map<NativeDevice>((d) => ({
      name: d.name,
      description: d.description ?? '',
      flags: d.flags === 'PCAP_IF_LOOPBACK' ? 1 : 0,
      addresses: d.addresses
        .filter((a) => typeof a.addr === 'string')
        .map((a) => ({ family: a.addr.includes(':') ? 'IPv6' : 'IPv4', address: a.addr, netmask: a.netmask ?? '' })),
    }));
    return ok(Object.assign(list, { flagsKnown: false }));
  } catch (err) {
    return fail(
      'no-permission',
      `cannot list interfaces: ${err instanceof Error ? err.message : String(err)}`,
      'see netlens capture --help',
    );
  }
}

export class LiveSource {
  readonly device: string;
  readonly filter: string;
  private readonly opts: LiveSourceOptions;
  private readonly pkt = newRawPacket();
  private native: NativePcap | null = null;
  private handle: object | null = null;
  private cap: CapHandle | null = null;
  private helper: HelperCapture | null = null;
  /** The Buffer libpcap/cap writes into: referenced here for the life of the handle (see DESIGN.md). */
  private buffer: Buffer | null = null;
  private words: Uint32Array | null = null;
  private onPacket: PacketHandler = () => {};
  private onEnd: EndHandler = () => {};
  private state: 'new' | 'running' | 'paused' | 'ended' = 'new';
  private delivered = 0;
  private skipped = 0;
  private lastNativeStats: { dropped: number; ifDropped: number; paused: number } | null = null;
  private started: LiveStarted | null = null;
  private goneTimer: NodeJS.Timeout | null = null;

  constructor(opts: LiveSourceOptions) {
    this.opts = opts;
    this.device = opts.device;
    this.filter = opts.filter ?? '';
  }

  get info(): LiveStarted | null {
    return this.started;
  }

  get running(): boolean {
    return this.state === 'running' || this.state === 'paused';
  }

  get paused(): boolean {
    return this.state === 'paused';
  }

  /**
   * Opens the device and starts delivering packets, on whichever backend resolveBackend() picks.
   * Errors (unknown device, bad filter, no permission) are values.
   */
  async open(onPacket: PacketHandler, onEnd: EndHandler = () => {}): Promise<Result<LiveStarted>> {
    const backend = resolveBackend(this.opts.backend);
    if (backend !== 'helper') return this.start(onPacket, onEnd, backend);
    const checked = this.begin(onPacket, onEnd);
    if (!checked.ok) return checked;
    const r = await this.startHelper();
    return this.opened(r);
  }

  /** open() for the in-process backends only (native or cap), which open at once. */
  start(
    onPacket: PacketHandler,
    onEnd: EndHandler = () => {},
    backend: LiveBackend = resolveBackend(this.opts.backend),
  ): Result<LiveStarted> {
    if (backend === 'helper')
      return fail('internal', 'the capture helper opens asynchronously', 'call LiveSource.open() instead of start()');
    const checked = this.begin(onPacket, onEnd);
    if (!checked.ok) return checked;
    const native = backend === 'cap' ? null : loadNativePcap();
    if (backend === 'native' && !native) {
      this.state = 'ended';
      return fail(
        'internal',
        'the netlens_pcap binding is not built',
        'build it: npm run build:native (needs libpcap-dev and a C compiler)',
      );
    }
    return this.opened(native ? this.startNative(native) : this.startCap());
  }

  /** Once per source: the handlers, and the device checked against libpcap's list. */
  private begin(onPacket: PacketHandler, onEnd: EndHandler): Result<void> {
    if (this.state !== 'new') return fail('internal', 'a live source can be started once', 'create a new LiveSource');
    this.onPacket = onPacket;
    this.onEnd = onEnd;
    const devices = pcapDeviceList();
    if (devices.ok && !devices.value.some((d) => d.name === this.device)) {
      this.state = 'ended';
      return {
        ok: false,
        error: unknownInterfaceError(
          this.device,
          devices.value.map((d) => d.name),
        ),
      };
    }
    return ok(undefined);
  }

  private opened(r: Result<LiveStarted>): Result<LiveStarted> {
    if (r.ok) {
      this.state = 'running';
      this.started = r.value;
    } else {
      this.state = 'ended';
    }
    return r;
  }

  pause(): void {
    if (this.state !== 'running') return;
    this.state = 'paused';
    if (this.native && this.handle) this.native.setPaused(this.handle, true);
    this.helper?.setPaused(true);
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.state = 'running';
    if (this.native && this.handle) this.native.setPaused(this.handle, false);
    this.helper?.setPaused(false);
  }

  /** Stops capturing and releases the device. Safe to call more than once. */
  stop(): void {
    this.end(null);
  }

  stats(): LiveStats {
    if (this.helper) {
      const h = this.helper.stats();
      return {
        packets: h.packets,
        dropped: h.dropped,
        ifDropped: h.ifDropped,
        skippedWhilePaused: h.skippedWhilePaused,
      };
    }
    if (this.native && this.handle && this.state !== 'ended') this.refreshNativeStats();
    const s = this.lastNativeStats;
    if (this.native) {
      return {
        packets: this.delivered,
        dropped: s ? s.dropped : null,
        ifDropped: s ? s.ifDropped : null,
        skippedWhilePaused: s ? s.paused : 0,
      };
    }
    return { packets: this.delivered, dropped: null, ifDropped: null, skippedWhilePaused: this.skipped };
  }

  private refreshNativeStats(): void {
    if (!this.native || !this.handle) return;
    const st = this.native.stats(this.handle);
    if (st) this.lastNativeStats = { dropped: st.dropped, ifDropped: st.ifDropped, paused: st.pausedPackets };
  }

  private ended(): boolean {
    return this.state === 'ended';
  }

  private end(error: ErrorInfo | null): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    if (this.goneTimer) clearInterval(this.goneTimer);
    this.goneTimer = null;
    if (this.native && this.handle) {
      this.refreshNativeStats();
      this.native.close(this.handle);
      // handle and buffer stay referenced until the object goes: the binding also holds the buffer until its close completes
    }
    this.helper?.stop();
    if (this.cap) {
      try {
        this.cap.close();
      } catch {
        // already closed
      }
    }
    const cb = this.onEnd;
    this.onEnd = () => {};
    cb(error);
  }

  private startNative(native: NativePcap): Result<LiveStarted> {
    const snaplen = this.opts.snaplen ?? DEFAULT_SNAPLEN;
    const bufferSize = this.opts.bufferSize ?? DEFAULT_BUFFER_MB << 20;
    this.native = native;
    this.buffer = Buffer.allocUnsafeSlow(Math.max(BATCH_BYTES, 16 + snaplen + 8));
    this.words = new Uint32Array(this.buffer.buffer, this.buffer.byteOffset, this.buffer.length >>> 2);
    this.pkt.buf = this.buffer;
    const r = native.open(
      this.device,
      this.filter,
      {
        snaplen,
        bufferSize,
        timeoutMs: 50,
        immediate: false,
        promisc: this.opts.promisc ?? true,
        maxBatch: this.opts.maxBatch ?? 8192,
      },
      this.buffer,
      (count, used) => this.onBatch(count, used),
      (status, message) => this.onNativeError(status, message),
    );
    if (isOpenError(r)) {
      this.buffer = null;
      return { ok: false, error: mapOpenError(this.device, this.filter, r.status, r.stage, r.message) };
    }
    this.handle = r.handle;
    this.pkt.linkType = r.linkType;
    return ok({
      linkType: r.linkType,
      snaplen: r.snaplen,
      backend: 'native',
      timestamps: r.nano ? 'kernel-ns' : 'kernel-us',
      bufferSize,
      warning: r.warning,
    });
  }

  private async startHelper(): Promise<Result<LiveStarted>> {
    const path = findHelper();
    if (path === null)
      return fail('internal', 'the capture helper netlens-capture is not built', 'build it: npm run build:native');
    const snaplen = this.opts.snaplen ?? DEFAULT_SNAPLEN;
    const bufferSize = this.opts.bufferSize ?? DEFAULT_BUFFER_MB << 20;
    const helper = new HelperCapture(path, {
      device: this.device,
      filter: this.filter,
      snaplen,
      bufferSize,
      promisc: this.opts.promisc ?? true,
    });
    this.helper = helper;
    const r = await helper.open(
      (p) => this.onPacket(p),
      (err) => this.end(err),
    );
    if (!r.ok) return r;
    if (this.state === 'ended') {
      // stopped while the helper was opening
      helper.stop();
      return fail('internal', 'the capture was stopped while it opened', 'start it again');
    }
    return ok({
      linkType: r.value.linkType,
      snaplen: r.value.snaplen,
      backend: 'helper',
      timestamps: r.value.nano ? 'kernel-ns' : 'kernel-us',
      bufferSize,
      warning: r.value.warning,
    });
  }

  private onBatch(count: number, used: number): void {
    const w = this.words;
    if (!w || this.state === 'ended') return;
    const p = this.pkt;
    let off = 0;
    for (let i = 0; i < count && off < used; i++) {
      const k = off >>> 2;
      p.tsSec = w[k];
      p.tsNsec = w[k + 1];
      const capLen = w[k + 2];
      p.capLen = capLen;
      p.origLen = w[k + 3];
      p.offset = off + 16;
      this.delivered++;
      this.onPacket(p);
      if (this.ended()) return; // the handler may stop the source
      off += 16 + ((capLen + 7) & ~7);
    }
  }

  private onNativeError(status: number, message: string): void {
    this.end(mapRuntimeError(this.device, status, message));
  }

  private startCap(): Result<LiveStarted> {
    const mod = loadCap();
    if (!mod)
      return fail(
        'internal',
        'no packet capture library could be loaded (neither netlens_pcap nor cap)',
        'reinstall NetLens: npm ci builds cap against libpcap (Debian: apt-get install libpcap-dev)',
      );
    const bufferSize = this.opts.bufferSize ?? DEFAULT_CAP_BUFFER_MB << 20;
    const c = new mod.Cap();
    this.buffer = Buffer.alloc(CAP_SNAPLEN);
    this.pkt.buf = this.buffer;
    let linkName: string;
    try {
      linkName = c.open(this.device, this.filter, bufferSize, this.buffer);
    } catch (err) {
      failedCaps.push(c, this.buffer);
      const msg = err instanceof Error ? err.message : String(err);
      return { ok: false, error: mapOpenError(this.device, this.filter, undefined, undefined, msg) };
    }
    const linkType =
      CAP_LINKTYPES[linkName] ??
      (/^Unknown linktype (\d+)$/.exec(linkName) ? Number(/(\d+)$/.exec(linkName)![1]) : LINKTYPE.ETHERNET);
    this.cap = c;
    this.pkt.linkType = linkType;
    c.on('packet', (nbytes) => this.onCapPacket(nbytes));
    c.on('error', (err) => this.end(mapRuntimeError(this.device, -1, err.message)));
    // cap reports no capture errors; on Linux, notice the interface leaving (best effort: cap may abort first)
    if (process.platform === 'linux') {
      this.goneTimer = setInterval(() => {
        if (!existsSync(`/sys/class/net/${this.device}`) && this.device !== 'any')
          this.end(mapRuntimeError(this.device, -1, 'The interface disappeared'));
      }, 500);
      this.goneTimer.unref();
    }
    return ok({ linkType, snaplen: CAP_SNAPLEN, backend: 'cap', timestamps: 'userspace', bufferSize, warning: '' });
  }

  private onCapPacket(nbytes: number): void {
    if (this.state === 'paused') {
      this.skipped++;
      return;
    }
    if (this.state !== 'running') return;
    const p = this.pkt;
    const ms = performance.timeOrigin + performance.now();
    const sec = Math.floor(ms / 1000);
    p.tsSec = sec;
    p.tsNsec = Math.min(999_999_999, Math.round((ms - sec * 1000) * 1e6));
    p.offset = 0;
    p.capLen = nbytes;
    p.origLen = nbytes; // cap does not give the length on the wire
    this.delivered++;
    this.onPacket(p);
  }
}
