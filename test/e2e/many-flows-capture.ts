/**
 * Writes a pcap with `flows` distinct TCP connections (a SYN and a SYN/ACK each, from distinct
 * client addresses and ports), spread over `seconds`: the connections table's 100,000-row case.
 */
import { openTcpFrameFile } from '../helpers/tcp-frames.js';

export function writeManyFlowsCapture(path: string, flows = 110_000, seconds = 60): void {
  const file = openTcpFrameFile(path);
  const frame = file.frame;
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
  file.close();
}
