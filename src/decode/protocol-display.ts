/**
 * Each protocol's display (its fields and info text, see layer-view.ts), by protocol id: the one
 * list the packet view reads. A protocol with no row shows its long name and no fields.
 */
import { PROTO } from './protocols.js';
import type { ProtocolDisplay } from './layer-view.js';
import { ETHERNET_DISPLAY, VLAN_DISPLAY } from './link/ethernet.js';
import { LLDP_DISPLAY } from './link/lldp.js';
import { STP_DISPLAY } from './link/stp.js';
import { VXLAN_DISPLAY } from './tunnel/vxlan.js';
import { GENEVE_DISPLAY } from './tunnel/geneve.js';
import { GTP_DISPLAY } from './tunnel/gtp-u.js';
import { ERSPAN_DISPLAY } from './tunnel/erspan.js';
import { NSH_DISPLAY } from './tunnel/nsh.js';
import { ARP_DISPLAY } from './net/arp.js';
import { IPV4_DISPLAY } from './net/ipv4.js';
import { IPV6_DISPLAY } from './net/ipv6.js';
import { ICMP_DISPLAY } from './net/icmp.js';
import { ICMPV6_DISPLAY } from './net/icmpv6.js';
import { IGMP_DISPLAY } from './net/igmp.js';
import { TCP_DISPLAY } from './transport/tcp.js';
import { UDP_DISPLAY } from './transport/udp.js';
import { DNS_DISPLAY } from './app/dns.js';
import { TLS_DISPLAY } from './app/tls-client-hello.js';
import { HTTP_DISPLAY } from './app/http.js';
import { QUIC_DISPLAY } from './app/quic.js';
import { DHCP_DISPLAY } from './app/dhcp.js';
import { NTP_DISPLAY } from './app/ntp.js';
import { SSH_DISPLAY } from './app/ssh.js';
import { SSDP_DISPLAY } from './app/ssdp.js';

const DISPLAYS: readonly (readonly [number, ProtocolDisplay])[] = [
  [PROTO.eth, ETHERNET_DISPLAY],
  [PROTO.vlan, VLAN_DISPLAY],
  [PROTO.lldp, LLDP_DISPLAY],
  [PROTO.stp, STP_DISPLAY],
  [PROTO.vxlan, VXLAN_DISPLAY],
  [PROTO.geneve, GENEVE_DISPLAY],
  [PROTO.gtp, GTP_DISPLAY],
  [PROTO.erspan, ERSPAN_DISPLAY],
  [PROTO.nsh, NSH_DISPLAY],
  [PROTO.arp, ARP_DISPLAY],
  [PROTO.ip, IPV4_DISPLAY],
  [PROTO.ipv6, IPV6_DISPLAY],
  [PROTO.icmp, ICMP_DISPLAY],
  [PROTO.icmpv6, ICMPV6_DISPLAY],
  [PROTO.igmp, IGMP_DISPLAY],
  [PROTO.tcp, TCP_DISPLAY],
  [PROTO.udp, UDP_DISPLAY],
  [PROTO.dns, DNS_DISPLAY],
  [PROTO.mdns, DNS_DISPLAY],
  [PROTO.llmnr, DNS_DISPLAY],
  [PROTO.tls, TLS_DISPLAY],
  [PROTO.http, HTTP_DISPLAY],
  [PROTO.quic, QUIC_DISPLAY],
  [PROTO.dhcp, DHCP_DISPLAY],
  [PROTO.ntp, NTP_DISPLAY],
  [PROTO.ssh, SSH_DISPLAY],
  [PROTO.ssdp, SSDP_DISPLAY],
];

const BY_ID: (ProtocolDisplay | undefined)[] = [];
for (const [id, display] of DISPLAYS) BY_ID[id] = display;

/** The display of protocol `id`, or undefined when it has none. */
export function protocolDisplay(id: number): ProtocolDisplay | undefined {
  return BY_ID[id];
}
