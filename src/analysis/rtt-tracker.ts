/**
 * Passive round-trip times from the packets themselves: ICMP echo request→reply pairs (tshark's
 * `icmp.resptime`) and TCP handshakes (its `tcp.analysis.initial_rtt`), aggregated per host.
 */
import type { RttStats } from '../api/report.js';

export type RttMethod = RttStats['method'];

export interface RttSample {
  method: RttMethod;
  /** Address id of the host measured. */
  host: number;
  /** Frame number of the packet that closed the measurement. */
  frame: number;
  seconds: number;
}

/** Echo requests remembered while waiting for their reply; older ones are dropped past this. */
const MAX_PENDING_ECHOES = 65_536;
/** Samples kept for per-sample queries; aggregates keep counting past it. */
const MAX_SAMPLES = 200_000;

export class RttTracker {
  private readonly pendingEcho = new Map<string, number>();
  private readonly byHost = new Map<string, { method: RttMethod; host: number; values: number[] }>();
  readonly samples: RttSample[] = [];

  echoRequest(src: number, dst: number, id: number, seq: number, t: number): void {
    const key = `${src}>${dst}#${id}#${seq}`;
    if (this.pendingEcho.has(key)) return; // a retransmitted request: tshark measures from the first
    if (this.pendingEcho.size >= MAX_PENDING_ECHOES) {
      const oldest = this.pendingEcho.keys().next().value;
      if (oldest !== undefined) this.pendingEcho.delete(oldest);
    }
    this.pendingEcho.set(key, t);
  }

  /** A reply from `src` to `dst`: pairs with the request from `dst` to `src`. */
  echoReply(src: number, dst: number, id: number, seq: number, t: number, frame: number): void {
    const sent = this.pendingEcho.get(`${dst}>${src}#${id}#${seq}`);
    if (sent === undefined) return;
    this.add('icmp-echo', src, t - sent, frame);
  }

  add(method: RttMethod, host: number, seconds: number, frame: number): void {
    if (!(seconds >= 0)) return;
    if (this.samples.length < MAX_SAMPLES) this.samples.push({ method, host, frame, seconds });
    const key = `${method}@${host}`;
    let e = this.byHost.get(key);
    if (!e) {
      e = { method, host, values: [] };
      this.byHost.set(key, e);
    }
    e.values.push(seconds);
  }

  stats(name: (host: number) => string): RttStats[] {
    const out: RttStats[] = [];
    for (const e of this.byHost.values()) {
      const v = [...e.values].sort((a, b) => a - b);
      const sum = v.reduce((a, b) => a + b, 0);
      const mid = v.length >> 1;
      const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
      out.push({
        host: name(e.host),
        method: e.method,
        samples: v.length,
        minMs: ms(v[0]),
        meanMs: ms(sum / v.length),
        medianMs: ms(median),
        maxMs: ms(v[v.length - 1]),
      });
    }
    return out.sort((a, b) => a.host.localeCompare(b.host) || a.method.localeCompare(b.method));
  }
}

function ms(s: number): number {
  return Math.round(s * 1e6) / 1e3;
}
