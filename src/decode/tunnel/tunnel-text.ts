/**
 * A tunneled flow's description for people: "VXLAN 42 via 10.0.0.1→10.0.0.2" (the outermost
 * tunnel, its id, and the outermost IP header's addresses). Called once per new flow, never per
 * packet: it allocates.
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { ipv4ToString, ipv6BytesToString } from '../format.js';

const IPV4_SRC = 12;
const IPV4_DST = 16;
const IPV6_SRC = 8;
const IPV6_DST = 24;
const IPV6_HEADER_LEN = 40;

const NAMES: Record<number, string> = {
  [PROTO.vxlan]: 'VXLAN',
  [PROTO.geneve]: 'Geneve',
  [PROTO.gre]: 'GRE',
  [PROTO.erspan]: 'ERSPAN',
  [PROTO.teredo]: 'Teredo',
  [PROTO.gtp]: 'GTP-U',
  [PROTO.nsh]: 'NSH',
  [PROTO.ip]: 'IPv4-in-IP',
  [PROTO.ipv6]: 'IPv6-in-IP',
};

/** The description of the tunnel d went through (frame at buf[at]), or '' when it went through none. */
export function tunnelText(buf: Buffer, at: number, d: Decoded): string {
  if (d.tunnelProto === 0) return '';
  let s = NAMES[d.tunnelProto] ?? 'tunnel';
  if (d.tunnelKey >= 0) s += ` ${d.tunnelKey}`;
  const o = d.outerIpOffset;
  if (o < 0) return s;
  const v = buf[at + o] >> 4;
  if (v === 4 && o + IPV4_DST + 4 <= d.capLen)
    return `${s} via ${ipv4ToString(buf.readUInt32BE(at + o + IPV4_SRC))}→${ipv4ToString(buf.readUInt32BE(at + o + IPV4_DST))}`;
  if (v === 6 && o + IPV6_HEADER_LEN <= d.capLen)
    return `${s} via ${ipv6BytesToString(buf, at + o + IPV6_SRC)}→${ipv6BytesToString(buf, at + o + IPV6_DST)}`;
  return s;
}
