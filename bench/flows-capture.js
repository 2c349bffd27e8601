// Writes a pcap in which every packet is a new flow: the traffic of a port scan or a DDoS.
// Packet i is a UDP datagram (i even) or a TCP SYN (i odd) from 10.0.x.y (65,536 sources, a
// /16: i mod 65536) to one of 16 servers 172.16.0.1-16 ((i >> 16) mod 16), source port
// 1024 + (i >> 20): no two packets share a 5-tuple. With `spoofed`, the source is 10.x.y.z = i
// itself (every packet a new address too: the worst case for the endpoint table).
// 10 µs apart from 1,700,000,000 s. Used by `npm run bench:flows` and by the tests.
import { closeSync, openSync, writeSync } from 'node:fs';

const ETH = 14;
const IP = 20;
const UDP = 8;
const TCP = 20;
const BATCH = 8192;
const T0 = 1_700_000_000;

/** Writes `count` packets to `path`; returns the file's size in bytes. */
export function writeFlowsCapture(path, count, opts = {}) {
  const fd = openSync(path, 'w');
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20);
  writeSync(fd, header);
  let size = 24;
  const maxRec = 16 + ETH + IP + TCP;
  const buf = Buffer.alloc(BATCH * maxRec);
  for (let i = 0; i < count;) {
    let at = 0;
    const end = Math.min(count, i + BATCH);
    for (; i < end; i++) at = frame(buf, at, i, opts.spoofed === true);
    writeSync(fd, buf, 0, at);
    size += at;
  }
  closeSync(fd);
  return size;
}

function frame(b, at, i, spoofed) {
  const tcp = (i & 1) === 1;
  const len = ETH + IP + (tcp ? TCP : UDP);
  const us = i * 10;
  b.writeUInt32LE(T0 + Math.floor(us / 1e6), at);
  b.writeUInt32LE(us % 1e6, at + 4);
  b.writeUInt32LE(len, at + 8);
  b.writeUInt32LE(len, at + 12);
  const f = at + 16;
  b.fill(0, f, f + len);
  b[f + 0] = 2;
  b[f + 5] = 2;
  b[f + 6] = 2;
  b[f + 11] = 1;
  b[f + 12] = 8; // IPv4
  const ip = f + ETH;
  b[ip] = 0x45;
  b.writeUInt16BE(len - ETH, ip + 2);
  b[ip + 8] = 64;
  b[ip + 9] = tcp ? 6 : 17;
  const src = spoofed ? (0x0a000000 + i) >>> 0 : (0x0a000000 | (i & 0xffff)) >>> 0;
  const dst = (0xac100001 + ((i >>> 16) & 15)) >>> 0;
  b.writeUInt32BE(src, ip + 12);
  b.writeUInt32BE(dst, ip + 16);
  let sum = 0;
  for (let k = 0; k < IP; k += 2) sum += b.readUInt16BE(ip + k);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  b.writeUInt16BE(~sum & 0xffff, ip + 10);
  const t = ip + IP;
  const sport = spoofed ? 1024 + (i & 0x7fff) : 1024 + (i >>> 20);
  b.writeUInt16BE(sport, t);
  if (tcp) {
    b.writeUInt16BE(443, t + 2);
    b.writeUInt32BE((i * 2654435761) >>> 0, t + 4);
    b[t + 12] = 0x50;
    b[t + 13] = 0x02; // SYN
    b.writeUInt16BE(65535, t + 14);
  } else {
    b.writeUInt16BE(9000, t + 2);
    b.writeUInt16BE(UDP, t + 4);
  }
  return f + len;
}
