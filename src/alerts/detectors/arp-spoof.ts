/**
 * arp-spoof, from ARP alone (requests and replies, gratuitous or not):
 * - impersonation: a MAC that claims an address (as ARP sender) and also asks who has that same
 *   address (from another address of its own). A spoofer must learn the real owner's MAC to pass
 *   traffic on; an honest host never asks for its own address (DAD probes use 0.0.0.0).
 * - conflict: an address claimed by a second MAC while the first one's claim is recent
 *   (gratuitous-ARP conflicts included).
 * - one MAC claiming many addresses.
 * ARP is rare next to IP traffic: plain Maps keyed by numbers, bounded.
 */
import type { AlertSeverity, Evidence } from '../../api/alerts.js';
import { ipv4ToString } from '../../decode/format.js';
import { type AlertContext, Paced } from '../context.js';
import { duration, listSome, macFromNumber } from '../summary-format.js';

const MAX_ENTRIES = 65_536;
const MAX_PER_MAC = 1024;

interface Claim {
  mac: number;
  first: number;
  last: number;
  frame: number;
  /** Addresses this claim was sent to in replies (who may now believe it). */
  victims: number[];
}

class ArpIncident extends Paced {
  readonly victims = new Set<number>();
  readonly macs = new Set<number>();
  readonly addresses = new Set<number>();
  readonly frames: number[] = [];
  last: number;
  constructor(
    readonly kind: 'impersonation' | 'conflict' | 'many-addresses',
    readonly mac: number,
    readonly ip: number,
    readonly first: number,
  ) {
    super();
    this.last = first;
  }
}

export class ArpSpoofDetector {
  /** Per claimed IPv4 address: the MACs that claimed it (latest first is not needed: small lists). */
  private readonly claims = new Map<number, Claim[]>();
  /** Per MAC: the addresses it claimed, and the addresses it asked for. */
  private readonly claimedBy = new Map<number, Set<number>>();
  private readonly askedBy = new Map<number, Set<number>>();
  private readonly incidents = new Map<string, ArpIncident>();

  constructor(private readonly ctx: AlertContext) {}

  /** One ARP packet: op (1 request, 2 reply), sender MAC/IP, target IP. */
  arp(op: number, senderMac: number, senderIp: number, targetIp: number, t: number, frame: number): void {
    if (senderIp === 0 || this.claims.size >= MAX_ENTRIES) return;
    // the sender claims senderIp
    let list = this.claims.get(senderIp);
    if (list === undefined) {
      list = [];
      this.claims.set(senderIp, list);
    }
    let mine: Claim | undefined;
    for (const c of list) {
      if (c.mac === senderMac) mine = c;
      else if (t - c.last <= this.ctx.settings.arpSpoof.conflictWindowSec)
        this.conflict(senderIp, c, senderMac, t, frame);
    }
    if (mine === undefined) {
      mine = { mac: senderMac, first: t, last: t, frame, victims: [] };
      if (list.length < 16) list.push(mine);
    } else {
      mine.last = t;
      mine.frame = frame;
    }
    if (
      op === 2 &&
      targetIp !== 0 &&
      targetIp !== senderIp &&
      mine.victims.length < 16 &&
      !mine.victims.includes(targetIp)
    )
      mine.victims.push(targetIp);
    const claimed = this.setOf(this.claimedBy, senderMac);
    if (claimed !== null && !claimed.has(senderIp)) {
      claimed.add(senderIp);
      if (claimed.size >= this.ctx.settings.arpSpoof.manyAddresses) this.many(senderMac, claimed, t, frame);
    }
    // it claims an address it also asked for: impersonation
    const asked = this.askedBy.get(senderMac);
    if (asked !== undefined && asked.has(senderIp))
      this.impersonation(senderMac, senderIp, op === 2 ? targetIp : 0, t, frame);
    // a request: it asks who has targetIp
    if (op === 1 && targetIp !== senderIp && targetIp !== 0) {
      const mine2 = this.setOf(this.askedBy, senderMac);
      if (mine2 !== null) mine2.add(targetIp);
      if (claimed !== null && claimed.has(targetIp)) this.impersonation(senderMac, targetIp, 0, t, frame);
    }
  }

  private setOf(m: Map<number, Set<number>>, mac: number): Set<number> | null {
    let s = m.get(mac);
    if (s === undefined) {
      if (m.size >= MAX_ENTRIES) return null;
      s = new Set();
      m.set(mac, s);
    }
    return s.size >= MAX_PER_MAC ? null : s;
  }

  private incident(key: string, make: () => ArpIncident, t: number, frame: number): ArpIncident {
    let inc = this.incidents.get(key);
    if (inc === undefined || t - inc.last > this.ctx.settings.incidentGapSec) {
      inc = make();
      this.incidents.set(key, inc);
    }
    if (t > inc.last) inc.last = t;
    if (inc.frames.length < 10 && !inc.frames.includes(frame)) inc.frames.push(frame);
    inc.dirty = true;
    return inc;
  }

  private impersonation(mac: number, ip: number, victim: number, t: number, frame: number): void {
    const inc = this.incident(
      `imp|${mac}|${ip}`,
      () => new ArpIncident('impersonation', mac, ip, this.firstClaim(ip, mac) ?? t),
      t,
      frame,
    );
    const claim = this.claims.get(ip)?.find((c) => c.mac === mac);
    if (claim !== undefined) {
      if (!inc.frames.includes(claim.frame) && inc.frames.length < 10) inc.frames.unshift(claim.frame);
      for (const v of claim.victims) inc.victims.add(v);
    }
    if (victim !== 0) inc.victims.add(victim);
  }

  private conflict(ip: number, before: Claim, mac: number, t: number, frame: number): void {
    const inc = this.incident(`conflict|${ip}`, () => new ArpIncident('conflict', mac, ip, before.first), t, frame);
    inc.macs.add(before.mac);
    inc.macs.add(mac);
  }

  private many(mac: number, claimed: Set<number>, t: number, frame: number): void {
    const inc = this.incident(`many|${mac}`, () => new ArpIncident('many-addresses', mac, 0, t), t, frame);
    for (const ip of claimed) if (inc.addresses.size < 256) inc.addresses.add(ip);
  }

  private firstClaim(ip: number, mac: number): number | undefined {
    return this.claims.get(ip)?.find((c) => c.mac === mac)?.first;
  }

  tick(now: number): void {
    if (this.incidents.size === 0) return;
    for (const [key, inc] of this.incidents) {
      if (this.ctx.due(inc)) {
        this.raise(key, inc);
      } else if (!inc.dirty && now - inc.last > this.ctx.settings.incidentGapSec) this.incidents.delete(key);
    }
  }

  /** The other addresses a MAC claimed (its own, presumably). */
  private ownAddresses(mac: number, except: number): number[] {
    return [...(this.claimedBy.get(mac) ?? [])].filter((ip) => ip !== except);
  }

  private raise(key: string, inc: ArpIncident): void {
    const ctx = this.ctx;
    const mac = macFromNumber(inc.mac);
    const ip = ipv4ToString(inc.ip);
    const frames = inc.frames.slice().sort((a, b) => a - b);
    let severity: AlertSeverity = 'warning';
    let summary: string;
    let source = mac;
    let target = ip;
    const evidence: Evidence = { kind: inc.kind, mac, frames };
    if (inc.kind === 'impersonation') {
      const own = this.ownAddresses(inc.mac, inc.ip);
      const victims = [...inc.victims].filter((v) => v !== inc.ip).map(ipv4ToString);
      evidence.impersonatedAddress = ip;
      evidence.spooferAddresses = own.map(ipv4ToString);
      evidence.victims = victims;
      if (own.length > 0) source = `${mac} (${ipv4ToString(own[0])})`;
      // pretending to be the address everyone else asked about is the classic man in the middle
      severity = victims.length > 0 ? 'critical' : 'warning';
      summary = `The device ${mac}${own.length ? ` (${listSome(own.map(ipv4ToString), 3)})` : ''} claimed to be ${ip} but also asked who ${ip} is: it is impersonating ${ip} (ARP spoofing)${victims.length ? `, fooling ${listSome(victims, 3)}` : ''}.`;
    } else if (inc.kind === 'conflict') {
      const macs = [...inc.macs].map(macFromNumber);
      evidence.address = ip;
      evidence.macs = macs;
      source = macs.join(', ');
      summary = `Two devices claim ${ip}: ${listSome(macs)}, within ${duration(Math.max(0, inc.last - inc.first))}; one of them may be impersonating it (ARP spoofing), or two devices were given the same address.`;
    } else {
      const ips = [...inc.addresses].map(ipv4ToString);
      evidence.addresses = ips;
      evidence.threshold = ctx.settings.arpSpoof.manyAddresses;
      target = `${ips.length} addresses`;
      summary = `The device ${mac} claims ${ips.length} IP addresses (${listSome(ips)}): it answers for others (ARP spoofing or proxy ARP).`;
    }
    ctx.incidents.raise('arp-spoof', `arp-spoof|${key}`, inc.first, inc.last, {
      severity,
      source,
      target,
      summary,
      evidence,
    });
  }
}
