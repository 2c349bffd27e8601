/**
 * Writes a pcap of `scanners` SYN port scans, one after another, each from its own source address
 * against one target: every scanner SYNs `ports` distinct ports within 2 seconds and the target
 * answers each with a RST. The port-scan detector raises one `port-scan` alert per scanner, so a
 * session holds more alerts than a snapshot's latest 20. Deterministic.
 */
import { PcapWriter } from '../../src/capture/pcap-writer.js';

const ETH = 14;
const IP = 20;
const TCP = 20;

export const SCAN_TARGET = '192.168.50.10';
/** The address of scanner `i` (0-based). */
export const scannerAddress = (i: number): string => `10.9.${i >> 8}.${(i & 0xff) + 1}`;

function checksum(b: Buffer, start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i += 2) sum += b.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

const ip4 = (s: string): number => s.split('.').reduce((a, o) => ((a << 8) | Number(o)) >>> 0, 0);

export function writePortScansCapture(path: string, scanners = 25, ports = 200): void {
  const w = PcapWriter.open(path, { linkType: 1 });
  if (!w.ok) throw new Error(w.error.message);
  const f = Buffer.alloc(ETH + IP + TCP);
  f.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0], 0);
  const frame = (src: number, dst: number, sport: number, dport: number, flags: number, seq: number, ack: number, t: number): void => {
    f.fill(0, ETH);
    f[ETH] = 0x45;
    f.writeUInt16BE(IP + TCP, ETH + 2);
    f[ETH + 8] = 64;
    f[ETH + 9] = 6;
    f.writeUInt32BE(src >>> 0, ETH + 12);
    f.writeUInt32BE(dst >>> 0, ETH + 16);
    f.writeUInt16BE(checksum(f, ETH, ETH + IP), ETH + 10);
    const o = ETH + IP;
    f.writeUInt16BE(sport, o);
    f.writeUInt16BE(dport, o + 2);
    f.writeUInt32BE(seq >>> 0, o + 4);
    f.writeUInt32BE(ack >>> 0, o + 8);
    f[o + 12] = 0x50;
    f[o + 13] = flags;
    f.writeUInt16BE(flags & 0x04 ? 0 : 1024, o + 14);
    const sec = Math.floor(t);
    const ns = Math.round((t - sec) * 1e9);
    w.value.write({ buf: f, offset: 0, capLen: f.length, origLen: f.length, tsSec: sec, tsNsec: ns });
  };
  const target = ip4(SCAN_TARGET);
  const t0 = 1_700_000_000;
  for (let s = 0; s < scanners; s++) {
    const src = ip4(scannerAddress(s));
    const start = t0 + s * 3; // one scan after another: each alert's latest evidence is later than the previous one's
    for (let p = 0; p < ports; p++) {
      const t = start + (p * 2) / ports;
      const seq = (s * 100_003 + p * 7919) >>> 0;
      frame(src, target, 40_000 + s, 1 + p, 0x02, seq, 0, t);
      frame(target, src, 1 + p, 40_000 + s, 0x14, 0, seq + 1, t + 0.0002);
    }
  }
  // quiet traffic afterwards so the detectors' windows close on packet time
  const end = t0 + scanners * 3 + 10;
  frame(ip4('10.9.200.1'), target, 50_000, 80, 0x02, 1, 0, end);
  w.value.close();
  if (w.value.error) throw new Error(w.value.error.message);
}
