/**
 * Live capture through netlens-capture, the small helper that alone holds capture rights
 * (native/netlens_capture.c): it is started with the interface, filter, snaplen and buffer size,
 * and its pcapng stream (helper-stream.ts) becomes packets, libpcap's counters and, when the
 * capture ends by itself, why. Pausing skips packets here (counted). Stopping sends SIGTERM; the
 * helper also ends by itself when this process goes away (its stdout reports the reader gone).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { ErrorInfo, Result } from '../api/errors.js';
import { fail, ok } from '../api/errors.js';
import { helperNotAllowedError } from './capture-permission.js';
import { HelperStreamDecoder, type HelperCounts, type HelperInterface } from './helper-stream.js';
import { interfaceGoneError, invalidFilterError, mapOpenError } from './live-errors.js';
import type { RawPacket } from './raw-packet.js';

/** The longest filter the helper takes (native/helper_args.h NL_MAX_FILTER: it must fit pcapng's if_filter). */
export const HELPER_MAX_FILTER_BYTES = 65534;
const OPEN_TIMEOUT_MS = 15_000;
const KILL_AFTER_MS = 3000;
const STDERR_KEEP = 4096;
/** The one line the helper writes when it cannot open (netlens_capture.c open_failed). */
const OPEN_FAILED = /^netlens-capture: (create|activate|filter) failed \((-?\d+)\): (.*)$/m;

export interface HelperOptions {
  device: string;
  filter: string;
  snaplen: number;
  bufferSize: number;
  promisc: boolean;
}

export interface HelperOpened {
  linkType: number;
  snaplen: number;
  nano: boolean;
  warning: string;
}

export class HelperCapture {
  private child: ChildProcess | null = null;
  private counts: HelperCounts = { received: 0, dropped: 0, ifDropped: 0, final: false, error: null };
  private stderr = '';
  private state: 'opening' | 'running' | 'ended' = 'opening';
  private paused = false;
  private skipped = 0;
  private delivered = 0;
  private malformedWhy: string | null = null;

  constructor(
    readonly path: string,
    private readonly opts: HelperOptions,
  ) {}

  /** Starts the helper; resolves once it has opened the interface (its interface block), or with why not. */
  open(onPacket: (p: RawPacket) => void, onEnd: (error: ErrorInfo | null) => void): Promise<Result<HelperOpened>> {
    const { device, filter } = this.opts;
    if (Buffer.byteLength(filter) > HELPER_MAX_FILTER_BYTES)
      return Promise.resolve({
        ok: false,
        error: invalidFilterError(
          filter.slice(0, 60) + '...',
          `${Buffer.byteLength(filter)} bytes, longer than the ${HELPER_MAX_FILTER_BYTES} the capture helper takes`,
        ),
      });
    if (filter.includes('\0')) return Promise.resolve({ ok: false, error: invalidFilterError(filter, 'a NUL byte') });
    const args = ['-i', device, '-s', String(this.opts.snaplen), '-B', String(helperBufferMb(this.opts.bufferSize))];
    if (filter !== '') args.push('-f', filter);
    if (!this.opts.promisc) args.push('-p');
    return new Promise((resolve) => {
      let settled = false;
      const settle = (r: Result<HelperOpened>): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      let child: ChildProcess;
      try {
        child = spawn(this.path, args, { stdio: ['ignore', 'pipe', 'pipe'], env: {} });
      } catch (err) {
        return settle(fail('internal', `cannot start the capture helper: ${String(err)}`, 'this is a bug in NetLens'));
      }
      this.child = child;
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        settle(fail('interface-gone', `the capture helper did not open ${device} in time`, 'try again'));
      }, OPEN_TIMEOUT_MS);
      const decoder = new HelperStreamDecoder({
        onInterface: (i: HelperInterface) => {
          this.state = 'running';
          settle(ok({ linkType: i.linkType, snaplen: i.snaplen, nano: i.nano, warning: i.warning }));
        },
        onPacket: (p) => {
          if (this.state !== 'running') return;
          if (this.paused) {
            this.skipped++;
            return;
          }
          this.delivered++;
          onPacket(p);
        },
        onCounts: (c) => {
          this.counts = c;
        },
        onMalformed: (why) => {
          this.malformedWhy = why;
          child.kill('SIGTERM');
        },
      });
      child.stdout!.on('data', (chunk: Buffer) => decoder.push(chunk));
      child.stderr!.setEncoding('utf8').on('data', (d: string) => {
        if (this.stderr.length < STDERR_KEEP) this.stderr += d.slice(0, STDERR_KEEP - this.stderr.length);
      });
      child.once('error', (err: NodeJS.ErrnoException) => {
        this.state = 'ended';
        if (err.code === 'EACCES' || err.code === 'EPERM')
          settle({ ok: false, error: helperNotAllowedError(this.path) });
        else
          settle(
            fail(
              'no-permission',
              `cannot start the capture helper ${this.path}: ${err.message}`,
              'reinstall NetLens, or run netlens doctor',
            ),
          );
      });
      child.once('close', (code, signal) => {
        const wasRunning = this.state === 'running';
        this.state = 'ended';
        clearTimeout(this.killTimer);
        if (!settled) return settle({ ok: false, error: this.openError(code, signal) });
        if (wasRunning) onEnd(this.endError(code, signal));
      });
    });
  }

  private killTimer: NodeJS.Timeout | undefined;

  get running(): boolean {
    return this.state === 'running';
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  /** Stops delivering at once; the helper gets SIGTERM (SIGKILL if it has not gone within 3 s). */
  stop(): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    this.killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    this.killTimer.unref();
  }

  stats(): { packets: number; dropped: number; ifDropped: number; skippedWhilePaused: number } {
    const c = this.counts;
    return { packets: this.delivered, dropped: c.dropped, ifDropped: c.ifDropped, skippedWhilePaused: this.skipped };
  }

  /** Why the helper ended before it opened the interface: its one line, in the binding's terms. */
  private openError(code: number | null, signal: NodeJS.Signals | null): ErrorInfo {
    const m = OPEN_FAILED.exec(this.stderr);
    const { device, filter } = this.opts;
    if (m) return mapOpenError(device, filter, Number(m[2]), m[1], m[3]);
    const said = this.stderr.trim().split('\n')[0] ?? '';
    return {
      code: 'internal',
      message: `the capture helper ended before it opened ${device} (${signal ?? `exit code ${code}`})${said ? `: ${said}` : ''}`,
      hint: 'run netlens doctor; if it finds nothing wrong, this is a bug in NetLens',
    };
  }

  /** Why a running capture ended without stop(): the interface (its last statistics say), or the helper itself. */
  private endError(code: number | null, signal: NodeJS.Signals | null): ErrorInfo {
    const device = this.opts.device;
    if (this.counts.error !== null) return interfaceGoneError(device, this.counts.error);
    if (this.malformedWhy)
      return { code: 'internal', message: this.malformedWhy, hint: 'this is a bug in NetLens: please report it' };
    return {
      code: 'interface-gone',
      message: `the capture helper stopped capturing on ${device} (${signal ?? `exit code ${code}`})`,
      hint: 'capture stopped; everything captured until then is kept. Start it again',
    };
  }
}

/** The helper takes its kernel buffer in whole MB, 1..2047. */
function helperBufferMb(bytes: number): number {
  return Math.min(2047, Math.max(1, Math.round(bytes / 1_048_576)));
}
