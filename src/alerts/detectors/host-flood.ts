/**
 * host-flood: one address sends more than N packets within the window (the older tools'
 * "excessive packets from a single IP"). A sender that gets almost nothing back is flooding
 * (warning); one that gets its share of answers is a busy host moving data (info). Also DHCP
 * floods: one client MAC (or all clients together) sending far more DHCP requests than joining a
 * network takes, which no per-address count sees (the sender uses 0.0.0.0 or made-up addresses).
 */
import type { AlertSeverity, Evidence } from '../../api/alerts.js';
import type { AlertContext } from '../context.js';
import type { HostWindow } from '../host-window.js';
import { bitRate, count, duration, ipv4Text, listSome, plural, round3 } from '../text.js';
import { GenWindow } from '../windows.js';

const DHCP_TYPES: Record<number, string> = { 0: 'BOOTP', 1: 'DISCOVER', 3: 'REQUEST', 4: 'DECLINE', 7: 'RELEASE', 8: 'INFORM' };

class FloodIncident {
  last: number;
  peakRate = 0;
  dirty = true;
  constructor(
    readonly id: number,
    readonly first: number,
    /** The analyzer's cumulative counters of this address before the window that triggered. */
    readonly txBase: number,
    readonly rxBase: number,
    readonly bytesBase: number,
  ) {
    this.last = first;
  }
}

interface DhcpClient {
  n: number;
  first: number;
  firstFrame: number;
  lastFrame: number;
  types: Map<number, number>;
  ips: Set<number>;
  servers: Set<number>;
}

class DhcpGen {
  readonly clients = new Map<string, DhcpClient>();
  total = 0;
  first = 0;
  firstFrame = 0;
}

class DhcpIncident {
  n = 0;
  readonly types = new Map<number, number>();
  readonly ips = new Set<number>();
  readonly clients = new Set<string>();
  readonly sampleFrames: number[] = [];
  last: number;
  lastFrame: number;
  dirty = true;
  constructor(
    readonly mac: string | null,
    readonly first: number,
    readonly firstFrame: number,
  ) {
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

  constructor(
    private readonly ctx: AlertContext,
    private readonly hosts: HostWindow,
  ) {
    this.dhcpGens = new GenWindow(ctx.settings.hostWindowSec / 2, () => new DhcpGen());
  }

  tick(now: number): void {
    const cfg = this.ctx.settings.hostFlood;
    const h = this.hosts;
    const g = h.cur;
    if (g.packets + h.prev.packets >= cfg.threshold) {
      const addrs = this.ctx.analyzer.addresses;
      for (let i = 0; i < g.nTouched; i++) {
        const id = g.touched[i];
        const tx = h.txPackets(id);
        if (tx < cfg.threshold) continue;
        let f = this.floods.get(id);
        if (f === undefined) {
          const start = (h.prev.txPackets[id] > 0 ? h.cur.gen - 1 : h.cur.gen) * h.halfSec;
          const first = Math.max(start, this.ctx.analyzer.firstSec + this.ctx.analyzer.firstNsec * 1e-9);
          f = new FloodIncident(id, first, addrs.txPackets[id] - tx, addrs.rxPackets[id] - h.rxPackets(id), addrs.txBytes[id] - h.txBytes(id));
          this.floods.set(id, f);
        }
        f.last = now;
        f.peakRate = Math.max(f.peakRate, tx / this.ctx.settings.hostWindowSec);
        f.dirty = true;
      }
    }
    const gap = this.ctx.settings.incidentGapSec;
    for (const [id, f] of this.floods) {
      if (f.dirty) {
        f.dirty = false;
        this.raise(f);
      } else if (now - f.last > gap) this.floods.delete(id);
    }
    for (const [key, d] of this.dhcpFloods) {
      if (d.dirty) {
        d.dirty = false;
        this.raiseDhcp(d);
      } else if (now - d.last > gap) this.dhcpFloods.delete(key);
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
    const dst = this.hosts.mainDestination(f.id);
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
  dhcp(clientMac: string, messageType: number, srcIp4: number, dst: number, t: number, frame: number): void {
    const cfg = this.ctx.settings.hostFlood;
    if (!(messageType in DHCP_TYPES)) return;
    this.dhcpGens.advance(t);
    const g = this.dhcpGens.cur;
    if (g.total++ === 0) {
      g.first = t;
      g.firstFrame = frame;
    }
    let c = g.clients.get(clientMac);
    if (c === undefined) {
      if (g.clients.size >= MAX_DHCP_CLIENTS) return;
      c = { n: 0, first: t, firstFrame: frame, lastFrame: frame, types: new Map(), ips: new Set(), servers: new Set() };
      g.clients.set(clientMac, c);
    }
    c.n++;
    c.lastFrame = frame;
    c.types.set(messageType, (c.types.get(messageType) ?? 0) + 1);
    if (c.ips.size < MAX_SET) c.ips.add(srcIp4);
    if (c.servers.size < 16 && dst >= 0) c.servers.add(dst);

    const p = this.dhcpGens.prev;
    const pc = p.clients.get(clientMac);
    let inc = this.dhcpFloods.get(clientMac);
    if (inc === undefined && c.n + (pc?.n ?? 0) >= cfg.dhcpPerClient) {
      inc = new DhcpIncident(clientMac, pc?.first ?? c.first, pc?.firstFrame ?? c.firstFrame);
      for (const src of [pc, c]) {
        if (src === undefined) continue;
        inc.n += src.n;
        for (const [k, v] of src.types) inc.types.set(k, (inc.types.get(k) ?? 0) + v);
        for (const ip of src.ips) if (inc.ips.size < MAX_SET) inc.ips.add(ip);
      }
      inc.clients.add(clientMac);
      this.dhcpFloods.set(clientMac, inc);
    } else if (inc !== undefined) this.countDhcp(inc, clientMac, messageType, srcIp4);
    if (inc !== undefined) this.touch(inc, t, frame);

    let all = this.dhcpFloods.get('');
    if (all === undefined && g.total + p.total >= cfg.dhcpTotal && this.manyClients(g, p)) {
      all = new DhcpIncident(null, p.total > 0 ? p.first : g.first, p.total > 0 ? p.firstFrame : g.firstFrame);
      for (const gen of [p, g]) {
        all.n += gen.total;
        for (const [mac, cl] of gen.clients) {
          if (all.clients.size < MAX_SET) all.clients.add(mac);
          for (const [k, v] of cl.types) all.types.set(k, (all.types.get(k) ?? 0) + v);
        }
      }
      this.dhcpFloods.set('', all);
    } else if (all !== undefined) this.countDhcp(all, clientMac, messageType, srcIp4);
    if (all !== undefined) this.touch(all, t, frame);
  }

  /** More than one client, and no single one sending most of it (that is its own alert). */
  private manyClients(g: DhcpGen, p: DhcpGen): boolean {
    const per = new Map<string, number>();
    for (const gen of [p, g]) for (const [mac, c] of gen.clients) per.set(mac, (per.get(mac) ?? 0) + c.n);
    if (per.size < 2) return false;
    const total = g.total + p.total;
    for (const n of per.values()) if (n * 2 >= total) return false;
    return true;
  }

  private countDhcp(inc: DhcpIncident, mac: string, type: number, ip: number): void {
    inc.n++;
    inc.types.set(type, (inc.types.get(type) ?? 0) + 1);
    if (inc.ips.size < MAX_SET) inc.ips.add(ip);
    if (inc.clients.size < MAX_SET) inc.clients.add(mac);
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
    const types = [...d.types.entries()].sort((x, y) => y[1] - x[1]);
    const typeText = types.length === 1 ? `DHCP ${DHCP_TYPES[types[0][0]]} messages` : 'DHCP messages';
    const ips = [...d.ips].filter((ip) => ip !== 0);
    const dur = duration(d.last - d.first);
    const severity: AlertSeverity = d.n >= 10 * (d.mac ? cfg.dhcpPerClient : cfg.dhcpTotal) ? 'critical' : 'warning';
    const evidence: Evidence = {
      protocol: 'dhcp',
      messages: d.n,
      byType: Object.fromEntries(types.map(([k, v]) => [DHCP_TYPES[k], v])),
      distinctClients: d.clients.size,
      distinctSourceIps: ips.length,
      sampleSourceIps: ips.slice(0, 10).map(ipv4Text),
      sampleClients: [...d.clients].slice(0, 10),
      durationSec: round3(d.last - d.first),
      windowSec: ctx.settings.hostWindowSec,
      threshold: d.mac ? cfg.dhcpPerClient : cfg.dhcpTotal,
      firstFrame: d.firstFrame,
      lastFrame: d.lastFrame,
      sampleFrames: d.sampleFrames.slice(),
    };
    if (d.mac !== null) {
      const from = ips.length > 1 ? ` from ${plural(ips.length, 'different IP address', 'different IP addresses')}` : '';
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
