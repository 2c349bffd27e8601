/**
 * port-scan: one source probing many ports of one target (vertical scan: SYN, FIN/NULL/Xmas and
 * UDP), or the same port on many hosts (sweep), within the window, most of the probes unanswered.
 * Counts settled connection attempts (see attempts.ts), keyed by address ids in TupleIndexes that
 * are replaced every half window.
 */
import type { Evidence } from '../../api/alerts.js';
import { TupleIndex } from '../../analysis/tuple-index.js';
import { KIND_NAMES, KIND_UDP, OUT_OPEN, type SettledAttempt } from '../attempts.js';
import { Paced, pairKey, type AlertContext } from '../context.js';
import { count, duration, listSome, plural, round3 } from '../summary-format.js';
import { GenWindow, MAX_GEN_KEYS, growF64, growI32, growU8 } from '../windows.js';

class ScanGen {
  // small to start (a generation is made every half window); they grow with a scan
  readonly triples = new TupleIndex(3, 64);
  tripleFailed = new Uint8Array(64);
  readonly pairs = new TupleIndex(2, 16);
  pairDistinct = new Int32Array(16);
  pairFailed = new Int32Array(16);
  pairFirstT = new Float64Array(16);
  pairFirstFrame = new Float64Array(16);
  readonly sweeps = new TupleIndex(2, 16);
  sweepDistinct = new Int32Array(16);
  sweepFailed = new Int32Array(16);
  sweepFirstT = new Float64Array(16);
  sweepFirstFrame = new Float64Array(16);
}

/** Everything known about one ongoing scan incident. */
class ScanIncident extends Paced {
  readonly ports = new Set<number>();
  readonly open: number[] = [];
  readonly hosts = new Set<number>();
  readonly kinds = new Int32Array(KIND_NAMES.length);
  readonly sampleFrames: number[] = [];
  probes = 0;
  unanswered = 0;
  lastFrame = 0;
  last: number;
  constructor(
    readonly sweep: boolean,
    readonly src: number,
    /** Target address id (vertical) or the port (sweep). */
    readonly target: number,
    public first: number,
    public firstFrame: number,
  ) {
    super();
    this.last = first;
  }
}

const MAX_PORTS_KEPT = 65_536;
const MAX_HOSTS_KEPT = 65_536;

export class PortScanDetector {
  private readonly gens: GenWindow<ScanGen>;
  private readonly scans = new Map<number, ScanIncident>();

  constructor(private readonly ctx: AlertContext) {
    this.gens = new GenWindow(ctx.settings.portScan.windowSec / 2, () => new ScanGen());
  }

  /** One settled attempt (called for every kind). */
  settled(a: SettledAttempt): void {
    const cfg = this.ctx.settings.portScan;
    this.gens.advance(a.t);
    const g = this.gens.cur;
    const cls = a.kind === KIND_UDP ? 1 : 0;
    const kp = (cls << 16) | a.port;
    // A stealth probe is a probe whatever the answer: no legitimate client sends it.
    const failed = a.kind >= 2 || a.outcome !== OUT_OPEN;
    const n = g.triples.size;
    if (n >= MAX_GEN_KEYS && g.triples.find(a.src, a.dst, kp) < 0) {
      // the generation is full (a flood of distinct probes): only ongoing incidents count this one
      const inc = this.scans.get(pairKey(a.src, a.dst));
      if (inc !== undefined) this.record(inc, a, failed, cls);
      const sw = this.scans.get(-(a.src * 0x2_0000 + kp) - 1);
      if (sw !== undefined) this.record(sw, a, failed, cls);
      return;
    }
    const tid = g.triples.intern(a.src, a.dst, kp);
    const np = g.pairs.size;
    const pid = g.pairs.intern(a.src, a.dst);
    const ns = g.sweeps.size;
    const sid = g.sweeps.intern(a.src, kp);
    if (pid >= g.pairDistinct.length) {
      g.pairDistinct = growI32(g.pairDistinct, pid);
      g.pairFailed = growI32(g.pairFailed, pid);
      g.pairFirstT = growF64(g.pairFirstT, pid);
      g.pairFirstFrame = growF64(g.pairFirstFrame, pid);
    }
    if (sid >= g.sweepDistinct.length) {
      g.sweepDistinct = growI32(g.sweepDistinct, sid);
      g.sweepFailed = growI32(g.sweepFailed, sid);
      g.sweepFirstT = growF64(g.sweepFirstT, sid);
      g.sweepFirstFrame = growF64(g.sweepFirstFrame, sid);
    }
    if (pid >= np) {
      g.pairFirstT[pid] = a.t;
      g.pairFirstFrame[pid] = a.frame;
    }
    if (sid >= ns) {
      g.sweepFirstT[sid] = a.t;
      g.sweepFirstFrame[sid] = a.frame;
    }
    if (tid >= n) {
      if (tid >= g.tripleFailed.length) g.tripleFailed = growU8(g.tripleFailed, tid);
      g.tripleFailed[tid] = failed ? 1 : 0;
      g.pairDistinct[pid]++;
      g.sweepDistinct[sid]++;
      if (failed) {
        g.pairFailed[pid]++;
        g.sweepFailed[sid]++;
      }
    } else if (g.tripleFailed[tid] === 1 && !failed) {
      // answered on a later try: not a failed port after all
      g.tripleFailed[tid] = 0;
      g.pairFailed[pid]--;
      g.sweepFailed[sid]--;
    }

    const vKey = pairKey(a.src, a.dst);
    let inc = this.scans.get(vKey);
    if (inc === undefined) {
      const p = this.gens.prev;
      const ppid = p.pairs.find(a.src, a.dst);
      const distinct = g.pairDistinct[pid] + (ppid >= 0 ? p.pairDistinct[ppid] : 0);
      const nFailed = g.pairFailed[pid] + (ppid >= 0 ? p.pairFailed[ppid] : 0);
      if (distinct >= cfg.threshold && nFailed * 2 >= distinct) {
        inc = new ScanIncident(false, a.src, a.dst, a.t, a.frame);
        this.seed(inc);
        this.scans.set(vKey, inc);
      }
    }
    if (inc !== undefined) this.record(inc, a, failed, cls);

    // sweeps: key by (src, class/port), stored with a different key space (negative)
    const sKey = -(a.src * 0x2_0000 + kp) - 1;
    let sw = this.scans.get(sKey);
    if (sw === undefined) {
      const p = this.gens.prev;
      const psid = p.sweeps.find(a.src, kp);
      const distinct = g.sweepDistinct[sid] + (psid >= 0 ? p.sweepDistinct[psid] : 0);
      const nFailed = g.sweepFailed[sid] + (psid >= 0 ? p.sweepFailed[psid] : 0);
      if (nFailed >= cfg.sweepHosts && nFailed * 2 >= distinct) {
        sw = new ScanIncident(true, a.src, kp, a.t, a.frame);
        this.seed(sw);
        this.scans.set(sKey, sw);
      }
    }
    if (sw !== undefined) this.record(sw, a, failed, cls);
  }

  /** A new incident starts with what the window already holds for it. */
  private seed(inc: ScanIncident): void {
    for (const g of [this.gens.prev, this.gens.cur]) {
      const id = inc.sweep ? g.sweeps.find(inc.src, inc.target) : g.pairs.find(inc.src, inc.target);
      if (id >= 0) {
        const t = inc.sweep ? g.sweepFirstT[id] : g.pairFirstT[id];
        if (t < inc.first) {
          inc.first = t;
          inc.firstFrame = inc.sweep ? g.sweepFirstFrame[id] : g.pairFirstFrame[id];
        }
      }
      const ix = g.triples;
      for (let id = 0; id < ix.size; id++) {
        if (ix.keyWord(id, 0) !== inc.src) continue;
        const dst = ix.keyWord(id, 1);
        const kp = ix.keyWord(id, 2);
        if (inc.sweep ? kp !== inc.target : dst !== inc.target) continue;
        if (inc.sweep) {
          if (inc.hosts.has(dst)) continue;
          if (inc.hosts.size < MAX_HOSTS_KEPT) inc.hosts.add(dst);
        } else {
          if (inc.ports.has(kp)) continue;
          if (inc.ports.size < MAX_PORTS_KEPT) inc.ports.add(kp);
        }
        inc.probes++;
        if (g.tripleFailed[id] === 1) inc.unanswered++;
        else if (!inc.sweep && inc.open.length < 64 && !inc.open.includes(kp & 0xffff)) inc.open.push(kp & 0xffff);
      }
    }
  }

  private record(inc: ScanIncident, a: SettledAttempt, failed: boolean, cls: number): void {
    const kp = (cls << 16) | a.port;
    if (inc.sweep) {
      if (!inc.hosts.has(a.dst)) {
        if (inc.hosts.size < MAX_HOSTS_KEPT) inc.hosts.add(a.dst);
        inc.probes++;
        if (failed) inc.unanswered++;
      }
    } else if (!inc.ports.has(kp)) {
      if (inc.ports.size < MAX_PORTS_KEPT) inc.ports.add(kp);
      inc.probes++;
      if (failed) inc.unanswered++;
      else if (inc.open.length < 64) inc.open.push(a.port);
    }
    inc.kinds[a.kind]++;
    if (a.t > inc.last) inc.last = a.t;
    inc.lastFrame = a.frame;
    if (inc.sampleFrames.length < 10) inc.sampleFrames.push(a.frame);
    inc.dirty = true;
  }

  /** Raises or updates the incidents that changed; forgets those that ended. */
  tick(now: number): void {
    if (this.scans.size === 0) return;
    const gap = this.ctx.settings.incidentGapSec;
    for (const [key, inc] of this.scans) {
      inc.size = inc.probes;
      if (this.ctx.due(inc)) {
        this.raise(inc);
      } else if (!inc.dirty && now - inc.last > gap) this.scans.delete(key);
    }
  }

  private raise(inc: ScanIncident): void {
    const ctx = this.ctx;
    const cfg = ctx.settings.portScan;
    const kinds: string[] = [];
    inc.kinds.forEach((n, k) => {
      if (n > 0) kinds.push(KIND_NAMES[k]);
    });
    const udpOnly = kinds.length === 1 && kinds[0] === 'UDP';
    const tcpOnly = !kinds.includes('UDP');
    const proto = udpOnly ? 'UDP ' : tcpOnly ? 'TCP ' : '';
    const scanType = kinds.length === 1 ? `a ${kinds[0]} scan` : `a scan (${kinds.join(', ')})`;
    const src = ctx.addr(inc.src);
    const dur = duration(inc.last - inc.first);
    const frames = { firstFrame: inc.firstFrame, lastFrame: inc.lastFrame, sampleFrames: inc.sampleFrames.slice() };
    if (inc.sweep) {
      const port = inc.target & 0xffff;
      const hosts = [...inc.hosts].slice(0, 20).map((h) => ctx.addr(h));
      const evidence: Evidence = {
        kind: 'sweep',
        scanner: src,
        port,
        protocol: inc.target >> 16 ? 'udp' : 'tcp',
        scanType: kinds,
        distinctHosts: inc.hosts.size,
        unanswered: inc.unanswered,
        sampleHosts: hosts,
        durationSec: round3(inc.last - inc.first),
        windowSec: cfg.windowSec,
        threshold: cfg.sweepHosts,
        ...frames,
      };
      ctx.incidents.raise('port-scan', `port-scan|sweep|${src}|${inc.target}`, inc.first, inc.last, {
        severity: 'warning',
        source: src,
        target: `port ${port} on ${plural(inc.hosts.size, 'host')}`,
        summary: `${ctx.named(inc.src)} tried ${proto}port ${port} on ${plural(inc.hosts.size, 'host')} in ${dur} (${scanType} sweep); ${count(inc.unanswered)} did not answer.`,
        evidence,
      });
      return;
    }
    const ports = [...inc.ports].map((kp) => kp & 0xffff);
    const open = inc.open.slice().sort((x, y) => x - y);
    const tgt = ctx.addr(inc.target);
    const answered =
      open.length === 0 ? 'none answered' : `${plural(open.length, 'port')} answered (open): ${listSome(open, 8)}`;
    const evidence: Evidence = {
      kind: 'vertical',
      scanner: src,
      target: tgt,
      protocol: udpOnly ? 'udp' : tcpOnly ? 'tcp' : 'tcp+udp',
      scanType: kinds,
      distinctPorts: inc.ports.size,
      unanswered: inc.unanswered,
      openPorts: open,
      samplePorts: ports.slice(0, 20),
      durationSec: round3(inc.last - inc.first),
      windowSec: cfg.windowSec,
      threshold: cfg.threshold,
      ...frames,
    };
    ctx.incidents.raise('port-scan', `port-scan|${src}|${tgt}`, inc.first, inc.last, {
      severity: 'warning',
      source: src,
      target: tgt,
      summary: `${ctx.named(inc.src)} tried ${count(inc.ports.size)} ${proto}ports on ${ctx.named(inc.target)} in ${dur} (${scanType}); ${answered}.`,
      evidence,
    });
  }
}
