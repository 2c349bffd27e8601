/**
 * Writes a pcap that looks like a home network's traffic over time: a few local devices
 * (192.168.77.x) talking to public hosts over TCP and UDP services (https, http, dns, ntp, quic),
 * both ways, with varied sizes, spread over `seconds` from `start` (epoch seconds). Deterministic
 * (seeded). History tests replay it (into the store, or over a veth) and check the numbers.
 */
import { PcapWriter } from '../../src/capture/pcap-writer.js';

export interface HomeTrafficOptions {
  start: number;
  seconds: number;
  packetsPerSec: number;
  locals?: number;
  remotes?: number;
  seed?: number;
  /** Local and remote address prefixes (first three octets); public-looking by default. */
  localNet?: string;
  remoteBase?: number;
  /** Largest payload (default 1,400): small ones make a long capture quick to write and read. */
  maxPayload?: number;
}

const SERVICES: [proto: number, port: number][] = [
  [6, 443],
  [6, 443],
  [6, 80],
  [17, 53],
  [17, 443],
  [17, 123],
  [6, 22],
];

export interface HomeTrafficInfo {
  packets: number;
  bytes: number;
}

export function writeHomeTraffic(path: string, o: HomeTrafficOptions): HomeTrafficInfo {
  const w = PcapWriter.open(path, { linkType: 1 });
  if (!w.ok) throw new Error(w.error.message);
  let seed = o.seed ?? 7;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed >>> 8; // the low bits of this generator repeat quickly
  };
  const locals = o.locals ?? 5;
  const remotes = o.remotes ?? 40;
  const localNet = (o.localNet ?? '192.168.77').split('.').map(Number);
  const remoteBase = o.remoteBase ?? ((93 << 24) | (184 << 16)) >>> 0;
  const f = Buffer.alloc(1514);
  f.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0], 0);
  const total = Math.round(o.seconds * o.packetsPerSec);
  let bytes = 0;
  for (let i = 0; i < total; i++) {
    const l = 10 + (rnd() % locals);
    const r = remoteBase + 1 + (rnd() % remotes);
    const [proto, port] = SERVICES[(r + l) % SERVICES.length];
    const outbound = rnd() % 3 !== 0;
    const max = o.maxPayload ?? 1400;
    const payload = Math.min(max, outbound ? 40 + (rnd() % 300) : 200 + (rnd() % 1200));
    const l4 = proto === 6 ? 20 : 8;
    const ipLen = 20 + l4 + payload;
    const local = ((localNet[0] << 24) | (localNet[1] << 16) | (localNet[2] << 8) | l) >>> 0;
    const lport = 40000 + ((l * 131 + r) % 20000);
    f[14] = 0x45;
    f[15] = 0;
    f.writeUInt16BE(ipLen, 16);
    f.writeUInt16BE(i & 0xffff, 18);
    f.writeUInt16BE(0x4000, 20);
    f[22] = 64;
    f[23] = proto;
    f.writeUInt16BE(0, 24);
    f.writeUInt32BE(outbound ? local : r >>> 0, 26);
    f.writeUInt32BE(outbound ? r >>> 0 : local, 30);
    f.writeUInt16BE(outbound ? lport : port, 34);
    f.writeUInt16BE(outbound ? port : lport, 36);
    if (proto === 6) {
      f.writeUInt32BE(rnd(), 38);
      f.writeUInt32BE(rnd(), 42);
      f[46] = 0x50;
      f[47] = 0x18; // PSH ACK
      f.writeUInt16BE(65535, 48);
      f.writeUInt32BE(0, 50);
    } else {
      f.writeUInt16BE(8 + payload, 38);
      f.writeUInt16BE(0, 40);
    }
    f.fill(0x61, 14 + 20 + l4, 14 + ipLen);
    const t = o.start + (i / total) * o.seconds;
    const sec = Math.floor(t);
    const len = 14 + ipLen;
    w.value.write({
      buf: f,
      offset: 0,
      capLen: len,
      origLen: len,
      tsSec: sec,
      tsNsec: Math.floor((t - sec) * 1e6) * 1000,
    });
    bytes += len;
  }
  w.value.close();
  return { packets: total, bytes };
}
