/**
 * host-flood: one address sends more than N packets within the window (the older tools'
 * "excessive packets from a single IP"). A sender that gets almost nothing back is flooding
 * (warning); one that gets its share of answers is a busy host moving data (info). Also DHCP
 * floods: one client MAC (or all clients together) sending far more DHCP requests than joining a
 * network takes, which no per-address count sees (the sender uses 0.0.0.0 or made-up addresses).
 */
import type { AlertSeverity, Evidence } from '../../api/alerts.js';
import { ipv4ToString } from '../../decode/format.js';
import { TupleIndex } from '../../analysis/tuple-index.js';
import { type AlertContext, Paced } from '../context.js';
import type { HostWindow } from '../host-window.js';
import { bitRate, count, duration, listSome, plural, round3 } from '../summary-format.js';
import { GenWindow } from '../windows.js';

const DHCP_TYPES: Record<number, string> = {
  0: 'BOOTP',
  1: 'DISCOVER',
  3: 'REQUEST',
  4: 'DECLINE',
  7: 'RELEASE',
  8: 'INFORM',
};
/** DHCP message types a client sends (by type number 0-8). */
const CLIENT_TYPES = Uint8Array.from([1, 1, 0, 1, 1, 0, 0, 1, 1]);

class FloodIncident extends Paced {
  last: number;
  peakRate = 0;
  /** Where it sent most (over the capture), found once. */
  dst = -1;
  constructor(
    readonly id: number,
    readonly first: number,
    /** The analyzer's cumulative counters of this address before the window that triggered. */
    readonly txBase: number,
    readonly rxBase: number,
    readonly bytesBase: number,
  ) {
    super();
    this.last = first;
  }
}

interface DhcpClient {
  n: number;
  first: number;
  firstFrame: number;
  lastFrame: number;
  /** Messages by DHCP message type (0-8). */
  types: Int32Array;
  /** Distinct source addresses (a TupleIndex: no boxing of uint32 addresses). */
  ips: TupleIndex;
}

class DhcpGen {
  readonly clients = new Map<string, DhcpClient>();
  /** The most messages one client sent in this generation. */
  maxN = 0;
  total = 0;
  first = 0;
  firstFrame = 0;
}

class DhcpIncident extends Paced {
  n = 0;
  readonly types = new Int32Array(9);
  readonly ips = new TupleIndex(1, 64);
  lastIp = -1;
  readonly clients = new Set<string>();
  readonly sampleFrames: number[] = [];
  last: number;
  lastFrame: number;
  constructor(
    readonly mac: string | null,
    readonly first: number,
    readonly firstFrame: number,
  ) {
    super();
    this.last = first;
    this.lastFrame = firstFrame;
  }
}

const MAX_SET = 4096;
const MAX_DHCP_CLIENTS = 100_000;

export class HostFloodDetector {
  private readonly floods = new Map<number, FloodIncident>();
  private readonly dhcpGens: GenWindow<DhcpGen>;
  private readonly dhcpFloods = new Map<string, DhcpIncident>();
  private lastDhcp: DhcpIncident | null = null;
  private lastClient: DhcpClient | null = null;
  private lastClientGen: DhcpGen | null = null;
  private lastClientMac = '';
  private allDhcp: DhcpIncident | null = null;

  constructor(
    private readonly ctx: AlertContext,
    private readonly hosts: HostWindow,
  ) {
    this.dhcpGens = new GenWindow(ctx.settings.hostWindowSec / 2, () => new DhcpGen());
  }

  /** Checks every address's window (call once a second at most; time grows with the address count). */
  tick(now: number, scanHosts = true): void {
    const cfg = this.ctx.settings.hostFlood;
    const h = this.hosts;
    if (scanHosts && h.packets >= cfg.threshold) {
      const addrs = this.ctx.analyzer.addresses;
      h.forEachAtLeast('txPackets', cfg.threshold, (id, tx) => {
        let f = this.floods.get(id);
        if (f === undefined) {
          const first = Math.max(h.start, this.ctx.analyzer.firstSec + this.ctx.analyzer.firstNsec * 1e-9);
          f = new FloodIncident(
            id,
            first,
            addrs.txPackets[id] - tx,
            addrs.rxPackets[id] - h.rxPackets(id),
            addrs.txBytes[id] - h.txBytes(id),
          );
          f.dst = h.mainDestination(id);
          this.floods.set(id, f);
        }
        f.last = now;
        f.peakRate = Math.max(f.peakRate, tx / Math.max(1, now - h.start));
        f.dirty = true;
      });
    }
    const gap = this.ctx.settings.incidentGapSec;
    if (this.floods.size > 0)
      for (const [id, f] of this.floods) {
        f.size = this.ctx.analyzer.addresses.txPackets[id] - f.txBase;
        if (this.ctx.due(f)) {
          this.raise(f);
        } else if (!f.dirty && now - f.last > gap) this.floods.delete(id);
      }
    if (this.dhcpFloods.size > 0)
      for (const [key, d] of this.dhcpFloods) {
        d.size = d.n;
        if (this.ctx.due(d)) {
          this.raiseDhcp(d);
        } else if (!d.dirty && now - d.last > gap) {
          this.dhcpFloods.delete(key);
          if (this.lastDhcp === d) this.lastDhcp = null;
          if (this.allDhcp === d) this.allDhcp = null;
        }
      }
  }

  private raise(f: FloodIncident): void {
    const ctx = this.ctx;
    const cfg = ctx.settings.hostFlood;
    const a = ctx.analyzer.addresses;
    const tx = a.txPackets[f.id] - f.txBase;
    const rx = a.rxPackets[f.id] - f.rxBase;
    const bytes = a.txBytes[f.id] - f.bytesBase;
    const win = this.hosts.txPackets(f.id);
    const winRx = this.hosts.rxPackets(f.id);
    const oneSided = winRx < cfg.oneSidedRatio * win;
    const severity: AlertSeverity = !oneSided ? 'info' : win >= 10 * cfg.threshold ? 'critical' : 'warning';
    const dst = f.dst;
    const src = ctx.addr(f.id);
    const dur = Math.max(f.last - f.first, 1e-3);
    const to = dst >= 0 ? `, mostly to ${ctx.named(dst)}` : '';
    const verdict = oneSided ? 'a flood' : 'a heavy two-way transfer, not necessarily a problem';
    const evidence: Evidence = {
      packets: tx,
      packetsBack: rx,
      bytes,
      windowPackets: win,
      windowPacketsBack: winRx,
      windowSec: ctx.settings.hostWindowSec,
      peakPacketsPerSec: Math.round(f.peakRate),
      averageBitsPerSec: Math.round((bytes * 8) / dur),
      mainDestination: dst >= 0 ? ctx.addr(dst) : null,
      oneSided,
      threshold: cfg.threshold,
    };
    ctx.incidents.raise('host-flood', `host-flood|${src}`, f.first, f.last, {
      severity,
      source: src,
      target: dst >= 0 ? ctx.addr(dst) : '',
      summary: `${ctx.named(f.id)} sent ${count(tx)} packets in ${duration(dur)} (${count(f.peakRate)} per second, ${bitRate(bytes / dur)})${to}, and got ${count(rx)} back: ${verdict}.`,
      evidence,
    });
  }

  /** A DHCP message from a client (ports 68 → 67). */
  dhcp(clientMac: string, messageType: number, srcIp4: number, t: number, frame: number): void {
    const cfg = this.ctx.settings.hostFlood;
    if (messageType < 0 || messageType > 8 || CLIENT_TYPES[messageType] === 0) return;
    // the client of an ongoing flood: only its incident counts (a flood repeats one MAC)
    const last = this.lastDhcp;
    if (last !== null && last.mac === clientMac && t - last.last <= this.ctx.settings.incidentGapSec) {
      this.countDhcp(last, null, messageType, srcIp4);
      this.touch(last, t, frame);
      if (this.allDhcp !== null) {
        this.countDhcp(this.allDhcp, clientMac, messageType, srcIp4);
        this.touch(this.allDhcp, t, frame);
      }
      return;
    }
    this.dhcpGens.advance(t);
    const g = this.dhcpGens.cur;
    if (g.total++ === 0) {
      g.first = t;
      g.firstFrame = frame;
    }
    // a flood repeats one MAC: the last client and incident are cached
    let c =
      this.lastClient !== null && this.lastClientGen === g && this.lastClientMac === clientMac
        ? this.lastClient
        : g.clients.get(clientMac);
    if (c === undefined) {
      if (g.clients.size >= MAX_DHCP_CLIENTS) return;
      c = { n: 0, first: t, firstFrame: frame, lastFrame: frame, types: new Int32Array(9), ips: new TupleIndex(1, 16) };
      g.clients.set(clientMac, c);
    }
    this.lastClient = c;
    this.lastClientGen = g;
    this.lastClientMac = clientMac;
    if (++c.n > g.maxN) g.maxN = c.n;
    c.lastFrame = frame;
    c.types[messageType]++;

    // one client: its own incident
    let inc =
      this.lastDhcp !== null && this.lastDhcp.mac === clientMac ? this.lastDhcp : this.dhcpFloods.get(clientMac);
    // the generation keeps addresses only until an incident does (to seed it)
    if (inc === undefined && c.ips.size < MAX_SET) c.ips.intern(srcIp4);
    if (inc === undefined) {
      const pc = this.dhcpGens.prev.clients.get(clientMac);
      if (c.n + (pc?.n ?? 0) >= cfg.dhcpPerClient) {
        inc = new DhcpIncident(clientMac, pc?.first ?? c.first, pc?.firstFrame ?? c.firstFrame);
        for (const src of [pc, c]) {
          if (src === undefined) continue;
          inc.n += src.n;
          for (let k = 0; k < 9; k++) inc.types[k] += src.types[k];
          for (let i = 0; i < src.ips.size && inc.ips.size < MAX_SET; i++) inc.ips.intern(src.ips.keyWord(i, 0));
        }
        inc.clients.add(clientMac);
        this.dhcpFloods.set(clientMac, inc);
      }
    } else this.countDhcp(inc, null, messageType, srcIp4);
    if (inc !== undefined) {
      this.lastDhcp = inc;
      this.touch(inc, t, frame);
    }

    // all clients together
    let all = this.allDhcp;
    const p = this.dhcpGens.prev;
    if (all === null) {
      if (g.total + p.total >= cfg.dhcpTotal && this.manyClients(g, p)) {
        all = new DhcpIncident(null, p.total > 0 ? p.first : g.first, p.total > 0 ? p.firstFrame : g.firstFrame);
        for (const gen of [p, g]) {
          all.n += gen.total;
          for (const [mac, cl] of gen.clients) {
            if (all.clients.size < MAX_SET) all.clients.add(mac);
            for (let k = 0; k < 9; k++) all.types[k] += cl.types[k];
          }
        }
        this.allDhcp = all;
        this.dhcpFloods.set('', all);
      }
    } else this.countDhcp(all, clientMac, messageType, srcIp4);
    if (all !== null) this.touch(all, t, frame);
  }

  private countDhcp(inc: DhcpIncident, mac: string | null, type: number, ip: number): void {
    inc.n++;
    inc.types[type]++;
    if (ip !== inc.lastIp && inc.ips.size < MAX_SET) inc.ips.intern(ip);
    inc.lastIp = ip;
    if (mac !== null && inc.clients.size < MAX_SET) inc.clients.add(mac);
  }

  /** More than one client, and none that may have sent half of it (that one is its own alert). */
  private manyClients(g: DhcpGen, p: DhcpGen): boolean {
    if (g.clients.size + p.clients.size < 3) return false;
    return (g.maxN + p.maxN) * 2 < g.total + p.total;
  }

  private touch(inc: DhcpIncident, t: number, frame: number): void {
    if (t > inc.last) inc.last = t;
    inc.lastFrame = frame;
    if (inc.sampleFrames.length < 10) inc.sampleFrames.push(frame);
    inc.dirty = true;
  }

  private raiseDhcp(d: DhcpIncident): void {
    const ctx = this.ctx;
    const cfg = ctx.settings.hostFlood;
    const types: [number, number][] = [];
    d.types.forEach((v, k) => {
      if (v > 0) types.push([k, v]);
    });
    types.sort((x, y) => y[1] - x[1]);
    const typeText = types.length === 1 ? `DHCP ${DHCP_TYPES[types[0][0]]} messages` : 'DHCP messages';
    const ips: number[] = [];
    for (let i = 0; i < d.ips.size; i++) if (d.ips.keyWord(i, 0) !== 0) ips.push(d.ips.keyWord(i, 0));
    const dur = duration(d.last - d.first);
    const severity: AlertSeverity = d.n >= 10 * (d.mac ? cfg.dhcpPerClient : cfg.dhcpTotal) ? 'critical' : 'warning';
    const evidence: Evidence = {
      protocol: 'dhcp',
      messages: d.n,
      byType: Object.fromEntries(types.map(([k, v]) => [DHCP_TYPES[k], v])),
      distinctClients: d.clients.size,
      distinctSourceIps: ips.length,
      sampleSourceIps: ips.slice(0, 10).map(ipv4ToString),
      sampleClients: [...d.clients].slice(0, 10),
      durationSec: round3(d.last - d.first),
      windowSec: ctx.settings.hostWindowSec,
      threshold: d.mac ? cfg.dhcpPerClient : cfg.dhcpTotal,
      firstFrame: d.firstFrame,
      lastFrame: d.lastFrame,
      sampleFrames: d.sampleFrames.slice(),
    };
    if (d.mac !== null) {
      const from =
        ips.length > 1 ? ` from ${plural(ips.length, 'different IP address', 'different IP addresses')}` : '';
      ctx.incidents.raise('host-flood', `host-flood|dhcp|${d.mac}`, d.first, d.last, {
        severity,
        source: d.mac,
        target: 'DHCP server',
        summary: `The device ${d.mac} sent ${count(d.n)} ${typeText} in ${dur}${from}: a DHCP flood (a device joining a network sends a handful).`,
        evidence,
      });
      return;
    }
    ctx.incidents.raise('host-flood', 'host-flood|dhcp|all', d.first, d.last, {
      severity,
      source: `${plural(d.clients.size, 'device')}`,
      target: 'DHCP server',
      summary: `${count(d.n)} ${typeText} from ${plural(d.clients.size, 'device')} in ${dur}${d.clients.size > 5 ? '' : ` (${listSome([...d.clients])})`}: a DHCP flood (many made-up devices asking for addresses exhaust the pool).`,
      evidence,
    });
  }
}
