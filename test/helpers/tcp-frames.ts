/**
 * Ethernet / IPv4 / TCP frames without payload, written into a pcap: for the captures tests make
 * themselves (many flows, many scans). One reused buffer; the IPv4 header checksum is filled in.
 */
import { PcapWriter } from '../../src/capture/pcap-writer.js';
import { ip4 } from '../decode/build-frames.js';

/** An IPv4 address as the unsigned number frame() takes (10.0.0.1 → 0x0a000001). */
export const ip4Number = (s: string): number => Buffer.from(ip4(s)).readUInt32BE(0);

const ETH = 14;
const IP = 20;
const TCP = 20;

export interface TcpFrameFile {
  /** One frame; `src`/`dst` are IPv4 addresses as unsigned numbers (see ip4Number). */
  frame(
    src: number,
    dst: number,
    sport: number,
    dport: number,
    flags: number,
    seq: number,
    ack: number,
    tsSec: number,
    tsNsec: number,
    window?: number,
  ): void;
  close(): void;
}

function checksum(b: Buffer, start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i += 2) sum += b.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export function openTcpFrameFile(path: string): TcpFrameFile {
  const w = PcapWriter.open(path, { linkType: 1 });
  if (!w.ok) throw new Error(w.error.message);
  const out = w.value;
  const f = Buffer.alloc(ETH + IP + TCP);
  f.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0], 0);
  return {
    frame(src, dst, sport, dport, flags, seq, ack, tsSec, tsNsec, window = 65535) {
      f.fill(0, ETH);
      f[ETH] = 0x45;
      f.writeUInt16BE(IP + TCP, ETH + 2);
      f[ETH + 8] = 64;
      f[ETH + 9] = 6;
      f.writeUInt32BE(src >>> 0, ETH + 12);
      f.writeUInt32BE(dst >>> 0, ETH + 16);
      f.writeUInt16BE(checksum(f, ETH, ETH + IP), ETH + 10);
      const t = ETH + IP;
      f.writeUInt16BE(sport, t);
      f.writeUInt16BE(dport, t + 2);
      f.writeUInt32BE(seq >>> 0, t + 4);
      f.writeUInt32BE(ack >>> 0, t + 8);
      f[t + 12] = 0x50;
      f[t + 13] = flags;
      f.writeUInt16BE(window, t + 14);
      out.write({ buf: f, offset: 0, capLen: f.length, origLen: f.length, tsSec, tsNsec });
    },
    close() {
      out.close();
      if (out.error) throw new Error(out.error.message);
    },
  };
}
