/**
 * One packet's decoded layers as a tree (packets:detail): a node per layer with the bytes it
 * covers, and the fields the decoders found. Every string from the packet is untrusted text.
 */
import type { PacketDetail, TreeNode } from '../api/views.js';
import type { AppHint } from '../decode/app-hints.js';
import { decodePacket } from '../decode/decode-packet.js';
import { Decoded } from '../decode/decoded.js';
import { ipv4ToString, ipv6ToString, macToString } from '../decode/format.js';
import { PROTO, protoName } from '../decode/protocols.js';
import { timeText } from '../analysis/report-builder.js';
import { dnsTypeName, hintSummary, icmpTypeName, oneLine, tcpFlagNames } from './packet-info.js';
import type { KeptPacket } from './raw-ring.js';

const LABELS: Record<string, string> = {
  eth: 'Ethernet II',
  vlan: '802.1Q Virtual LAN',
  sll: 'Linux cooked capture',
  null: 'Null/Loopback',
  raw: 'Raw packet data',
  radiotap: 'Radiotap header',
  wlan_radio: '802.11 radio information',
  wlan: 'IEEE 802.11',
  'wlan.mgt': 'IEEE 802.11 management',
  llc: 'Logical-Link Control',
  arp: 'Address Resolution Protocol',
  ip: 'Internet Protocol Version 4',
  ipv6: 'Internet Protocol Version 6',
  icmp: 'Internet Control Message Protocol',
  icmpv6: 'Internet Control Message Protocol v6',
  igmp: 'Internet Group Management Protocol',
  tcp: 'Transmission Control Protocol',
  udp: 'User Datagram Protocol',
  dns: 'Domain Name System',
  mdns: 'Multicast Domain Name System',
  http: 'Hypertext Transfer Protocol',
  tls: 'Transport Layer Security',
  quic: 'QUIC',
  dhcp: 'Dynamic Host Configuration Protocol',
  ntp: 'Network Time Protocol',
  ssh: 'SSH Protocol',
  ssdp: 'Simple Service Discovery Protocol',
  data: 'Data',
};

const f = (label: string, value: string | number): TreeNode => ({
  label: `${label}: ${typeof value === 'string' ? oneLine(value, 500) : value}`,
});

export function packetDetail(k: KeptPacket): PacketDetail {
  const d = new Decoded();
  decodePacket(k.bytes, 0, k.bytes.length, k.linkType, d);
  const layers: TreeNode[] = [
    {
      label: `Frame ${k.frame}: ${k.origLen} bytes on wire, ${k.bytes.length} bytes captured`,
      start: 0,
      length: k.bytes.length,
      children: [
        f('Arrival time', new Date(k.tsSec * 1000 + Math.floor(k.tsNsec / 1e6)).toISOString()),
        f('Epoch time', timeText(k.tsSec, k.tsNsec)),
        f('Link type', k.linkType),
      ],
    },
  ];
  let ipSeen = false;
  for (let i = 0; i < d.layerCount; i++) {
    const id = d.layers[i];
    const name = protoName(id);
    const start = d.layerOffsets[i];
    const end = i + 1 < d.layerCount ? d.layerOffsets[i + 1] : k.bytes.length;
    const node: TreeNode = { label: LABELS[name] ?? name.toUpperCase(), start, length: Math.max(0, end - start) };
    let children: TreeNode[] = [];
    if ((id === PROTO.ip || id === PROTO.ipv6) && start === d.ipOffset && !ipSeen) {
      ipSeen = true;
      children = ipFields(d);
    } else {
      children = layerFields(id, k.bytes, d, start);
    }
    if (i === d.layerCount - 1 && d.hint !== null && children.length === 0) children = hintFields(d.hint);
    if (children.length > 0) node.children = children;
    layers.push(node);
  }
  // over TCP the stack ends at tcp: what the payload carries is shown as its own node
  if (d.hint !== null && d.ipProto === 6)
    layers.push({
      label: hintSummary(d.hint),
      start: d.payloadOffset >= 0 ? d.payloadOffset : undefined,
      children: hintFields(d.hint),
    });
  return {
    frame: k.frame,
    time: k.tsSec + k.tsNsec * 1e-9,
    timeText: timeText(k.tsSec, k.tsNsec),
    length: k.origLen,
    capturedLength: k.bytes.length,
    linkType: k.linkType,
    layers: layers.map(dropUndefined),
    hex: k.bytes.toString('hex'),
    malformed: d.malformed
      ? { layer: protoName(d.malformedLayer), offset: d.malformedAt, reason: d.malformedReason }
      : null,
  };
}

function dropUndefined(n: TreeNode): TreeNode {
  const out: TreeNode = { label: n.label };
  if (n.start !== undefined) out.start = n.start;
  if (n.length !== undefined) out.length = n.length;
  if (n.children) out.children = n.children.map(dropUndefined);
  return out;
}

function ipFields(d: Decoded): TreeNode[] {
  const out: TreeNode[] = [];
  if (d.ipVersion === 4) {
    out.push(f('Source address', ipv4ToString(d.src4)), f('Destination address', ipv4ToString(d.dst4)));
  } else {
    out.push(f('Source address', ipv6ToString(d.src6)), f('Destination address', ipv6ToString(d.dst6)));
  }
  out.push(
    f(d.ipVersion === 4 ? 'Time to live' : 'Hop limit', d.ttl),
    f('Protocol', d.ipProto),
    f('Total length', d.ipTotalLen),
  );
  if (d.fragment)
    out.push(
      f(
        'Fragment',
        `offset ${d.fragOffset}, id 0x${d.fragId.toString(16)}${d.moreFragments ? ', more fragments' : ', last'}`,
      ),
    );
  return out;
}

function layerFields(id: number, buf: Buffer, d: Decoded, start: number): TreeNode[] {
  switch (id) {
    case PROTO.eth: {
      const out: TreeNode[] = [];
      if (d.dstMacOffset >= 0) out.push(f('Destination', macToString(buf, d.dstMacOffset)));
      if (d.srcMacOffset >= 0) out.push(f('Source', macToString(buf, d.srcMacOffset)));
      if (start + 14 <= buf.length)
        out.push(
          f(
            'Type',
            `0x${buf
              .readUInt16BE(start + 12)
              .toString(16)
              .padStart(4, '0')}`,
          ),
        );
      return out;
    }
    case PROTO.vlan:
      return d.vlanId >= 0 ? [f('VLAN id', d.vlanId)] : [];
    case PROTO.arp: {
      const out = [f('Opcode', d.arpOp === 1 ? 'request (1)' : d.arpOp === 2 ? 'reply (2)' : d.arpOp)];
      if (d.arpSenderMacOffset >= 0) out.push(f('Sender MAC address', macToString(buf, d.arpSenderMacOffset)));
      out.push(f('Sender IP address', ipv4ToString(d.arpSenderIp)));
      if (d.arpTargetMacOffset >= 0) out.push(f('Target MAC address', macToString(buf, d.arpTargetMacOffset)));
      out.push(f('Target IP address', ipv4ToString(d.arpTargetIp)));
      return out;
    }
    case PROTO.tcp: {
      if (d.srcPort < 0) return [];
      const out = [
        f('Source port', d.srcPort),
        f('Destination port', d.dstPort),
        f('Sequence number', d.tcpSeq >>> 0),
        f('Acknowledgment number', d.tcpAck >>> 0),
        f('Header length', d.tcpHeaderLen),
        f('Flags', `0x${d.tcpFlags.toString(16).padStart(3, '0')} (${tcpFlagNames(d.tcpFlags)})`),
        f('Window', d.tcpWindow),
        f('Payload length', d.payloadWireLen),
      ];
      if (d.tcpMss >= 0) out.push(f('Maximum segment size', d.tcpMss));
      if (d.tcpWscale >= 0) out.push(f('Window scale', d.tcpWscale));
      if (d.tcpSackPermitted) out.push(f('SACK permitted', 'yes'));
      if (d.tcpTsVal >= 0) out.push(f('Timestamps', `TSval ${d.tcpTsVal}, TSecr ${d.tcpTsEcr}`));
      return out;
    }
    case PROTO.udp:
      return d.srcPort >= 0
        ? [f('Source port', d.srcPort), f('Destination port', d.dstPort), f('Length', d.payloadWireLen + 8)]
        : [];
    case PROTO.icmp:
    case PROTO.icmpv6: {
      if (d.icmpType < 0) return [];
      const out = [
        f('Type', `${d.icmpType} (${icmpTypeName(id === PROTO.icmpv6, d.icmpType)})`),
        f('Code', d.icmpCode),
      ];
      if (d.icmpId >= 0) out.push(f('Identifier', d.icmpId), f('Sequence number', d.icmpSeq));
      if (d.quotedIpVersion !== 0)
        out.push(
          f(
            'Quoted packet',
            `IPv${d.quotedIpVersion} protocol ${d.quotedIpProto}${d.quotedSrcPort >= 0 ? `, ports ${d.quotedSrcPort} → ${d.quotedDstPort}` : ''}`,
          ),
        );
      return out;
    }
    case PROTO.igmp:
      return d.igmpType >= 0 ? [f('Type', `0x${d.igmpType.toString(16)}`), f('Group', ipv4ToString(d.igmpGroup))] : [];
    default:
      return [];
  }
}

function hintFields(h: AppHint): TreeNode[] {
  switch (h.kind) {
    case 'dns':
      return [
        f('Transaction id', `0x${h.id.toString(16).padStart(4, '0')}`),
        f('Response', h.isResponse ? 'yes' : 'no'),
        f('Reply code', h.rcode),
        {
          label: `Questions: ${h.questions.length}`,
          children: h.questions.slice(0, 50).map((q) => f(dnsTypeName(q.type), q.name)),
        },
        {
          label: `Answers: ${h.answers.length}`,
          children: h.answers
            .slice(0, 50)
            .map((a) => f(`${a.name} ${dnsTypeName(a.type)}`, `${a.data} (TTL ${a.ttl})`)),
        },
      ];
    case 'tls-client-hello':
      return [
        f('Handshake', 'Client Hello'),
        f('Version', `0x${h.version.toString(16)}`),
        f('Server name (SNI)', h.sni ?? '(none)'),
        f('ALPN', h.alpn.join(', ') || '(none)'),
      ];
    case 'http-request':
      return [
        f('Request', `${h.method} ${h.target} ${h.version}`),
        f('Host', h.host ?? '(none)'),
        f('User-Agent', h.userAgent ?? '(none)'),
        f('Credentials in clear text', h.hasCredentials ? 'yes' : 'no'),
      ];
    case 'http-response':
      return [f('Status', `${h.status} ${h.reason}`), f('Version', h.version)];
    case 'quic':
      return [
        f('Version', `0x${h.version.toString(16)}`),
        f('Packet type', h.packetType),
        f('Destination connection id', h.dcid),
        f('Server name (SNI)', h.sni ?? '(none)'),
        f('ALPN', h.alpn.join(', ') || '(none)'),
      ];
    case 'dhcp':
      return [
        f('Message type', h.messageType),
        f('Client MAC', h.clientMac),
        f('Host name', h.hostname ?? '(none)'),
        f('Requested address', h.requestedIp ?? '(none)'),
        f('Your address', h.yourIp ?? '(none)'),
      ];
    case 'ntp':
      return [f('Version', h.version), f('Mode', h.mode), f('Stratum', h.stratum)];
    case 'ssh-banner':
      return [f('Banner', h.banner)];
    case 'ssdp':
      return [
        f('Start line', h.startLine),
        f('Target', h.target ?? '(none)'),
        f('Location', h.location ?? '(none)'),
        f('Server', h.server ?? '(none)'),
      ];
  }
}
