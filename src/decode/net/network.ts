/**
 * The network chain: from an EtherType to the end of the packet. IP headers, then by IP protocol the
 * transport or a tunnel; tunnels (GRE, IP in IP) loop back here instead of recursing.
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { markMalformed, pushLayer, REASON } from '../bounds.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { decodeArp } from './arp.js';
import { decodeIcmp } from './icmp.js';
import { decodeIcmpv6 } from './icmpv6.js';
import { decodeIgmp } from './igmp.js';
import { decodeGre } from './gre.js';
import { decodeEapol } from '../link/eapol.js';
import { decodeMpls, decodePppoeDiscovery, decodePppoeSession } from '../link/pppoe-mpls.js';
import { decodeTcp } from '../transport/tcp.js';
import { decodeUdp } from '../transport/udp.js';

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
/** Reverse ARP: the same packet format, and tshark names it arp too. */
export const ETHERTYPE_RARP = 0x8035;
export const ETHERTYPE_IPV6 = 0x86dd;
export const ETHERTYPE_EAPOL = 0x888e;
export const ETHERTYPE_PPPOE_DISCOVERY = 0x8863;
export const ETHERTYPE_PPPOE_SESSION = 0x8864;
export const ETHERTYPE_MPLS = 0x8847;
export const ETHERTYPE_MPLS_MULTICAST = 0x8848;

const IPPROTO_ICMP = 1;
const IPPROTO_IGMP = 2;
const IPPROTO_IPIP = 4;
const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;
const IPPROTO_IPV6 = 41;
const IPPROTO_GRE = 47;
const IPPROTO_ESP = 50;
const IPPROTO_AH = 51;
const IPPROTO_ICMPV6 = 58;
const IPPROTO_NONE = 59;
const IPPROTO_OSPF = 89;
const IPPROTO_PIM = 103;
const IPPROTO_VRRP = 112;
const IPPROTO_SCTP = 132;
/** Network headers followed in one packet (IP, tunnels, PPPoE/MPLS shims). */
const MAX_IP_HEADERS = 6;

/** Layer id tshark shows for an IP protocol number that is only named, not decoded (0: data). */
const IP_PROTO_LAYER = new Uint8Array(256);
IP_PROTO_LAYER[IPPROTO_ICMP] = PROTO.icmp;
IP_PROTO_LAYER[IPPROTO_IGMP] = PROTO.igmp;
IP_PROTO_LAYER[IPPROTO_IPIP] = PROTO.ip;
IP_PROTO_LAYER[IPPROTO_TCP] = PROTO.tcp;
IP_PROTO_LAYER[IPPROTO_UDP] = PROTO.udp;
IP_PROTO_LAYER[IPPROTO_IPV6] = PROTO.ipv6;
IP_PROTO_LAYER[IPPROTO_GRE] = PROTO.gre;
IP_PROTO_LAYER[IPPROTO_ESP] = PROTO.esp;
IP_PROTO_LAYER[IPPROTO_AH] = PROTO.ah;
IP_PROTO_LAYER[IPPROTO_ICMPV6] = PROTO.icmpv6;
IP_PROTO_LAYER[IPPROTO_OSPF] = PROTO.ospf;
IP_PROTO_LAYER[IPPROTO_PIM] = PROTO.pim;
IP_PROTO_LAYER[IPPROTO_VRRP] = PROTO.vrrp;
IP_PROTO_LAYER[IPPROTO_SCTP] = PROTO.sctp;

/** Decodes from the network layer at `off` (out.etherType says which) to the end of the packet. */
export function decodeNetwork(buf: Buffer, off: number, end: number, out: Decoded): void {
  for (let depth = 0; depth < MAX_IP_HEADERS; depth++) {
    const type = out.etherType;
    let p: number;
    if (type === ETHERTYPE_IPV4) p = decodeIpv4(buf, off, end, out);
    else if (type === ETHERTYPE_IPV6) p = decodeIpv6(buf, off, end, out);
    else if (type === ETHERTYPE_PPPOE_SESSION || type === ETHERTYPE_MPLS || type === ETHERTYPE_MPLS_MULTICAST) {
      // Shims between the link and IP: decode them and go round again with the EtherType they give.
      off = type === ETHERTYPE_PPPOE_SESSION ? decodePppoeSession(buf, off, end, out) : decodeMpls(buf, off, end, out);
      if (off < 0) return;
      continue;
    } else {
      if (type === ETHERTYPE_ARP || type === ETHERTYPE_RARP) decodeArp(buf, off, end, out);
      else if (type === ETHERTYPE_EAPOL) decodeEapol(buf, off, end, out);
      else if (type === ETHERTYPE_PPPOE_DISCOVERY) decodePppoeDiscovery(off, out);
      return;
    }
    if (p < 0) return;
    const wireEnd = off + out.ipTotalLen;
    const ipEnd = wireEnd < end ? wireEnd : end;
    const proto = out.ipProto;
    if (out.fragment) {
      // tshark reassembles fragments and shows the reassembled upper protocol only on the frame
      // that completes the datagram; every other fragment is `ip:data` / `ipv6:data`
      // (cs-ip_frag_source, cs-ipv6_fragments). Statelessly: a fragment with more-fragments set
      // (first or middle) is data; the last one (offset > 0, MF clear) is named after the
      // protocol field, with no header to decode (it is in the first fragment). If tshark could
      // not reassemble (a lost fragment), it would show data there too.
      if ((proto === IPPROTO_ICMP || proto === IPPROTO_ICMPV6) && out.fragOffset === 0 && p + 8 <= ipEnd) {
        // The first fragment holds the ICMP header: keep its type and echo id/seq (not a layer),
        // so the analysis can pair a fragmented echo as tshark does after reassembly.
        out.icmpType = buf[p];
        out.icmpCode = buf[p + 1];
        out.icmpId = (buf[p + 4] << 8) | buf[p + 5];
        out.icmpSeq = (buf[p + 6] << 8) | buf[p + 7];
      }
      if (out.moreFragments) {
        if (p < ipEnd) pushLayer(out, PROTO.data, p);
      } else {
        const layer = IP_PROTO_LAYER[proto];
        pushLayer(out, layer === 0 ? PROTO.data : layer, p);
      }
      return;
    }
    switch (proto) {
      case IPPROTO_TCP:
        decodeTcp(buf, p, ipEnd, wireEnd, out);
        return;
      case IPPROTO_UDP:
        decodeUdp(buf, p, ipEnd, wireEnd, out);
        return;
      case IPPROTO_ICMP:
        decodeIcmp(buf, p, ipEnd, wireEnd, out);
        return;
      case IPPROTO_ICMPV6:
        decodeIcmpv6(buf, p, ipEnd, wireEnd, out);
        return;
      case IPPROTO_IGMP:
        decodeIgmp(buf, p, ipEnd, wireEnd, out);
        return;
      case IPPROTO_GRE:
        off = decodeGre(buf, p, ipEnd, wireEnd, out);
        if (off < 0) return;
        end = ipEnd;
        continue;
      case IPPROTO_IPIP:
        out.etherType = ETHERTYPE_IPV4;
        off = p;
        end = ipEnd;
        continue;
      case IPPROTO_IPV6:
        out.etherType = ETHERTYPE_IPV6;
        off = p;
        end = ipEnd;
        continue;
      case IPPROTO_NONE:
        return;
      default: {
        if (p >= ipEnd) return;
        const layer = IP_PROTO_LAYER[proto];
        pushLayer(out, layer === 0 ? PROTO.data : layer, p);
        return;
      }
    }
  }
  markMalformed(out, PROTO.unknown, off, REASON.TOO_MANY_HEADERS);
}
