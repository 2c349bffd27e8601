/**
 * The alert engine: fed every packet by the pipeline (wants() then onPacket()), it runs every
 * detector on the packet stream (files and live capture alike, on packet time) and keeps the
 * alert list and the suggestions.
 *
 *   const engine = pipeline.alerts;                     // made by PacketPipeline (or new AlertEngine(analyzer, settings))
 *   const off = engine.on('alert', ({ change, alert }) => ...);   // 'new' or 'update' of one incident
 *   engine.on('suggestion', (s) => ...);                 // a suggestion appeared or changed
 *   engine.ingestProbe(update);                          // prober updates feed latency / loss / bufferbloat
 *   engine.snapshot();                                   // { alerts, suggestions, counts, dropped }: plain data
 *   engine.finish();                                     // the source ended: settle what is pending
 *
 * Per packet it makes a few comparisons and returns (the analyzer has counted the packet, and
 * the per-address windows are read from its counters); new flows (connection attempts), ICMP,
 * ARP, DNS and DHCP take slower paths, and the detectors' window work runs once a second of
 * packet time. ICMP routing is in icmp-events.ts, the suggestions' change tracking in
 * advice/suggestion-feed.ts. Listeners are called synchronously from the packet path: keep them short (the
 * delivery channels only enqueue). A listener that throws is counted, never propagated.
 */
import type { Alert, AlertEvent, AlertSettings, AlertsSnapshot, Suggestion } from '../api/alerts.js';
import type { PathVerdict } from '../api/path.js';
import type { ProbeUpdate } from '../api/probe.js';
import type { Analyzer } from '../analysis/analyzer.js';
import type { ConversationTable } from '../analysis/conversation-table.js';
import type { TcpStreamTable } from '../analysis/tcp-streams.js';
import type { RawPacket } from '../capture/raw-packet.js';
import type { DhcpHint, DnsHint, HttpRequestHint } from '../decode/app-hints.js';
import type { Decoded } from '../decode/decoded.js';
import { PROTO } from '../decode/protocols.js';
import { IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP } from '../decode/net/ip-protocols.js';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, TCP_URG } from '../decode/transport/tcp-flags.js';
import { DHCP_CLIENT_PORT, DHCP_SERVER_PORT } from '../decode/app/dhcp.js';
import { BandwidthShare } from './advice/bandwidth-hog.js';
import { CLEARTEXT_PORTS, CleartextTracker } from './advice/cleartext.js';
import { MtuTracker } from './advice/mtu.js';
import { PathAdvisor } from './advice/path-advice.js';
import { WifiSignal } from './advice/retransmissions.js';
import { SuggestionFeed } from './advice/suggestion-feed.js';
import {
  AttemptRegistry,
  KIND_FIN,
  KIND_NULL,
  KIND_ODD,
  KIND_SYN,
  KIND_UDP,
  KIND_XMAS,
  type SettledAttempt,
} from './attempts.js';
import { defaultAlertSettings } from './config.js';
import { AlertContext } from './context.js';
import { AccessAttemptsDetector } from './detectors/access-attempts.js';
import { ArpSpoofDetector } from './detectors/arp-spoof.js';
import { DnsAnomalyDetector } from './detectors/dns-anomaly.js';
import { HostFloodDetector } from './detectors/host-flood.js';
import { LatencyDetector } from './detectors/latency.js';
import { PacketLossDetector } from './detectors/packet-loss.js';
import { PortScanDetector } from './detectors/port-scan.js';
import { SynFloodDetector } from './detectors/syn-flood.js';
import { TrafficSpikeDetector } from './detectors/traffic-spike.js';
import { EchoTracker } from './echo-tracker.js';
import { HostWindow } from './host-window.js';
import { IcmpEvents } from './icmp-events.js';
import { IncidentStore } from './incidents.js';
import { SecondHistory } from './second-history.js';
import { macNumber } from './summary-format.js';

// proto ids as constants (PROTO is a large object; these are read per packet)
const APP_DNS = PROTO.dns;
const APP_DHCP = PROTO.dhcp;
const APP_HTTP = PROTO.http;
const TCP_XMAS = TCP_FIN | TCP_PSH | TCP_URG;

/** Detector ticks: every second when this many packets came since the last, else every QUIET_TICK_SEC. */
const BUSY_PACKETS_PER_TICK = 5000;
const QUIET_TICK_SEC = 3;

/** Up to this many addresses, per-address windows are checked every second (else every half-window). */
const PER_SECOND_HOST_CHECKS = 4096;

/** Seconds of packet time between re-evaluations of the suggestions (for 'suggestion' events). */
const SUGGEST_EVERY_SEC = 10;

export interface AlertEngineEvents {
  alert: (e: AlertEvent) => void;
  suggestion: (s: Suggestion) => void;
}

type Listeners = { [K in keyof AlertEngineEvents]: Set<AlertEngineEvents[K]> };

export class AlertEngine {
  readonly settings: AlertSettings;
  private readonly ctx: AlertContext;
  private readonly incidents: IncidentStore;
  private readonly listeners: Listeners = { alert: new Set(), suggestion: new Set() };
  /** Listener calls that threw (a bug in a subscriber; the capture goes on). */
  listenerErrors = 0;

  // per-second totals
  private sec = -1;
  /** The analyzer's running totals when the current second began. */
  private secStartBytes = 0;
  private secStartPackets = 0;
  private secBroadcast = 0;
  private lastT = 0;
  /** Packet time and analyzer packet count at the last detector tick. */
  private tickSec = Number.NEGATIVE_INFINITY;
  private tickPackets = 0;
  private lastSuggestSec = Number.NEGATIVE_INFINITY;

  // state shared by detectors
  private readonly hosts: HostWindow;
  private readonly history = new SecondHistory();
  private readonly attempts: AttemptRegistry;
  private readonly echo: EchoTracker;
  private readonly share = new BandwidthShare();
  private readonly cleartext = new CleartextTracker();
  private readonly mtu = new MtuTracker();
  private readonly wifi = new WifiSignal();
  private readonly paths = new PathAdvisor(this.history);
  /** The analyzer's stream and conversation rows (the arrays never change), and how many were seen. */
  private readonly tcpTable: TcpStreamTable;
  private readonly udpTable: ConversationTable;
  private tcpRows: number;
  private udpRows: number;

  // detectors (null when disabled)
  private readonly spike: TrafficSpikeDetector | null;
  private readonly hostFlood: HostFloodDetector | null;
  private readonly portScan: PortScanDetector | null;
  private readonly synFlood: SynFloodDetector | null;
  private readonly access: AccessAttemptsDetector | null;
  private readonly arp: ArpSpoofDetector | null;
  private readonly loss: PacketLossDetector | null;
  private readonly latency: LatencyDetector | null;
  private readonly dns: DnsAnomalyDetector;

  private readonly icmpEvents: IcmpEvents;
  private readonly feed: SuggestionFeed;

  constructor(
    private readonly analyzer: Analyzer,
    settings: AlertSettings = defaultAlertSettings(),
  ) {
    this.settings = settings;
    this.incidents = new IncidentStore(settings.incidentGapSec, settings.maxAlerts, (e) => this.emit('alert', e));
    const ctx = new AlertContext(analyzer, settings, this.incidents);
    this.ctx = ctx;
    this.hosts = new HostWindow(analyzer, settings.hostWindowSec / 2);
    this.hosts.onRetire = (g, half) => this.share.retire(g, half);
    const on = (x: { enabled: boolean }): boolean => settings.enabled && x.enabled;
    this.spike = on(settings.trafficSpike) ? new TrafficSpikeDetector(ctx, this.hosts) : null;
    this.hostFlood = on(settings.hostFlood) ? new HostFloodDetector(ctx, this.hosts) : null;
    this.portScan = on(settings.portScan) ? new PortScanDetector(ctx) : null;
    this.synFlood = on(settings.synFlood) ? new SynFloodDetector(ctx) : null;
    this.access = on(settings.accessAttempts) ? new AccessAttemptsDetector(ctx) : null;
    this.arp = on(settings.arpSpoof) ? new ArpSpoofDetector(ctx) : null;
    this.loss = on(settings.packetLoss) ? new PacketLossDetector(ctx, this.hosts) : null;
    this.latency = on(settings.latency) ? new LatencyDetector(ctx) : null;
    // DNS timing also feeds the dns-slow advice, so the tracker runs even with the alert off
    this.dns = new DnsAnomalyDetector(ctx, on(settings.dnsAnomaly));
    this.attempts = new AttemptRegistry(analyzer, (a) => this.settled(a));
    this.echo = new EchoTracker((target, t, rtt) => this.echoResult(target, t, rtt));
    this.tcpTable = analyzer.tcpStreams;
    this.udpTable = analyzer.udpConversations;
    this.tcpRows = this.tcpTable.added;
    this.udpRows = this.udpTable.added;
    this.icmpEvents = new IcmpEvents(analyzer, this.echo, this.mtu, this.access);
    const dnsServers = this.dns.servers;
    this.feed = new SuggestionFeed(
      {
        analyzer,
        history: this.history,
        share: this.share,
        cleartext: this.cleartext,
        mtu: this.mtu,
        wifi: this.wifi,
        dnsServers,
        paths: this.paths,
      },
      (x) => this.emit('suggestion', x),
    );
  }

  on<K extends keyof AlertEngineEvents>(event: K, cb: AlertEngineEvents[K]): () => void {
    const set = this.listeners[event] as Set<AlertEngineEvents[K]>;
    set.add(cb);
    return () => set.delete(cb);
  }

  private emit<K extends keyof AlertEngineEvents>(event: K, arg: Parameters<AlertEngineEvents[K]>[0]): void {
    for (const cb of this.listeners[event]) {
      try {
        (cb as (a: typeof arg) => void)(arg);
      } catch {
        this.listenerErrors++;
      }
    }
  }

  // ---------------------------------------------------------------- per packet

  /**
   * Whether this packet needs onPacket(): the common packet (TCP or UDP of a known flow, no
   * application hint, unicast, same second) needs nothing. Small on purpose: the pipeline's push()
   * inlines it, so such a packet costs a few loads and no call.
   */
  wants(p: RawPacket, d: Decoded): boolean {
    const h = d.hint;
    const mo = d.dstMacOffset;
    const proto = d.ipProto;
    return (
      p.tsSec > this.sec ||
      d.fragment ||
      d.wlanSignalDbm !== 0 ||
      (h !== null && (d.app !== APP_HTTP || (h as HttpRequestHint).hasCredentials === true)) ||
      (mo >= 0 && (p.buf[p.offset + mo] & 1) !== 0) ||
      (proto === IPPROTO_TCP
        ? this.tcpTable.added !== this.tcpRows || (d.payloadLen > 0 && CLEARTEXT_PORTS[d.dstPort & 0xffff] !== 0)
        : proto !== IPPROTO_UDP || this.udpTable.added !== this.udpRows)
    );
  }

  /**
   * A packet wants() picked: the second's totals, ARP, new flows (connection attempts), cleartext
   * logins, ICMP, hints. (Any other packet does no harm: nothing in it is new.)
   */
  onPacket(p: RawPacket, d: Decoded, frame: number): void {
    const mo = d.dstMacOffset;
    const proto = d.ipProto;
    const sec = p.tsSec;
    if (sec > this.sec) this.rollover(sec, p, d);
    if (mo >= 0 && (p.buf[p.offset + mo] & 1) !== 0) this.secBroadcast++;
    if (d.wlanSignalDbm !== 0) this.wifi.sample(d.wlanSignalDbm);
    const v = d.ipVersion;
    if (v === 0) {
      if (d.arpOp > 0 && d.arpSenderMacOffset >= 0 && this.arp !== null) {
        this.arp.arp(
          d.arpOp,
          macNumber(p.buf, p.offset + d.arpSenderMacOffset),
          d.arpSenderIp >>> 0,
          d.arpTargetIp >>> 0,
          p.tsSec + p.tsNsec * 1e-9,
          frame,
        );
      }
      return;
    }
    // Per-address counts come from the analyzer's own counters (see host-window.ts): addresses
    // are looked up only on the rare paths below.
    if (d.fragment) this.mtu.fragment(d.fragOffset === 0, frame);
    if (proto === IPPROTO_TCP) {
      const tcp = this.tcpTable;
      const isNew = tcp.added !== this.tcpRows;
      this.tcpRows = tcp.added;
      if (d.payloadLen > 0 && d.dstPort >= 0 && CLEARTEXT_PORTS[d.dstPort] !== 0 && d.payloadOffset >= 0) {
        this.cleartext.payload(
          CLEARTEXT_PORTS[d.dstPort],
          this.analyzer.lastSrc,
          this.analyzer.lastDst,
          p.buf,
          p.offset + d.payloadOffset,
          d.payloadLen,
          frame,
          isNew,
        );
      }
      const f = d.tcpFlags;
      if (isNew && (f & (TCP_ACK | TCP_RST)) === 0) {
        // a new stream opened without ACK: a connection attempt (SYN) or a stealth probe
        let kind: number;
        if ((f & TCP_SYN) !== 0) kind = (f & TCP_FIN) !== 0 ? KIND_ODD : KIND_SYN;
        else if (f === 0) kind = KIND_NULL;
        else if (f === TCP_FIN) kind = KIND_FIN;
        else if ((f & TCP_XMAS) === TCP_XMAS) kind = KIND_XMAS;
        else kind = KIND_ODD;
        const t = p.tsSec + p.tsNsec * 1e-9;
        // the new stream's first packet is this one: its A end is the sender
        const row = tcp.lastAdded;
        const a = tcp.a(row);
        const b = tcp.b(row);
        this.attempts.add(a, b, d.dstPort, kind, row, t, frame);
        if (kind === KIND_SYN && this.synFlood !== null) this.synFlood.syn(a, b, d.dstPort, t, frame);
      }
    } else if (proto === IPPROTO_UDP) {
      const udp = this.udpTable;
      if (udp.added !== this.udpRows) {
        // a new UDP conversation: an attempt, unless it is multicast/broadcast, DHCP, traceroute
        // (UDP probes to ports 33434-33534) or between equal ports (NTP, NetBIOS, mDNS)
        this.udpRows = udp.added;
        const dp = d.dstPort;
        const skip =
          d.srcPort < 0 ||
          dp === d.srcPort ||
          dp === DHCP_SERVER_PORT ||
          dp === DHCP_CLIENT_PORT ||
          (dp >= 33434 && dp <= 33534) ||
          (d.ipVersion === 4 ? d.dst4 >>> 28 === 14 || d.dst4 >>> 0 === 0xffffffff : d.dst6[0] >>> 24 === 0xff);
        if (!skip) {
          const row = udp.lastAdded;
          this.attempts.add(udp.a(row), udp.b(row), dp, KIND_UDP, row, p.tsSec + p.tsNsec * 1e-9, frame);
        }
      }
    } else if (proto === IPPROTO_ICMP || proto === IPPROTO_ICMPV6) this.icmpEvents.packet(p, d, frame);
    if (d.hint !== null && (d.app === APP_DNS || d.app === APP_DHCP || d.app === APP_HTTP)) this.hint(p, d, frame);
  }

  /** A packet with an application hint: dispatched on the numeric app id (hint shapes vary). */
  private hint(p: RawPacket, d: Decoded, frame: number): void {
    const app = d.app;
    if (app === APP_DNS) {
      const h = d.hint as DnsHint;
      if (h.kind === 'dns')
        this.dns.message(h, this.analyzer.lastSrc, this.analyzer.lastDst, p.tsSec + p.tsNsec * 1e-9, frame);
    } else if (app === APP_DHCP) {
      const h = d.hint as DhcpHint;
      if (this.hostFlood !== null && d.dstPort === DHCP_SERVER_PORT && d.ipVersion === 4 && h.kind === 'dhcp')
        this.hostFlood.dhcp(h.clientMac, h.messageType, d.src4 >>> 0, p.tsSec + p.tsNsec * 1e-9, frame);
    } else if (app === APP_HTTP) {
      const h = d.hint as HttpRequestHint;
      if (h.hasCredentials === true) this.cleartext.http(h, this.analyzer.lastSrc, this.analyzer.lastDst, frame);
    }
  }

  // ---------------------------------------------------------------- time

  /**
   * A new second of packet time: close the previous one and run the detectors' window work.
   * `p`/`d`: the packet that opens the new second (already counted by the analyzer), or null.
   */
  private rollover(sec: number, p: RawPacket | null, d: Decoded | null): void {
    const nextBytes = p === null ? 0 : p.origLen;
    const nextPackets = p === null ? 0 : 1;
    if (this.sec >= 0) this.closeSecond(nextBytes, nextPackets);
    else {
      this.secStartBytes = this.analyzer.bytes - nextBytes;
      this.secStartPackets = this.analyzer.packets - nextPackets;
    }
    this.sec = sec;
    this.ctx.now = Math.max(this.ctx.now, sec);
    let newHalf: boolean;
    if (d !== null && d.ipVersion !== 0 && Math.floor(sec / this.hosts.halfSec) > this.hosts.gen) {
      // a new half-window: the opening packet's addresses (looked up once per half-window)
      const data = d.ipProto === IPPROTO_TCP && d.payloadWireLen > 0 && !d.fragment && d.srcPort >= 0;
      newHalf = this.hosts.advance(sec, this.analyzer.lastSrc, this.analyzer.lastDst, nextBytes, data);
    } else newHalf = this.hosts.advance(sec);
    // The detectors' window work runs every second while traffic is busy, and every few seconds
    // when it is light: on a quiet link a second holds a handful of packets, and checking every
    // detector for them would cost more than the packets themselves.
    const busy = this.analyzer.packets - this.tickPackets >= BUSY_PACKETS_PER_TICK;
    if (newHalf || busy || sec - this.tickSec >= QUIET_TICK_SEC) {
      this.tickPackets = this.analyzer.packets;
      this.tickSec = sec;
      this.tick(sec, newHalf);
    }
  }

  /**
   * Totals of the second that ends, from the analyzer's running totals (nothing is counted per
   * packet). `nextBytes`/`nextPackets`: the packet that opens the next second, already counted
   * by the analyzer (0 when time moves on without a packet).
   */
  private closeSecond(nextBytes: number, nextPackets: number): void {
    const an = this.analyzer;
    const bytes = an.bytes - nextBytes - this.secStartBytes;
    const packets = an.packets - nextPackets - this.secStartPackets;
    this.history.put(this.sec, bytes, packets, this.secBroadcast);
    this.spike?.second(this.sec, bytes, packets);
    this.secStartBytes = an.bytes - nextBytes;
    this.secStartPackets = an.packets - nextPackets;
    this.secBroadcast = 0;
  }

  /** Once a second of packet time; the per-address checks every second when addresses are few, else each half-window. */
  private tick(now: number, newHalf: boolean): void {
    this.attempts.settle(now - this.settings.portScan.graceSec);
    this.echo.expire(now);
    this.portScan?.tick(now);
    this.synFlood?.tick(now);
    this.access?.tick(now);
    // floods: every second while addresses are few (it is quick), else once per half-window;
    // retransmission rates need many segments anyway: once per half-window
    this.hostFlood?.tick(now, newHalf || this.hosts.size <= PER_SECOND_HOST_CHECKS);
    this.loss?.tick(now, newHalf);
    this.loss?.tickProbes();
    this.arp?.tick(now);
    this.dns.tick(now);
    this.spike?.tick();
    if (now - this.lastSuggestSec >= SUGGEST_EVERY_SEC && this.listeners.suggestion.size > 0) {
      this.lastSuggestSec = now;
      this.feed.refresh(now);
    }
  }

  private settled(a: SettledAttempt): void {
    this.portScan?.settled(a);
    if (a.kind === KIND_SYN) this.synFlood?.settled(a);
    if (a.kind === KIND_SYN || a.kind === KIND_UDP) this.access?.settled(a);
  }

  private echoResult(target: number, t: number, rttMs: number | null): void {
    const key = `ping|${target}`;
    const label = this.ctx.named(target);
    this.loss?.probe(key, label, 'ping', t, rttMs === null);
    if (rttMs === null) return;
    this.latency?.sample(key, label, 'ping', t, rttMs);
    this.history.addRtt(t, rttMs);
  }

  /**
   * Live capture with no packets for a while: let packet time move on to `nowSec` (the capture
   * clock) so pending attempts settle and incidents end. Does nothing if packets are newer.
   */
  advance(nowSec: number): void {
    const sec = Math.floor(nowSec);
    if (sec > this.sec + 1) this.rollover(sec, null, null);
  }

  /**
   * The source ended (end of file, capture stopped): attempts still within their grace settle now,
   * the last second is closed, and every detector reports. Packets may still follow (a live
   * pipeline reused); detection simply goes on.
   */
  finish(): void {
    const last = this.analyzer.lastSec >= 0 ? this.analyzer.lastSec + this.analyzer.lastNsec * 1e-9 : this.sec;
    this.lastT = Math.max(this.lastT, last);
    this.ctx.now = Math.max(this.ctx.now, last);
    this.attempts.settleAll();
    this.echo.finish(last);
    this.dns.finish(last);
    // the second is closed: later packets of it (if any) start a fresh count
    if (this.sec >= 0) this.closeSecond(0, 0);
    this.ctx.final = true;
    this.tick(last, true);
    this.ctx.final = false;
    this.feed.refresh(last);
  }

  // ---------------------------------------------------------------- prober

  /** A prober update (once a second): its settled samples feed latency, loss and bufferbloat. */
  ingestProbe(update: ProbeUpdate): void {
    for (const { host, samples } of update.samples) {
      const key = `prober|${host}`;
      for (const s of samples) {
        const t = s.t / 1000;
        if (t > this.ctx.now) this.ctx.now = t;
        this.loss?.probe(key, host, 'prober', t, s.rttMs === null);
        if (s.rttMs === null) continue;
        this.latency?.sample(key, host, 'prober', t, s.rttMs);
        this.history.addRtt(t, s.rttMs);
      }
    }
    this.loss?.tickProbes();
    this.paths.ingest(update.snapshot);
  }

  /** The path verdicts of the latest prober update, read with the traffic (see advice/path-advice.ts). */
  pathVerdicts(): PathVerdict[] {
    return this.paths.verdicts();
  }

  // ---------------------------------------------------------------- results

  /** The alerts so far, oldest first (copies). */
  alerts(): Alert[] {
    return this.incidents.all();
  }

  /** The suggestions for what was measured so far. */
  suggestions(): Suggestion[] {
    return this.feed.current(this.ctx.now);
  }

  snapshot(): AlertsSnapshot {
    const alerts = this.alerts();
    const counts = { info: 0, warning: 0, critical: 0 };
    for (const a of alerts) counts[a.severity]++;
    return { alerts, suggestions: this.suggestions(), counts, dropped: this.incidents.dropped };
  }
}
