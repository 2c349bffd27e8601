/**
 * The packets view's one-line summary of a decoded frame, in the spirit of Wireshark's Info
 * column. Network strings are kept as text; control characters become '.' so a line stays a line.
 */
import type { AppHint } from '../decode/app-hints.js';
import type { Decoded } from '../decode/decoded.js';
import { ipv4ToString, macToString } from '../decode/format.js';

const MAX_INFO = 200;
const TCP_FLAG_NAMES: [number, string][] = [
  [0x02, 'SYN'],
  [0x10, 'ACK'],
  [0x01, 'FIN'],
  [0x04, 'RST'],
  [0x08, 'PSH'],
  [0x20, 'URG'],
  [0x40, 'ECE'],
  [0x80, 'CWR'],
];
const ICMP_TYPES: Record<number, string> = {
  0: 'Echo (ping) reply',
  3: 'Destination unreachable',
  4: 'Source quench',
  5: 'Redirect',
  8: 'Echo (ping) request',
  11: 'Time-to-live exceeded',
  12: 'Parameter problem',
  13: 'Timestamp request',
  14: 'Timestamp reply',
};
const ICMPV6_TYPES: Record<number, string> = {
  1: 'Destination unreachable',
  2: 'Packet too big',
  3: 'Time exceeded',
  4: 'Parameter problem',
  128: 'Echo (ping) request',
  129: 'Echo (ping) reply',
  130: 'Multicast listener query',
  131: 'Multicast listener report',
  133: 'Router solicitation',
  134: 'Router advertisement',
  135: 'Neighbor solicitation',
  136: 'Neighbor advertisement',
  137: 'Redirect',
  143: 'Multicast listener report v2',
};
const DNS_TYPES: Record<number, string> = {
  1: 'A',
  2: 'NS',
  5: 'CNAME',
  6: 'SOA',
  12: 'PTR',
  15: 'MX',
  16: 'TXT',
  28: 'AAAA',
  33: 'SRV',
  65: 'HTTPS',
  255: 'ANY',
};
const DHCP_TYPES = ['BOOTP', 'Discover', 'Offer', 'Request', 'Decline', 'ACK', 'NAK', 'Release', 'Inform'];

/** Untrusted text made one printable line. */
export function oneLine(s: string, max = MAX_INFO): string {
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '.');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

export function tcpFlagNames(flags: number): string {
  return TCP_FLAG_NAMES.filter(([bit]) => (flags & bit) !== 0)
    .map(([, n]) => n)
    .join(', ');
}

export function dnsTypeName(t: number): string {
  return DNS_TYPES[t] ?? `TYPE${t}`;
}

export function icmpTypeName(v6: boolean, type: number): string {
  return (v6 ? ICMPV6_TYPES : ICMP_TYPES)[type] ?? `type ${type}`;
}

export function hintSummary(h: AppHint): string {
  switch (h.kind) {
    case 'dns': {
      const q = h.questions[0];
      const qs = q ? ` ${dnsTypeName(q.type)} ${q.name}` : '';
      const ans = h.isResponse
        ? h.answers
            .slice(0, 3)
            .map((a) => ` ${dnsTypeName(a.type)} ${a.data}`)
            .join('')
        : '';
      const rc = h.isResponse && h.rcode !== 0 ? (h.rcode === 3 ? ' No such name' : ` rcode ${h.rcode}`) : '';
      return `${h.flavor === 'dns' ? 'Standard query' : h.flavor.toUpperCase()}${h.isResponse ? ' response' : ''} 0x${h.id.toString(16).padStart(4, '0')}${rc}${qs}${ans}`;
    }
    case 'tls-client-hello':
      return `Client Hello${h.sni ? ` (SNI=${h.sni})` : ''}`;
    case 'http-request':
      return `${h.method} ${h.target} ${h.version}`;
    case 'http-response':
      return `${h.version} ${h.status} ${h.reason}`;
    case 'quic':
      return `QUIC ${h.packetType}${h.sni ? `, SNI=${h.sni}` : ''}`;
    case 'dhcp':
      return `DHCP ${DHCP_TYPES[h.messageType] ?? h.messageType} from ${h.clientMac}${h.hostname ? ` (${h.hostname})` : ''}`;
    case 'ntp':
      return `NTP version ${h.version}, ${['reserved', 'symmetric active', 'symmetric passive', 'client', 'server', 'broadcast', 'control', 'private'][h.mode] ?? `mode ${h.mode}`}`;
    case 'ssh-banner':
      return h.banner;
    case 'ssdp':
      return h.startLine;
  }
}

/** Info for a frame decoded from `buf` (the frame starts at `d.frameOffset`). */
export function packetInfo(buf: Buffer, d: Decoded): string {
  const at = d.frameOffset;
  let s = '';
  if (d.arpOp >= 0) {
    const sender = ipv4ToString(d.arpSenderIp);
    const target = ipv4ToString(d.arpTargetIp);
    if (d.arpOp === 1) s = `Who has ${target}? Tell ${sender}`;
    else if (d.arpOp === 2)
      s = `${sender} is at ${d.arpSenderMacOffset >= 0 ? macToString(buf, at + d.arpSenderMacOffset) : '?'}`;
    else s = `ARP opcode ${d.arpOp}`;
  } else if (d.icmpType >= 0) {
    s = icmpTypeName(d.ipProto === 58, d.icmpType);
    if (d.icmpId >= 0) s += ` id=0x${d.icmpId.toString(16).padStart(4, '0')}, seq=${d.icmpSeq}`;
    if (d.icmpCode > 0) s += ` (code ${d.icmpCode})`;
  } else if (d.ipProto === 6 && d.srcPort >= 0) {
    s = `${d.srcPort} → ${d.dstPort} [${tcpFlagNames(d.tcpFlags)}] Seq=${d.tcpSeq >>> 0} Ack=${d.tcpAck >>> 0} Win=${d.tcpWindow} Len=${d.payloadWireLen}`;
  } else if (d.ipProto === 17 && d.srcPort >= 0) {
    s = `${d.srcPort} → ${d.dstPort} Len=${d.payloadWireLen}`;
  } else if (d.fragment) {
    s = `Fragment offset ${d.fragOffset}${d.moreFragments ? ', more follow' : ''}`;
  }
  if (d.hint !== null) s = s ? `${hintSummary(d.hint)} · ${s}` : hintSummary(d.hint);
  if (d.malformed) s += d.truncated ? ' [cut short by the snapshot length]' : ` [Malformed: ${d.malformedReason}]`;
  return oneLine(s);
}
