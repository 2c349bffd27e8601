/**
 * dns-anomaly: bursts of NXDOMAIN answers to one client (malware trying generated domain names,
 * or something badly misconfigured), and query names that look like data packed into DNS (very
 * long, random-looking labels: tunnelling). Also times queries to answers per server for the
 * dns-slow advice. DNS packets are few next to the rest: this works on the decoded hint.
 */
import type { AlertSeverity, Evidence } from '../../api/alerts.js';
import type { DnsHint } from '../../decode/app-hints.js';
import { type AlertContext, Paced } from '../context.js';
import { cleanText, count, duration, listSome, plural, round3 } from '../text.js';
import { GenWindow } from '../windows.js';

class DnsGen {
  readonly nx = new Map<number, number>();
  /** Per "client|domain": tunnelling-like names. */
  readonly odd = new Map<string, number>();
}

class NxIncident extends Paced {
  n = 0;
  readonly names: string[] = [];
  readonly frames: number[] = [];
  last: number;
  constructor(
    readonly client: number,
    readonly first: number,
  ) {
    super();
    this.last = first;
  }
}

class TunnelIncident extends Paced {
  n = 0;
  bytes = 0;
  maxEntropy = 0;
  readonly names: string[] = [];
  readonly frames: number[] = [];
  last: number;
  constructor(
    readonly client: number,
    readonly domain: string,
    readonly first: number,
  ) {
    super();
    this.last = first;
  }
}

/** Per DNS server: response times and failures, for the dns-slow advice. */
export interface DnsServerStats {
  queries: number;
  answered: number;
  /** Up to 2,000 response times (ms), the first ones. */
  times: number[];
  servfail: number;
  timeouts: number;
}

const MAX_PENDING = 16_384;
const TIMEOUT_SEC = 5;
const MAX_MAP = 100_000;

/** Shannon entropy of a string, in bits per character. */
export function entropy(s: string): number {
  if (s.length === 0) return 0;
  const freq = new Map<string, number>();
  for (const ch of s) freq.set(ch, (freq.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of freq.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** The registered-domain-ish part of a name: the last two labels (three for "co.uk"-like suffixes). */
export function baseDomain(name: string): string {
  const labels = name.replace(/\.$/, '').split('.');
  if (labels.length <= 2) return labels.join('.');
  const n = labels.length;
  const take = labels[n - 1].length === 2 && labels[n - 2].length <= 3 ? 3 : 2;
  return labels.slice(-take).join('.');
}

export class DnsAnomalyDetector {
  private readonly gens: GenWindow<DnsGen>;
  private readonly nx = new Map<number, NxIncident>();
  private readonly tunnels = new Map<string, TunnelIncident>();
  /** Queries waiting for their answer: DNS id and the client's low id bits (a small integer) to a slot. */
  private readonly pending = new Map<number, number>();
  private readonly pT = new Float64Array(MAX_PENDING);
  private readonly pServer = new Int32Array(MAX_PENDING);
  private readonly pClient = new Int32Array(MAX_PENDING);
  private readonly free: number[] = Array.from({ length: MAX_PENDING }, (_, i) => MAX_PENDING - 1 - i);
  readonly servers = new Map<number, DnsServerStats>();

  /** `alertsOn` false: only time the servers (for the dns-slow advice), raise nothing. */
  constructor(
    private readonly ctx: AlertContext,
    private readonly alertsOn = true,
  ) {
    this.gens = new GenWindow(ctx.settings.dnsAnomaly.windowSec / 2, () => new DnsGen());
  }

  private server(id: number): DnsServerStats | undefined {
    let s = this.servers.get(id);
    if (s === undefined) {
      if (this.servers.size >= 1000) return undefined;
      s = { queries: 0, answered: 0, times: [], servfail: 0, timeouts: 0 };
      this.servers.set(id, s);
    }
    return s;
  }

  /** A DNS message (not mDNS/LLMNR) from src to dst. */
  message(h: DnsHint, src: number, dst: number, t: number, frame: number): void {
    if (h.flavor !== 'dns' || h.opcode !== 0) return;
    this.gens.advance(t);
    if (!h.isResponse) {
      const key = h.id * 0x1000 + (src & 0xfff);
      if (!this.pending.has(key)) {
        if (this.free.length === 0) this.expire(Number.POSITIVE_INFINITY, MAX_PENDING / 4);
        const slot = this.free.pop()!;
        this.pT[slot] = t;
        this.pServer[slot] = dst;
        this.pClient[slot] = src;
        this.pending.set(key, slot);
        const s = this.server(dst);
        if (s) s.queries++;
      }
      const q = h.questions[0];
      if (q !== undefined && this.alertsOn) this.checkName(q.name, src, t, frame);
      return;
    }
    const key = h.id * 0x1000 + (dst & 0xfff);
    const slot = this.pending.get(key);
    if (slot !== undefined && this.pServer[slot] === src && this.pClient[slot] === dst) {
      this.pending.delete(key);
      this.free.push(slot);
      const s = this.server(src);
      if (s) {
        s.answered++;
        if (s.times.length < 2000) s.times.push(Math.max(0, (t - this.pT[slot]) * 1000));
        if (h.rcode === 2) s.servfail++;
      }
    }
    if (h.rcode === 3 && this.alertsOn) this.nxdomain(dst, h.questions[0]?.name ?? '', t, frame);
  }

  private nxdomain(client: number, name: string, t: number, frame: number): void {
    const cfg = this.ctx.settings.dnsAnomaly;
    const g = this.gens.cur;
    if (g.nx.size >= MAX_MAP) return;
    const n = (g.nx.get(client) ?? 0) + 1;
    g.nx.set(client, n);
    let inc = this.nx.get(client);
    if (inc === undefined) {
      const total = n + (this.gens.prev.nx.get(client) ?? 0);
      if (total < cfg.nxdomainThreshold) return;
      inc = new NxIncident(client, Math.max(this.gens.half * (this.gens.gen - 1), this.ctx.analyzer.firstSec));
      inc.n = total - 1;
      this.nx.set(client, inc);
    }
    inc.n++;
    if (inc.names.length < 10 && name) inc.names.push(cleanText(name, 100));
    if (inc.frames.length < 10) inc.frames.push(frame);
    if (t > inc.last) inc.last = t;
    inc.dirty = true;
  }

  private checkName(name: string, client: number, t: number, frame: number): void {
    const cfg = this.ctx.settings.dnsAnomaly;
    if (name.length < cfg.longLabel && name.length < cfg.longName) return;
    let longest = '';
    for (const l of name.split('.')) if (l.length > longest.length) longest = l;
    if (longest.length < cfg.longLabel && name.length < cfg.longName) return;
    const h = entropy(longest);
    if (h < cfg.minEntropy) return;
    const domain = baseDomain(name);
    const key = `${client}|${domain}`;
    const g = this.gens.cur;
    if (g.odd.size >= MAX_MAP) return;
    const n = (g.odd.get(key) ?? 0) + 1;
    g.odd.set(key, n);
    let inc = this.tunnels.get(key);
    if (inc === undefined) {
      const total = n + (this.gens.prev.odd.get(key) ?? 0);
      if (total < cfg.suspiciousThreshold) return;
      inc = new TunnelIncident(client, domain, Math.max(this.gens.half * (this.gens.gen - 1), this.ctx.analyzer.firstSec));
      inc.n = total - 1;
      this.tunnels.set(key, inc);
    }
    inc.n++;
    inc.bytes += name.length;
    inc.maxEntropy = Math.max(inc.maxEntropy, h);
    if (inc.names.length < 5) inc.names.push(cleanText(name, 120));
    if (inc.frames.length < 10) inc.frames.push(frame);
    if (t > inc.last) inc.last = t;
    inc.dirty = true;
  }

  private expire(now: number, limit = Number.POSITIVE_INFINITY): void {
    let n = 0;
    for (const [k, slot] of this.pending) {
      if (now - this.pT[slot] < TIMEOUT_SEC || n >= limit) break;
      this.pending.delete(k);
      this.free.push(slot);
      const s = this.servers.get(this.pServer[slot]);
      if (s) s.timeouts++;
      n++;
    }
  }

  tick(now: number): void {
    if (this.pending.size > 0) this.expire(now);
    if (this.nx.size === 0 && this.tunnels.size === 0) return;
    const ctx = this.ctx;
    const cfg = ctx.settings.dnsAnomaly;
    const gap = ctx.settings.incidentGapSec;
    for (const [client, inc] of this.nx) {
      inc.size = inc.n;
      if (!ctx.due(inc)) {
        if (!inc.dirty && now - inc.last > gap) this.nx.delete(client);
        continue;
      }
      const severity: AlertSeverity = 'warning';
      const evidence: Evidence = { kind: 'nxdomain', client: ctx.addr(client), nxdomain: inc.n, sampleNames: inc.names.slice(), sampleFrames: inc.frames.slice(), windowSec: cfg.windowSec, threshold: cfg.nxdomainThreshold, durationSec: round3(inc.last - inc.first) };
      ctx.incidents.raise('dns-anomaly', `dns-anomaly|nx|${ctx.addr(client)}`, inc.first, inc.last, {
        severity,
        source: ctx.addr(client),
        target: 'DNS',
        summary: `${ctx.named(client)} asked for ${plural(inc.n, 'name')} that do not exist (NXDOMAIN) in ${duration(inc.last - inc.first)}${inc.names.length ? `, such as ${listSome(inc.names, 3)}` : ''}: malware trying generated domains, or a misconfiguration.`,
        evidence,
      });
    }
    for (const [key, inc] of this.tunnels) {
      inc.size = inc.n;
      if (!ctx.due(inc)) {
        if (!inc.dirty && now - inc.last > gap) this.tunnels.delete(key);
        continue;
      }
      const severity: AlertSeverity = inc.n >= 5 * cfg.suspiciousThreshold ? 'warning' : 'info';
      const domain = cleanText(inc.domain, 100);
      const evidence: Evidence = {
        kind: 'tunnelling-like-names',
        client: ctx.addr(inc.client),
        domain,
        queries: inc.n,
        nameBytes: inc.bytes,
        maxLabelEntropy: round3(inc.maxEntropy),
        sampleNames: inc.names.slice(),
        sampleFrames: inc.frames.slice(),
        windowSec: cfg.windowSec,
        threshold: cfg.suspiciousThreshold,
      };
      ctx.incidents.raise('dns-anomaly', `dns-anomaly|tunnel|${ctx.addr(inc.client)}|${domain}`, inc.first, inc.last, {
        severity,
        source: ctx.addr(inc.client),
        target: domain,
        summary: `${ctx.named(inc.client)} sent ${count(inc.n)} DNS queries with long, random-looking names under ${domain} in ${duration(inc.last - inc.first)}: data may be tunnelled through DNS (some antivirus lookups look like this too).`,
        evidence,
      });
    }
  }

  finish(now: number): void {
    this.expire(now);
  }
}
