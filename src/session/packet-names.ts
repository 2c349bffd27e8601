/**
 * Named values for learners in the packet tree (as Wireshark shows them): the link type, the
 * EtherType, the IP protocol, and the vendor of every MAC address (the IEEE registries, offline).
 * Applied to the tree the decoders' displays build, by field label; the numbers are the decoders'
 * own constants.
 */
import type { TreeNode } from '../api/views.js';
import { LINKTYPE } from '../capture/link-types.js';
import * as E from '../decode/link/ether-types.js';
import * as P from '../decode/net/ip-protocols.js';
import { MacVendorTable } from '../identity/mac-vendor.js';

const LINK_NAMES: Record<number, string> = {
  [LINKTYPE.NULL]: 'BSD loopback',
  [LINKTYPE.ETHERNET]: 'Ethernet',
  [LINKTYPE.RAW]: 'Raw IP',
  [LINKTYPE.IEEE802_11]: 'IEEE 802.11 Wi-Fi',
  [LINKTYPE.LOOP]: 'OpenBSD loopback',
  [LINKTYPE.LINUX_SLL]: 'Linux cooked capture',
  [LINKTYPE.IEEE802_11_RADIOTAP]: 'Wi-Fi with radiotap header',
  [LINKTYPE.IPV4]: 'Raw IPv4',
  [LINKTYPE.IPV6]: 'Raw IPv6',
  [LINKTYPE.LINUX_SLL2]: 'Linux cooked capture v2',
};

const ETHER_NAMES: Record<number, string> = {
  [E.ETHERTYPE_IPV4]: 'IPv4',
  [E.ETHERTYPE_ARP]: 'ARP',
  [E.ETHERTYPE_RARP]: 'RARP',
  [E.ETHERTYPE_VLAN]: '802.1Q VLAN',
  [E.ETHERTYPE_IPV6]: 'IPv6',
  [E.ETHERTYPE_MPLS]: 'MPLS',
  [E.ETHERTYPE_PPPOE_DISCOVERY]: 'PPPoE discovery',
  [E.ETHERTYPE_PPPOE_SESSION]: 'PPPoE session',
  [E.ETHERTYPE_EAPOL]: '802.1X (EAPOL)',
  [E.ETHERTYPE_QINQ]: '802.1ad QinQ',
  [E.ETHERTYPE_LLDP]: 'LLDP',
};

const IP_NAMES: Record<number, string> = {
  [P.IPPROTO_ICMP]: 'ICMP',
  [P.IPPROTO_IGMP]: 'IGMP',
  [P.IPPROTO_TCP]: 'TCP',
  [P.IPPROTO_UDP]: 'UDP',
  [P.IPPROTO_IPV6]: 'IPv6',
  [P.IPPROTO_GRE]: 'GRE',
  [P.IPPROTO_ESP]: 'ESP',
  [P.IPPROTO_AH]: 'AH',
  [P.IPPROTO_ICMPV6]: 'ICMPv6',
  [P.IPPROTO_OSPF]: 'OSPF',
  [P.IPPROTO_SCTP]: 'SCTP',
};

/** "Ethernet (1)". */
export function linkTypeLabel(linkType: number): string {
  return LINK_NAMES[linkType] ? `${LINK_NAMES[linkType]} (${linkType})` : String(linkType);
}

/** The MAC vendor table, loaded once; null when the build did not make it. */
let vendors: MacVendorTable | null | undefined;
function vendorOf(mac: string): string {
  if (vendors === undefined) {
    const t = MacVendorTable.load();
    vendors = t instanceof MacVendorTable ? t : null;
  }
  return vendors ? vendors.lookup(mac).label : '';
}

const MAC =
  /^((?:Destination|Source|Sender MAC address|Target MAC address|Transmitter|Receiver|BSS Id)[^:]*): ([0-9a-f]{2}(?::[0-9a-f]{2}){5})$/;
const ETHER = /^(Type): (0x[0-9a-f]{4})$/;
const IPPROTO = /^(Protocol|Next header): (\d{1,3})$/;

function rename(label: string): string {
  let m = MAC.exec(label);
  if (m) {
    const v = vendorOf(m[2]);
    return v ? `${m[1]}: ${m[2]} (${v})` : label;
  }
  m = ETHER.exec(label);
  if (m) {
    const name = ETHER_NAMES[parseInt(m[2], 16)];
    return name ? `${m[1]}: ${name} (${m[2]})` : label;
  }
  m = IPPROTO.exec(label);
  if (m) {
    const name = IP_NAMES[Number(m[2])];
    return name ? `${m[1]}: ${name} (${m[2]})` : label;
  }
  return label;
}

/** The tree with its numbers named (a new tree). */
export function namedValues(n: TreeNode): TreeNode {
  const out: TreeNode = { ...n, label: rename(n.label) };
  if (n.children) out.children = n.children.map(namedValues);
  return out;
}
