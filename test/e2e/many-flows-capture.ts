/**
 * Writes a pcap with `flows` distinct TCP connections (a SYN and a SYN/ACK each, from distinct
 * client addresses and ports), spread over `seconds`: the connections table's 100,000-row case.
 */
import { PcapWriter } from '../../src/capture/pcap-writer.js';

const ETH = 14;
const IP = 20;
const TCP = 20;

function checksum(b: Buffer, start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i += 2) sum += b.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export function writeManyFlowsCapture(path: string, flows = 110_000, seconds = 60): void {
  const w = PcapWriter.open(path, { linkType: 1 });
  if (!w.ok) throw new Error(w.error.message);
  const f = Buffer.alloc(ETH + IP + TCP);
  f.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0], 0);
  const frame = (src: number, dst: number, sport: number, dport: number, flags: number, seq: number, ack: number, tsSec: number, tsNsec: number): void => {
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
    f.writeUInt16BE(65535, t + 14);
    w.value.write({ buf: f, offset: 0, capLen: f.length, origLen: f.length, tsSec, tsNsec });
  };
  const t0 = 1_700_000_000;
  for (let i = 0; i < flows; i++) {
    const client = ((10 << 24) | (1 << 16) | (i >>> 6)) >>> 0; // 64 connections per client address
    const server = ((172 << 24) | (16 << 16) | (i % 200)) >>> 0;
    const sport = 10_000 + (i % 64);
    const dport = [80, 443, 22, 8080][i % 4];
    const ns = Math.floor((i / flows) * seconds * 1e9);
    const sec = t0 + Math.floor(ns / 1e9);
    frame(client, server, sport, dport, 0x02, i * 7, 0, sec, ns % 1e9);
    frame(server, client, dport, sport, 0x12, i * 11, i * 7 + 1, sec, (ns % 1e9) + 100_000);
  }
  w.value.close();
}
