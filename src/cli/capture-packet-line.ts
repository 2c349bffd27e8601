/** One line per packet for `capture --print-packets`: time, source, destination, protocol, length. */
import type { RawPacket } from '../capture/raw-packet.js';
import type { Decoded } from '../decode/decoded.js';
import { ipv4ToString, ipv6ToString, macToString } from '../decode/format.js';
import { protoName } from '../decode/protocols.js';

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Local time of day with microseconds, as tcpdump prints it: 19:44:01.123456. */
export function timeOfDay(tsSec: number, tsNsec: number): string {
  const d = new Date(tsSec * 1000);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(Math.floor(tsNsec / 1000)).padStart(6, '0')}`;
}

function endpoint(addr: string, port: number, v6: boolean): string {
  if (port < 0) return addr;
  return v6 ? `[${addr}]:${port}` : `${addr}:${port}`;
}

/** The top protocol worth naming: the last layer, but not 'data' when something is under it. */
export function topProtocol(d: Decoded): string {
  for (let i = d.layerCount - 1; i >= 0; i--) {
    const name = protoName(d.layers[i]);
    if (name !== 'data' || i === 0) return name;
  }
  return 'unknown';
}

export function packetLine(p: RawPacket, d: Decoded): string {
  let src = '?';
  let dst = '?';
  if (d.ipVersion === 4) {
    src = endpoint(ipv4ToString(d.src4), d.srcPort, false);
    dst = endpoint(ipv4ToString(d.dst4), d.dstPort, false);
  } else if (d.ipVersion === 6) {
    src = endpoint(ipv6ToString(d.src6), d.srcPort, true);
    dst = endpoint(ipv6ToString(d.dst6), d.dstPort, true);
  } else if (d.arpOp >= 0) {
    src = ipv4ToString(d.arpSenderIp);
    dst = ipv4ToString(d.arpTargetIp);
  } else if (d.srcMacOffset >= 0 && d.dstMacOffset >= 0) {
    src = macToString(p.buf, p.offset + d.srcMacOffset);
    dst = macToString(p.buf, p.offset + d.dstMacOffset);
  }
  const proto = topProtocol(d);
  return `${timeOfDay(p.tsSec, p.tsNsec)} ${src} -> ${dst} ${proto.toUpperCase()} ${p.origLen}${d.malformed ? ' [malformed]' : ''}\n`;
}
