/**
 * The one trace of a quoted datagram that tshark's protocol hierarchy shows. When an ICMP or ICMPv6
 * error quotes a UDP datagram with payload bytes, tshark's io,phs lists that payload's protocol
 * (dns, ntp, mdns, ..., or data) right under icmp / icmpv6, though not the quoted ip/ipv6/udp
 * headers themselves, and nothing for a quoted TCP segment (checked with tshark 4.0 on built
 * frames, and zeek-communityid-icmp6: icmpv6 > data 12, dns 1). To reproduce its counts the
 * decoder appends just that name. The packet's own app, ports and hint are left alone.
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { pushLayer } from '../layer-stack.js';
import { appForPorts } from '../app/services.js';

const UDP_HEADER_LEN = 8;

/** `udp` is the absolute offset of the quoted UDP header (ports already in out.quoted*). */
export function pushQuotedUdpApp(udp: number, end: number, out: Decoded): void {
  const payload = udp + UDP_HEADER_LEN;
  if (payload >= end) return;
  const app = appForPorts(out.quotedSrcPort, out.quotedDstPort, true);
  pushLayer(out, app !== 0 ? app : PROTO.data, payload);
}
