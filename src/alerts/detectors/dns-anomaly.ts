/**
 * dns-anomaly: bursts of NXDOMAIN answers to one client (malware trying generated domain names,
 * or something badly misconfigured), and query names that look like data packed into DNS (very
 * long, random-looking labels: tunnelling). Also times queries to answers per server for the
 * dns-slow advice. DNS packets are few next to the rest: this works on the decoded hint.
 */
import type { AlertSeverity, Evidence } from '../../api/alerts.js';
import type { DnsHint } from '../../decode/app-hints.js';
import { type AlertContext, Paced } from '../context.js';
import { cleanText, count, duration, listSome, plural, round3 } from '../summary-format.js';
import { GenWindow } from '../windows.js';

/** What a generation holds per client (NXDOMAIN) or per client and domain (odd names). */
interface Tally {
  n: number;
  first: number;
  names: string[];
  frames: number[];
}

class DnsGen {
  readonly nx = new Map<number, Tally>();
  /** Per "client|domain": tunnelling-like names. */
  readonly odd = new Map<string, Tally>();
}

function tally<K>(m: Map<K, Tally>, key: K, name: string, t: number, frame: number): Tally | null {
  let x = m.get(key);
  if (x === undefined) {
    if (m.size >= MAX_MAP) return null;
    x = { n: 0, first: t, names: [], frames: [] };
    m.set(key, x);
  }
  x.n++;
  if (x.names.length < 5 && name) x.names.push(cleanText(name, 120));
  if (x.frames.length < 10) x.frames.push(frame);
  return x;
}

/** A new incident starts with what the window holds (the previous generation first). */
function seed(inc: { n: number; names: string[]; frames: number[] }, parts: (Tally | undefined)[]): number {
  let first = Number.POSITIVE_INFINITY;
  for (const x of parts) {
    if (x === undefined) continue;
    inc.n += x.n;
    for (const nm of x.names) if (inc.names.length < 5) inc.names.push(nm);
    for (const f of x.frames) if (inc.frames.length < 10) inc.frames.push(f);
    first = Math.min(first, x.first);
  }
  return first;
}

class NxIncident extends Paced {
  n = 0;
  readonly names: string[] = [];
  readonly frames: number[] = [];
  last: number;
  constructor(
    readonly client: number,
    public first: number,
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
    public first: number,
  ) {
    super();
    this.last = first;
  }
}

/** Per DNS server: response times and failures, for the dns-slow advice. */
export interface DnsServerStats {
  /** Queries whose fate is known: answered, or unanswered after 5 s. */
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
    if (!h.isResponse) {
      const key = h.id * 0x1000 + (src & 0xfff);
      if (this.pending.get(key) === undefined) {
        if (this.free.length === 0) this.expire(Number.POSITIVE_INFINITY, MAX_PENDING / 4);
        const slot = this.free.pop()!;
        this.pT[slot] = t;
        this.pServer[slot] = dst;
        this.pClient[slot] = src;
        this.pending.set(key, slot);
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
        s.queries++;
        s.answered++;
        if (s.times.length < 2000) s.times.push(Math.max(0, (t - this.pT[slot]) * 1000));
        if (h.rcode === 2) s.servfail++;
      }
    }
    if (h.rcode === 3 && this.alertsOn) this.nxdomain(dst, h.questions[0]?.name ?? '', t, frame);
  }

  private nxdomain(client: number, name: string, t: number, frame: number): void {
    const cfg = this.ctx.settings.dnsAnomaly;
    let inc = this.nx.get(client);
    if (inc !== undefined) {
      inc.n++;
      if (inc.names.length < 5 && name) inc.names.push(cleanText(name, 120));
      if (inc.frames.length < 10) inc.frames.push(frame);
      if (t > inc.last) inc.last = t;
      inc.dirty = true;
      return;
    }
    this.gens.advance(t);
    const x = tally(this.gens.cur.nx, client, name, t, frame);
    if (x === null) return;
    const before = this.gens.prev.nx.get(client);
    if (x.n + (before?.n ?? 0) < cfg.nxdomainThreshold) return;
    inc = new NxIncident(client, 0);
    inc.first = seed(inc, [before, x]);
    inc.last = t;
    this.nx.set(client, inc);
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
    let inc = this.tunnels.get(key);
    if (inc === undefined) {
      this.gens.advance(t);
      const x = tally(this.gens.cur.odd, key, name, t, frame);
      if (x === null) return;
      const before = this.gens.prev.odd.get(key);
      if (x.n + (before?.n ?? 0) < cfg.suspiciousThreshold) return;
      inc = new TunnelIncident(client, domain, 0);
      inc.first = seed(inc, [before, x]);
      inc.bytes = name.length * inc.n;
      inc.maxEntropy = h;
      inc.last = t;
      this.tunnels.set(key, inc);
      return;
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
      const s = this.server(this.pServer[slot]);
      if (s) {
        s.queries++;
        s.timeouts++;
      }
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
      const evidence: Evidence = {
        kind: 'nxdomain',
        client: ctx.addr(client),
        nxdomain: inc.n,
        sampleNames: inc.names.slice(),
        sampleFrames: inc.frames.slice(),
        windowSec: cfg.windowSec,
        threshold: cfg.nxdomainThreshold,
        durationSec: round3(inc.last - inc.first),
      };
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
