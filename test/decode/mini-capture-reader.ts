/**
 * A minimal pcap / pcapng reader for the decoder tests: the whole file in memory, one entry per
 * frame (offset into the file buffer, captured length, link type). Test-only and deliberately
 * small: the project's real reader is src/capture/; this one keeps the decoder tests independent
 * of it. Handles both byte orders, µs/ns pcap, and pcapng SHB/IDB/EPB/SPB/OPB blocks.
 */
import { readFileSync } from 'node:fs';

export interface MiniFrame {
  offset: number;
  capLen: number;
  origLen: number;
  linkType: number;
}

export interface MiniCapture {
  buf: Buffer;
  frames: MiniFrame[];
}

export function readCapture(path: string): MiniCapture {
  const buf = readFileSync(path);
  const magic = buf.readUInt32LE(0);
  if (magic === 0x0a0d0d0a) return { buf, frames: readPcapng(buf) };
  return { buf, frames: readPcap(buf) };
}

function readPcap(buf: Buffer): MiniFrame[] {
  const m = buf.readUInt32LE(0);
  const le = m === 0xa1b2c3d4 || m === 0xa1b23c4d;
  if (!le && m !== 0xd4c3b2a1 && m !== 0x4d3cb2a1) throw new Error('not a pcap file');
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const linkType = u32(20) & 0x0fffffff;
  const frames: MiniFrame[] = [];
  let p = 24;
  while (p + 16 <= buf.length) {
    const capLen = u32(p + 8);
    const origLen = u32(p + 12);
    if (p + 16 + capLen > buf.length) break; // cut short
    frames.push({ offset: p + 16, capLen, origLen, linkType });
    p += 16 + capLen;
  }
  return frames;
}

function readPcapng(buf: Buffer): MiniFrame[] {
  const frames: MiniFrame[] = [];
  let le = true;
  let links: number[] = [];
  let p = 0;
  while (p + 12 <= buf.length) {
    let type = buf.readUInt32LE(p);
    if (type === 0x0a0d0d0a) {
      le = buf.readUInt32LE(p + 8) === 0x1a2b3c4d;
      links = [];
    }
    const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
    const u16 = (o: number) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
    type = u32(p);
    const len = u32(p + 4);
    if (len < 12 || p + len > buf.length) break;
    if (type === 1) links.push(u16(p + 8));
    else if (type === 6 || type === 2) {
      const iface = type === 6 ? u32(p + 8) : u16(p + 8);
      const capLen = u32(p + 20);
      const origLen = u32(p + 24);
      frames.push({ offset: p + 28, capLen, origLen, linkType: links[iface] ?? -1 });
    } else if (type === 3) {
      const origLen = u32(p + 8);
      frames.push({ offset: p + 12, capLen: Math.min(origLen, len - 16), origLen, linkType: links[0] ?? -1 });
    }
    p += len;
  }
  return frames;
}
