/**
 * Writes a pcap built to stress the snapshot's bounds: many packets from many addresses to many
 * ports, spread over minutes, TCP and UDP and ICMP mixed (every top list, the protocol list and
 * the whole timeline window are full). Deterministic (seeded).
 */
import { PcapWriter } from '../../src/capture/pcap-writer.js';

export function writeManyHostsCapture(path: string, packets = 300_000, seconds = 300): void {
  const w = PcapWriter.open(path, { linkType: 1 });
  if (!w.ok) throw new Error(w.error.message);
  let seed = 12345;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  const f = Buffer.alloc(74);
  // Ethernet: dst, src, IPv4
  f.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0], 0);
  for (let i = 0; i < packets; i++) {
    const kind = i % 10; // 0-5 tcp, 6-8 udp, 9 icmp
    const proto = kind < 6 ? 6 : kind < 9 ? 17 : 1;
    const l4 = proto === 6 ? 20 : 8;
    const ipLen = 20 + l4 + 12;
    f[14] = 0x45;
    f[15] = 0;
    f.writeUInt16BE(ipLen, 16);
    f.writeUInt16BE(i & 0xffff, 18);
    f.writeUInt16BE(0, 20);
    f[22] = 64;
    f[23] = proto;
    f.writeUInt32BE(((10 << 24) | (rnd() & 0xffffff)) >>> 0, 26);
    f.writeUInt32BE(((172 << 24) | (16 << 16) | (rnd() & 0xffff)) >>> 0, 30);
    const sport = 1024 + (rnd() % 60000);
    const dport = rnd() % 2000;
    if (proto === 6) {
      f.writeUInt16BE(sport, 34);
      f.writeUInt16BE(dport, 36);
      f.writeUInt32BE(rnd(), 38);
      f.writeUInt32BE(0, 42);
      f[46] = 0x50;
      f[47] = 0x02;
      f.writeUInt16BE(65535, 48);
    } else if (proto === 17) {
      f.writeUInt16BE(sport, 34);
      f.writeUInt16BE(dport, 36);
      f.writeUInt16BE(8 + 12, 38);
    } else {
      f[34] = 8;
      f[35] = 0;
      f.writeUInt16BE(i & 0xffff, 38);
      f.writeUInt16BE(1, 40);
    }
    const len = 14 + ipLen;
    const t = 1_700_000_000 + Math.floor((i * seconds) / packets);
    w.value.write({ buf: f, offset: 0, capLen: len, origLen: len, tsSec: t, tsNsec: (i * 7919) % 1_000_000_000 });
  }
  w.value.close();
  if (w.value.error) throw new Error(w.value.error.message);
}
