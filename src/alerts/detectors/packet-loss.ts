/**
 * packet-loss: a sender whose TCP retransmissions exceed a share of its data segments within the
 * window (the analyzer decides what is a retransmission, as tshark does), or a target whose pings
 * (the prober's, or passive ones) go unanswered over the last minute.
 */
import type { AlertSeverity, Evidence } from '../../api/alerts.js';
import { type AlertContext, Paced } from '../context.js';
import type { HostWindow } from '../host-window.js';
import { bytesText, count, pct, round3 } from '../summary-format.js';

const PING_WINDOW_SEC = 60;

class RetxIncident extends Paced {
  segs = 0;
  retx = 0;
  sentBytes = 0;
  resentBytes = 0;
  rate = 0;
  peakPct = 0;
  dst = -1;
  last: number;
  constructor(
    readonly id: number,
    readonly first: number,
  ) {
    super();
    this.last = first;
  }
}

class PingSeries extends Paced {
  readonly times: number[] = [];
  readonly lost: boolean[] = [];
  nLost = 0;
  /** Start of the incident (the window's first probe when the rate first crossed), or -1. */
  first = -1;
  last = 0;
  constructor(
    readonly label: string,
    readonly method: 'ping' | 'prober',
  ) {
    super();
    this.dirty = false;
  }
}

export class PacketLossDetector {
  private readonly retx = new Map<number, RetxIncident>();
  private readonly pings = new Map<string, PingSeries>();

  constructor(
    private readonly ctx: AlertContext,
    private readonly hosts: HostWindow,
  ) {}

  /** Checks every sender's retransmission rate over the window (time grows with the address count). */
  tick(now: number, scanHosts = true): void {
    const cfg = this.ctx.settings.packetLoss;
    const h = this.hosts;
    // nothing to look at unless data was resent in the window
    if (
      scanHosts &&
      h.packets >= cfg.minSegments &&
      this.ctx.analyzer.retransmittedBytes > h.retransmittedBytesAtStart
    ) {
      // a sender needs at least minSegments x pct retransmissions to reach the rate
      const minRetx = Math.max(1, Math.ceil((cfg.minSegments * cfg.retransmissionPct) / 100));
      h.forEachAtLeast('retx', minRetx, (id, re) => {
        const segs = h.dataSegs(id);
        if (segs < cfg.minSegments) return;
        // by bytes: with segmentation offload a capture sees large segments go out and lost data
        // come back in fewer, larger retransmissions, so counting segments underestimates loss
        const sent = h.txBytes(id);
        const resent = h.retxBytes(id);
        const rate = Math.max((re / segs) * 100, sent > 0 ? (resent / sent) * 100 : 0);
        if (rate < cfg.retransmissionPct) return;
        let inc = this.retx.get(id);
        if (inc === undefined) {
          inc = new RetxIncident(id, Math.max(this.ctx.analyzer.firstSec, h.start));
          inc.dst = h.mainDestination(id);
          this.retx.set(id, inc);
        }
        inc.segs = segs;
        inc.retx = re;
        inc.sentBytes = sent;
        inc.resentBytes = resent;
        inc.rate = rate;
        inc.peakPct = Math.max(inc.peakPct, rate);
        inc.last = now;
        inc.dirty = true;
      });
    }
    const gap = this.ctx.settings.incidentGapSec;
    for (const [id, inc] of this.retx) {
      inc.size = this.ctx.analyzer.addresses.tcpRetransmissions[id];
      if (this.ctx.due(inc)) {
        this.raiseRetx(inc);
      } else if (!inc.dirty && now - inc.last > gap) this.retx.delete(id);
    }
  }

  private raiseRetx(inc: RetxIncident): void {
    const ctx = this.ctx;
    const cfg = ctx.settings.packetLoss;
    // (the analyzer's count includes repeated SYNs and FINs: never more than the data itself)
    const rate = Math.min(100, Math.round(inc.rate * 10) / 10);
    const severity: AlertSeverity = rate >= 4 * cfg.retransmissionPct ? 'critical' : 'warning';
    const dst = inc.dst;
    const src = ctx.addr(inc.id);
    const evidence: Evidence = {
      method: 'tcp-retransmissions',
      sender: src,
      mainDestination: dst >= 0 ? ctx.addr(dst) : null,
      dataSegments: inc.segs,
      retransmissions: inc.retx,
      bytesSent: inc.sentBytes,
      bytesResent: inc.resentBytes,
      ratePct: rate,
      peakRatePct: round3(inc.peakPct),
      windowSec: ctx.settings.hostWindowSec,
      thresholdPct: cfg.retransmissionPct,
    };
    ctx.incidents.raise('packet-loss', `packet-loss|retx|${src}`, inc.first, inc.last, {
      severity,
      source: src,
      target: dst >= 0 ? ctx.addr(dst) : '',
      summary: `${ctx.named(inc.id)} had to resend ${rate}% of what it sent (${count(inc.retx)} retransmitted segments, ${bytesText(inc.resentBytes)} of ${bytesText(inc.sentBytes)} in the last ${ctx.settings.hostWindowSec} seconds)${dst >= 0 ? ` to ${ctx.named(dst)}` : ''}: packets are being lost on the way.`,
      evidence,
    });
  }

  /** One probe outcome (a ping answered or lost) to a target. */
  probe(key: string, label: string, method: 'ping' | 'prober', t: number, lost: boolean): void {
    const cfg = this.ctx.settings.packetLoss;
    let s = this.pings.get(key);
    if (s === undefined) {
      if (this.pings.size >= 10_000) return;
      s = new PingSeries(label, method);
      this.pings.set(key, s);
    }
    s.times.push(t);
    s.lost.push(lost);
    if (lost) s.nLost++;
    while (s.times.length > 0 && (t - s.times[0] > PING_WINDOW_SEC || s.times.length > 100_000)) {
      s.times.shift();
      if (s.lost.shift()) s.nLost--;
    }
    const sent = s.times.length;
    if (sent < cfg.minProbes || (s.nLost / sent) * 100 < cfg.probeLossPct) return;
    if (s.first < 0 || t - s.last > this.ctx.settings.incidentGapSec) {
      s.first = s.times[0];
      s.raisedAt = -1; // a new incident
    }
    s.last = t;
    s.size = s.nLost;
    s.dirty = true;
  }

  /** Raises the ping/probe loss incidents that changed (paced like the others). */
  tickProbes(): void {
    if (this.pings.size === 0) return;
    const cfg = this.ctx.settings.packetLoss;
    for (const [key, s] of this.pings) {
      if (!this.ctx.due(s)) continue;
      const sent = s.times.length;
      const rate = (s.nLost / sent) * 100;
      const severity: AlertSeverity = rate >= 4 * cfg.probeLossPct ? 'critical' : 'warning';
      const evidence: Evidence = {
        method: s.method === 'prober' ? 'prober' : 'passive-ping',
        target: s.label,
        sent,
        lost: s.nLost,
        lossPct: round3(rate),
        windowSec: PING_WINDOW_SEC,
        thresholdPct: cfg.probeLossPct,
      };
      this.ctx.incidents.raise('packet-loss', `packet-loss|${key}`, s.first, s.last, {
        severity,
        source: '',
        target: s.label,
        summary: `${s.label} did not answer ${pct(s.nLost, sent)}% of ${s.method === 'prober' ? 'probes' : 'pings'} (${count(s.nLost)} of ${count(sent)}) in the last minute: packets are being lost on the way.`,
        evidence,
      });
    }
  }
}
