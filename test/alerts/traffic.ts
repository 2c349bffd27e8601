/**
 * Synthetic traffic for detector tests: hand-built Ethernet frames pushed through the real
 * pipeline (decoder, analyzer, alert engine) with timestamps the test chooses.
 */
import type { AlertSettings } from '../../src/api/alerts.js';
import type { RawPacket } from '../../src/capture/raw-packet.js';
import { defaultAlertSettings } from '../../src/alerts/config.js';
import { PacketPipeline } from '../../src/session/pipeline.js';
import { ascii, dnsName, eth, ip4, ipv4, tcp, u16, u32, udp } from '../decode/build-frames.js';

export const SYN = 0x02;
export const ACK = 0x10;
export const RST = 0x04;
export const FIN = 0x01;
export const PSH = 0x08;
export const URG = 0x20;

export function mac(n: number): number[] {
  return [0x02, 0, 0, 0, (n >> 8) & 0xff, n & 0xff];
}

export class Traffic {
  readonly pipeline: PacketPipeline;
  t: number;
  private readonly p: RawPacket = {
    buf: Buffer.alloc(0),
    offset: 0,
    capLen: 0,
    origLen: 0,
    tsSec: 0,
    tsNsec: 0,
    linkType: 1,
    ifIndex: 0,
  };

  constructor(settings: Partial<AlertSettings> | ((s: AlertSettings) => void) = {}, start = 1_700_000_000) {
    const s = defaultAlertSettings();
    if (typeof settings === 'function') settings(s);
    else Object.assign(s, settings);
    this.pipeline = new PacketPipeline({ alerts: s });
    this.t = start;
  }

  get engine() {
    return this.pipeline.alerts!;
  }

  /** Pushes one frame at the current time (then advances by `dt` seconds). */
  frame(bytes: number[], dt = 0, origLen = bytes.length): void {
    const p = this.p;
    p.buf = Buffer.from(bytes);
    p.offset = 0;
    p.capLen = bytes.length;
    p.origLen = Math.max(origLen, bytes.length);
    p.tsSec = Math.floor(this.t);
    p.tsNsec = Math.round((this.t - p.tsSec) * 1e9) % 1_000_000_000;
    this.pipeline.push(p);
    this.t += dt;
  }

  tcpFrame(
    src: string,
    dst: string,
    sport: number,
    dport: number,
    flags: number,
    o: { seq?: number; ack?: number; payload?: number[]; dt?: number; len?: number } = {},
  ): void {
    const seg = tcp(sport, dport, { flags, seq: o.seq ?? 1000, ack: o.ack ?? 0 }, o.payload ?? []);
    this.frame([...eth(0x0800), ...ipv4({ proto: 6, src, dst }, seg)], o.dt ?? 0, o.len);
  }

  udpFrame(src: string, dst: string, sport: number, dport: number, payload: number[] = [], dt = 0, len?: number): void {
    this.frame([...eth(0x0800), ...ipv4({ proto: 17, src, dst }, udp(sport, dport, payload))], dt, len);
  }

  /** ICMP echo request (type 8) or reply (type 0). */
  echo(src: string, dst: string, type: 0 | 8, id: number, seq: number, dt = 0): void {
    const icmp = [type, 0, 0, 0, ...u16(id), ...u16(seq), ...new Array(56).fill(0x61)];
    this.frame([...eth(0x0800), ...ipv4({ proto: 1, src, dst }, icmp)], dt);
  }

  /** ICMP destination unreachable (code) from `src` to `dst` quoting a UDP packet dst → quotedDst:port. */
  unreachable(src: string, dst: string, code: number, quotedDst: string, sport: number, dport: number, dt = 0): void {
    const quoted = ipv4({ proto: 17, src: dst, dst: quotedDst }, udp(sport, dport, []));
    const icmp = [3, code, 0, 0, 0, 0, 0, 0, ...quoted];
    this.frame([...eth(0x0800), ...ipv4({ proto: 1, src, dst }, icmp)], dt);
  }

  arp(
    op: 1 | 2,
    senderMac: number[],
    senderIp: string,
    targetIp: string,
    targetMac: number[] = [0, 0, 0, 0, 0, 0],
    dt = 0,
  ): void {
    const body = [
      ...u16(1),
      ...u16(0x0800),
      6,
      4,
      ...u16(op),
      ...senderMac,
      ...ip4(senderIp),
      ...targetMac,
      ...ip4(targetIp),
    ];
    this.frame([...eth(0x0806, op === 1 ? [0xff, 0xff, 0xff, 0xff, 0xff, 0xff] : targetMac, senderMac), ...body], dt);
  }

  /** A DNS query (rcode -1) or response with rcode from `server` to `client`. */
  dns(client: string, server: string, id: number, name: string, rcode: number | null, dt = 0, answerIp?: string): void {
    const q = [...dnsName(name), ...u16(1), ...u16(1)];
    if (rcode === null) {
      const msg = [...u16(id), 0x01, 0x00, ...u16(1), ...u16(0), ...u16(0), ...u16(0), ...q];
      this.udpFrame(client, server, 40000 + (id % 20000), 53, msg, dt);
    } else {
      const answers = answerIp ? [0xc0, 12, ...u16(1), ...u16(1), ...u32(60), ...u16(4), ...ip4(answerIp)] : [];
      const msg = [
        ...u16(id),
        0x81,
        0x80 | rcode,
        ...u16(1),
        ...u16(answerIp ? 1 : 0),
        ...u16(0),
        ...u16(0),
        ...q,
        ...answers,
      ];
      this.udpFrame(server, client, 53, 40000 + (id % 20000), msg, dt);
    }
  }

  /** A TCP segment carrying an HTTP request. */
  http(client: string, server: string, sport: number, request: string, seq = 1, dt = 0): void {
    this.tcpFrame(client, server, sport, 80, PSH | ACK, { seq, ack: 1, payload: ascii(request), dt });
  }

  advance(sec: number): void {
    this.t += sec;
  }

  end() {
    this.pipeline.end();
    return { alerts: this.engine.alerts(), suggestions: this.engine.suggestions() };
  }
}
