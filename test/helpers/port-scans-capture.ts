/**
 * Writes a pcap of `scanners` SYN port scans, one after another, each from its own source address
 * against one target: every scanner SYNs `ports` distinct ports within 2 seconds and the target
 * answers each with a RST. The port-scan detector raises one `port-scan` alert per scanner, so a
 * session holds more alerts than a snapshot's latest 20. Deterministic.
 */
import { ip4Number as addr, openTcpFrameFile } from './tcp-frames.js';

export const SCAN_TARGET = '192.168.50.10';
/** The address of scanner `i` (0-based). */
export const scannerAddress = (i: number): string => `10.9.${i >> 8}.${(i & 0xff) + 1}`;

export function writePortScansCapture(path: string, scanners = 25, ports = 200): void {
  const file = openTcpFrameFile(path);
  const frame = (
    src: number,
    dst: number,
    sport: number,
    dport: number,
    flags: number,
    seq: number,
    ack: number,
    t: number,
  ): void => {
    const sec = Math.floor(t);
    file.frame(src, dst, sport, dport, flags, seq, ack, sec, Math.round((t - sec) * 1e9), flags & 0x04 ? 0 : 1024);
  };
  const target = addr(SCAN_TARGET);
  const t0 = 1_700_000_000;
  for (let s = 0; s < scanners; s++) {
    const src = addr(scannerAddress(s));
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
  frame(addr('10.9.200.1'), target, 50_000, 80, 0x02, 1, 0, end);
  file.close();
}
