/**
 * syn-flood: many new connection attempts (SYNs that open a new stream; retransmissions are not
 * new attempts) to one service, or from many sources across the network, of which few complete
 * the handshake. Attempts are counted when seen; completion is known when they settle (attempts.ts).
 */
import type { Evidence } from '../../api/alerts.js';
import { TupleIndex } from '../../analysis/tuple-index.js';
import { OUT_REFUSED, type SettledAttempt } from '../attempts.js';
import { type AlertContext, Paced } from '../context.js';
import { count, duration, listSome, plural, round3 } from '../summary-format.js';
import { GenWindow, growF64, growI32 } from '../windows.js';

class SynGen {
  // small to start (a generation is made every half window); they grow with a flood
  readonly services = new TupleIndex(2, 16);
  syns = new Int32Array(16);
  settled = new Int32Array(16);
  completed = new Int32Array(16);
  refused = new Int32Array(16);
  sourcesOf = new Int32Array(16);
  firstT = new Float64Array(16);
  firstFrame = new Float64Array(16);
  readonly svcSources = new TupleIndex(3, 64);
  readonly sources = new TupleIndex(1, 64);
  readonly targets = new TupleIndex(1, 16);
  totalSyns = 0;
  totalSettled = 0;
  totalCompleted = 0;
  totalRefused = 0;
  totalFirstT = 0;
  totalFirstFrame = 0;

  ensure(id: number): void {
    if (id < this.syns.length) return;
    this.syns = growI32(this.syns, id);
    this.settled = growI32(this.settled, id);
    this.completed = growI32(this.completed, id);
    this.refused = growI32(this.refused, id);
    this.sourcesOf = growI32(this.sourcesOf, id);
    this.firstT = growF64(this.firstT, id);
    this.firstFrame = growF64(this.firstFrame, id);
  }
}

class FloodIncident extends Paced {
  syns = 0;
  settled = 0;
  completed = 0;
  refused = 0;
  readonly sources = new Set<number>();
  readonly targets = new Set<number>();
  readonly ports = new Set<number>();
  readonly sampleFrames: number[] = [];
  last: number;
  lastFrame: number;
  constructor(
    /** Target address id, or -1 for a network-wide flood. */
    readonly dst: number,
    readonly port: number,
    readonly first: number,
    readonly firstFrame: number,
  ) {
    super();
    this.last = first;
    this.lastFrame = firstFrame;
  }
}

const MAX_SET = 65_536;
const NETWORK = -1;

export class SynFloodDetector {
  private readonly gens: GenWindow<SynGen>;
  private readonly candidates = new Set<number>();
  private networkCandidate = false;
  private readonly floods = new Map<number, FloodIncident>();

  constructor(private readonly ctx: AlertContext) {
    this.gens = new GenWindow(ctx.settings.synFlood.windowSec / 2, () => new SynGen());
  }

  /** A SYN that opened a new TCP stream. */
  syn(src: number, dst: number, port: number, t: number, frame: number): void {
    const cfg = this.ctx.settings.synFlood;
    this.gens.advance(t);
    const g = this.gens.cur;
    const sid = g.services.intern(dst, port);
    g.ensure(sid);
    if (g.syns[sid]++ === 0) {
      g.firstT[sid] = t;
      g.firstFrame[sid] = frame;
    }
    const n = g.svcSources.size;
    if (g.svcSources.intern(dst, port, src) >= n) g.sourcesOf[sid]++;
    g.sources.intern(src);
    g.targets.intern(dst);
    if (g.totalSyns++ === 0) {
      g.totalFirstT = t;
      g.totalFirstFrame = frame;
    }
    const p = this.gens.prev;
    const key = dst * 0x1_0000 + port;
    if (g.syns[sid] * 2 >= cfg.threshold || g.syns[sid] + this.prevSyns(p, dst, port) >= cfg.threshold)
      this.candidates.add(key);
    if (g.totalSyns + p.totalSyns >= cfg.threshold) this.networkCandidate = true;
    if (this.floods.size > 0) {
      const f = this.floods.get(key);
      if (f !== undefined) this.count(f, src, dst, port, t, frame);
      const net = this.floods.get(NETWORK);
      if (net !== undefined) this.count(net, src, dst, port, t, frame);
    }
  }

  private prevSyns(p: SynGen, dst: number, port: number): number {
    const id = p.services.find(dst, port);
    return id >= 0 ? p.syns[id] : 0;
  }

  private count(f: FloodIncident, src: number, dst: number, port: number, t: number, frame: number): void {
    f.syns++;
    if (f.sources.size < MAX_SET) f.sources.add(src);
    if (f.targets.size < MAX_SET) f.targets.add(dst);
    if (f.ports.size < MAX_SET) f.ports.add(port);
    if (t > f.last) f.last = t;
    f.lastFrame = frame;
    if (f.sampleFrames.length < 10) f.sampleFrames.push(frame);
    f.dirty = true;
  }

  /** A SYN attempt settled: was the handshake completed? */
  settled(a: SettledAttempt): void {
    const g = this.gens.genOf(a.t);
    if (g !== null) {
      const sid = g.services.find(a.dst, a.port);
      if (sid >= 0) {
        g.settled[sid]++;
        if (a.completed) g.completed[sid]++;
        if (a.outcome === OUT_REFUSED) g.refused[sid]++;
      }
      g.totalSettled++;
      if (a.completed) g.totalCompleted++;
      if (a.outcome === OUT_REFUSED) g.totalRefused++;
    }
    if (this.floods.size > 0) {
      for (const f of [this.floods.get(a.dst * 0x1_0000 + a.port), this.floods.get(NETWORK)]) {
        if (f === undefined) continue;
        f.settled++;
        if (a.completed) f.completed++;
        if (a.outcome === OUT_REFUSED) f.refused++;
      }
    }
  }

  tick(now: number): void {
    if (this.candidates.size === 0 && !this.networkCandidate && this.floods.size === 0) return;
    const cfg = this.ctx.settings.synFlood;
    const { cur, prev } = this.gens;
    for (const key of this.candidates) {
      const dst = Math.floor(key / 0x1_0000);
      const port = key % 0x1_0000;
      if (this.floods.has(key)) {
        this.candidates.delete(key);
        continue;
      }
      let syns = 0;
      let settled = 0;
      let completed = 0;
      for (const g of [cur, prev]) {
        const id = g.services.find(dst, port);
        if (id < 0) continue;
        syns += g.syns[id];
        settled += g.settled[id];
        completed += g.completed[id];
      }
      if (syns < cfg.threshold) {
        if (syns * 2 < cfg.threshold) this.candidates.delete(key);
        continue;
      }
      if (settled * 2 < syns || completed > cfg.maxCompletedRatio * settled) continue;
      this.floods.set(key, this.start(dst, port, settled, completed));
      this.candidates.delete(key);
    }
    if (this.networkCandidate && !this.floods.has(NETWORK)) {
      const syns = cur.totalSyns + prev.totalSyns;
      const settled = cur.totalSettled + prev.totalSettled;
      const completed = cur.totalCompleted + prev.totalCompleted;
      const sources = cur.sources.size + prev.sources.size;
      // a flood at one service is that service's alert; network-wide means spread over targets
      let covered = false;
      for (const f of this.floods.values())
        if (f.dst !== NETWORK && now - f.last < cfg.windowSec && f.syns * 2 >= syns) covered = true;
      if (syns < cfg.threshold) this.networkCandidate = false;
      else if (
        !covered &&
        sources >= cfg.minSources &&
        settled * 2 >= syns &&
        completed <= cfg.maxCompletedRatio * settled
      ) {
        this.floods.set(NETWORK, this.start(NETWORK, 0, settled, completed));
        this.networkCandidate = false;
      }
    }
    const gap = this.ctx.settings.incidentGapSec;
    for (const [key, f] of this.floods) {
      f.size = f.syns;
      if (this.ctx.due(f)) {
        this.raise(f);
      } else if (!f.dirty && now - f.last > gap) this.floods.delete(key);
    }
  }

  /** A new incident with what the window holds: its attempts, sources, targets and first SYN. */
  private start(dst: number, port: number, settled: number, completed: number): FloodIncident {
    let first = Number.POSITIVE_INFINITY;
    let firstFrame = 0;
    let syns = 0;
    let refused = 0;
    const sources = new Set<number>();
    const targets = new Set<number>();
    const ports = new Set<number>();
    for (const g of [this.gens.prev, this.gens.cur]) {
      const ix = g.svcSources;
      for (let id = 0; id < ix.size; id++) {
        const d = ix.keyWord(id, 0);
        const p = ix.keyWord(id, 1);
        if (dst !== NETWORK && (d !== dst || p !== port)) continue;
        if (sources.size < MAX_SET) sources.add(ix.keyWord(id, 2));
        if (targets.size < MAX_SET) targets.add(d);
        if (ports.size < MAX_SET) ports.add(p);
      }
      if (dst === NETWORK) {
        if (g.totalSyns > 0 && g.totalFirstT < first) {
          first = g.totalFirstT;
          firstFrame = g.totalFirstFrame;
        }
        syns += g.totalSyns;
        refused += g.totalRefused;
      } else {
        const id = g.services.find(dst, port);
        if (id < 0) continue;
        syns += g.syns[id];
        refused += g.refused[id];
        if (g.firstT[id] < first) {
          first = g.firstT[id];
          firstFrame = g.firstFrame[id];
        }
      }
    }
    const f = new FloodIncident(dst, port, first, firstFrame);
    for (const x of sources) f.sources.add(x);
    for (const x of targets) f.targets.add(x);
    for (const x of ports) f.ports.add(x);
    f.syns = syns;
    f.settled = settled;
    f.completed = completed;
    f.refused = refused;
    f.last = Math.max(f.last, this.ctx.now);
    return f;
  }

  private raise(f: FloodIncident): void {
    const ctx = this.ctx;
    const cfg = ctx.settings.synFlood;
    const spoofed = f.sources.size >= cfg.minSources;
    const srcText =
      f.sources.size === 1
        ? ctx.addr([...f.sources][0])
        : `${count(f.sources.size)}${f.sources.size >= MAX_SET ? '+' : ''} addresses`;
    const fromText =
      f.sources.size === 1
        ? ctx.named([...f.sources][0])
        : `${count(f.sources.size)} different addresses${spoofed ? ' (likely spoofed)' : ''}`;
    const done =
      f.completed === 0
        ? 'none completed the handshake'
        : `only ${count(f.completed)} of ${count(f.settled)} completed the handshake`;
    const refused = f.refused > 0 ? ` (${count(f.refused)} refused: nothing listens there)` : '';
    const rate = f.syns / Math.max(f.last - f.first, 1e-3);
    const severity = f.syns >= cfg.threshold * 10 ? 'critical' : 'warning';
    const evidence: Evidence = {
      syns: f.syns,
      settled: f.settled,
      completed: f.completed,
      refused: f.refused,
      distinctSources: f.sources.size,
      distinctTargets: f.targets.size,
      synsPerSec: Math.round(rate),
      sampleSources: [...f.sources].slice(0, 10).map((id) => ctx.addr(id)),
      durationSec: round3(f.last - f.first),
      windowSec: cfg.windowSec,
      threshold: cfg.threshold,
      firstFrame: f.firstFrame,
      lastFrame: f.lastFrame,
      sampleFrames: f.sampleFrames.slice(),
    };
    if (f.dst === NETWORK) {
      const ports = [...f.ports].slice(0, 20);
      evidence.sampleTargets = [...f.targets].slice(0, 10).map((id) => ctx.addr(id));
      evidence.samplePorts = ports;
      const tgt = f.targets.size === 1 ? ctx.addr([...f.targets][0]) : `${count(f.targets.size)} hosts`;
      ctx.incidents.raise('syn-flood', 'syn-flood|network', f.first, f.last, {
        severity,
        source: srcText,
        target: tgt,
        summary: `${plural(f.syns, 'connection attempt')} (SYN) from ${fromText} to ${f.targets.size === 1 ? ctx.named([...f.targets][0]) : plural(f.targets.size, 'host')} in ${duration(f.last - f.first)}, and ${done}${refused}: a SYN flood${spoofed ? ' from spoofed sources' : ''}.`,
        evidence,
      });
      return;
    }
    const tgt = `${ctx.addr(f.dst)}:${f.port}`;
    evidence.target = tgt;
    evidence.port = f.port;
    ctx.incidents.raise('syn-flood', `syn-flood|${tgt}`, f.first, f.last, {
      severity,
      source: srcText,
      target: tgt,
      summary: `${ctx.named(f.dst)} port ${f.port} got ${plural(f.syns, 'connection attempt')} (SYN) in ${duration(f.last - f.first)} from ${fromText}, and ${done}${refused}: a SYN flood${f.sources.size > 1 && f.sources.size <= 5 ? ` (from ${listSome([...f.sources].map((s) => ctx.addr(s)))})` : ''}.`,
      evidence,
    });
  }
}
