/**
 * The network chain: from an EtherType to the end of the packet. IP headers, then by IP protocol the
 * transport or a tunnel; tunnels (GRE, ERSPAN, IP in IP, NSH, and VXLAN, Geneve, Teredo, GTP-U
 * over UDP) loop back here instead of recursing, at most MAX_NETWORK_HEADERS times (a packet of
 * nested tunnels cannot make decoding deep or long).
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { markMalformed, REASON } from '../malformed.js';
import { pushLayer } from '../layer-stack.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { decodeArp } from './arp.js';
import { decodeIcmp, readFragmentedEcho } from './icmp.js';
import { decodeIcmpv6 } from './icmpv6.js';
import { decodeIgmp } from './igmp.js';
import { decodeGre } from './gre.js';
import { decodeEapol } from '../link/eapol.js';
import { decodeLldp } from '../link/lldp.js';
import { decodeNsh } from '../tunnel/nsh.js';
import { noteTunnel } from '../tunnel/tunnel-key.js';
import { decodeMpls, decodePppoeDiscovery, decodePppoeSession } from '../link/pppoe-mpls.js';
import {
  ETHERTYPE_ARP,
  ETHERTYPE_EAPOL,
  ETHERTYPE_IPV4,
  ETHERTYPE_IPV6,
  ETHERTYPE_LLDP,
  ETHERTYPE_MPLS,
  ETHERTYPE_MPLS_MULTICAST,
  ETHERTYPE_NSH,
  ETHERTYPE_PPPOE_DISCOVERY,
  ETHERTYPE_PPPOE_SESSION,
  ETHERTYPE_RARP,
} from '../link/ether-types.js';
import {
  IPPROTO_AH,
  IPPROTO_ESP,
  IPPROTO_GRE,
  IPPROTO_ICMP,
  IPPROTO_ICMPV6,
  IPPROTO_IGMP,
  IPPROTO_IPIP,
  IPPROTO_IPV6,
  IPPROTO_NONE,
  IPPROTO_OSPF,
  IPPROTO_PIM,
  IPPROTO_SCTP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  IPPROTO_VRRP,
} from './ip-protocols.js';
import { decodeTcp } from '../transport/tcp.js';
import { decodeUdp } from '../transport/udp.js';

/** Network headers followed in one packet (IP, tunnels, PPPoE/MPLS/NSH shims). */
export const MAX_NETWORK_HEADERS = 8;

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
  for (let depth = 0; depth < MAX_NETWORK_HEADERS; depth++) {
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
      else if (type === ETHERTYPE_LLDP) decodeLldp(off, out);
      else if (type === ETHERTYPE_NSH) {
        off = decodeNsh(buf, off, end, out);
        if (off < 0) return;
        continue;
      }
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
      if ((proto === IPPROTO_ICMP || proto === IPPROTO_ICMPV6) && out.fragOffset === 0) {
        readFragmentedEcho(buf, p, ipEnd, out);
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
        // a tunnel over UDP (VXLAN, Geneve, Teredo, GTP-U) hands over the packet inside
        off = decodeUdp(buf, p, ipEnd, wireEnd, out);
        if (off < 0) return;
        end = ipEnd;
        continue;
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
        noteTunnel(out, PROTO.ip, -1);
        out.etherType = ETHERTYPE_IPV4;
        off = p;
        end = ipEnd;
        continue;
      case IPPROTO_IPV6:
        noteTunnel(out, PROTO.ipv6, -1);
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
