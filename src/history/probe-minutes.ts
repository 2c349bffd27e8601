/**
 * Probe results per minute and target: probes sent and answered, RTT percentiles and jitter (the
 * mean absolute difference of consecutive answered RTTs, as the live view shows it), from the
 * samples the prober settles each second.
 */
import type { ProbeTargetKind, ProbeUpdate } from '../api/probe.js';
import { percentileSorted } from '../probe/probe-stats.js';
import type { ProbeMinuteWrite, ProbeRow } from './write-batch.js';

interface Cell {
  kind: ProbeTargetKind;
  sent: number;
  rtts: number[];
}

/** Keeps at most this many minutes open (older ones are written and dropped). */
const OPEN_MINUTES = 3;

export class ProbeMinutes {
  private readonly minutes = new Map<number, Map<string, Cell>>();
  private readonly closed: ProbeMinuteWrite[] = [];
  private readonly kinds = new Map<string, ProbeTargetKind>();

  add(u: ProbeUpdate): void {
    for (const t of u.snapshot.targets) this.kinds.set(t.host, t.kind);
    for (const s of u.samples) {
      for (const x of s.samples) {
        const sec = x.t > 1e11 ? x.t / 1000 : x.t;
        const minute = Math.floor(sec / 60);
        let m = this.minutes.get(minute);
        if (!m) {
          this.minutes.set(minute, (m = new Map()));
          this.closeOld(minute);
        }
        let c = m.get(s.host);
        if (!c) m.set(s.host, (c = { kind: this.kinds.get(s.host) ?? 'custom', sent: 0, rtts: [] }));
        c.sent++;
        if (x.rttMs !== null) c.rtts.push(x.rttMs);
      }
    }
  }

  private closeOld(latest: number): void {
    for (const [minute, m] of this.minutes) {
      if (minute > latest - OPEN_MINUTES) continue;
      this.closed.push({ minute, rows: rowsOf(m) });
      this.minutes.delete(minute);
    }
  }

  /** Every minute closed since the last call, and the open ones so far (the store replaces them). */
  take(): ProbeMinuteWrite[] {
    const out = this.closed.splice(0);
    for (const [minute, m] of this.minutes) out.push({ minute, rows: rowsOf(m) });
    return out;
  }
}

function rowsOf(m: Map<string, Cell>): ProbeRow[] {
  const rows: ProbeRow[] = [];
  for (const [host, c] of m) {
    const r = [...c.rtts].sort((a, b) => a - b);
    let jitter: number | null = null;
    if (c.rtts.length > 1) {
      let s = 0;
      for (let i = 1; i < c.rtts.length; i++) s += Math.abs(c.rtts[i] - c.rtts[i - 1]);
      jitter = s / (c.rtts.length - 1);
    }
    const mean = r.length ? r.reduce((a, b) => a + b, 0) / r.length : null;
    rows.push([
      host,
      c.kind,
      c.sent,
      r.length,
      r.length ? r[0] : null,
      percentileSorted(r, 50),
      percentileSorted(r, 95),
      r.length ? r[r.length - 1] : null,
      mean,
      jitter,
    ]);
  }
  return rows;
}
