/**
 * The one list of protocols: for each, the name tshark's protocol hierarchy (`-z io,phs`) prints
 * (so counts compare one to one), Wireshark's long name (the packet tree's layer titles) and a
 * plain name for people (the filter list). A protocol's id is its position here and fits in a
 * byte: append new rows at the end, so the ids before them do not move.
 */
const PROTOCOLS = [
  ['unknown', 'Unknown', 'Unknown'],
  // link
  ['eth', 'Ethernet II', 'Ethernet'],
  ['vlan', '802.1Q Virtual LAN', 'VLAN tag (802.1Q)'],
  ['sll', 'Linux cooked capture', 'Linux cooked capture'],
  ['null', 'Null/Loopback', 'Loopback'],
  ['raw', 'Raw packet data', 'Raw IP (no link header)'],
  ['radiotap', 'Radiotap header', 'Wi-Fi radio header (radiotap)'],
  ['wlan_radio', '802.11 radio information', 'Wi-Fi radio information'],
  ['wlan', 'IEEE 802.11 wireless LAN', 'Wi-Fi (802.11)'],
  ['wlan.mgt', 'IEEE 802.11 wireless LAN management frame', 'Wi-Fi management (beacons, probes, joins)'],
  ['llc', 'Logical-Link Control', 'LLC (802.2)'],
  ['stp', 'Spanning Tree Protocol', 'Spanning tree (STP/RSTP): switch loop prevention'],
  ['eapol', '802.1X Authentication', '802.1X / WPA key exchange (EAPOL)'],
  ['eap', 'Extensible Authentication Protocol', 'EAP authentication'],
  // network
  ['arp', 'Address Resolution Protocol', 'ARP: who has this IP address'],
  ['ip', 'Internet Protocol Version 4', 'IPv4'],
  ['ipv6', 'Internet Protocol Version 6', 'IPv6'],
  ['icmp', 'Internet Control Message Protocol', 'ICMP: ping and network errors'],
  ['icmpv6', 'Internet Control Message Protocol v6', 'ICMPv6: ping, neighbour discovery, errors'],
  ['igmp', 'Internet Group Management Protocol', 'IGMP: multicast group membership'],
  ['gre', 'Generic Routing Encapsulation', 'GRE tunnel'],
  ['ppp', 'Point-to-Point Protocol', 'PPP'],
  ['esp', 'Encapsulating Security Payload', 'IPsec ESP (encrypted VPN)'],
  ['ah', 'Authentication Header', 'IPsec AH'],
  ['sctp', 'Stream Control Transmission Protocol', 'SCTP'],
  ['ospf', 'Open Shortest Path First', 'OSPF routing'],
  ['vrrp', 'Virtual Router Redundancy Protocol', 'VRRP: router failover'],
  ['pim', 'Protocol Independent Multicast', 'PIM multicast routing'],
  // transport
  ['tcp', 'Transmission Control Protocol', 'TCP'],
  ['udp', 'User Datagram Protocol', 'UDP'],
  // application
  ['dns', 'Domain Name System', 'DNS: name lookups'],
  ['mdns', 'Multicast Domain Name System', 'mDNS: local name and service discovery'],
  ['llmnr', 'Link-local Multicast Name Resolution', 'LLMNR: local name lookups (Windows)'],
  ['nbns', 'NetBIOS Name Service', 'NetBIOS names (Windows)'],
  ['nbdgm', 'NetBIOS Datagram Service', 'NetBIOS datagrams (Windows)'],
  ['http', 'Hypertext Transfer Protocol', 'HTTP: unencrypted web'],
  ['tls', 'Transport Layer Security', 'TLS: encrypted web and apps'],
  ['quic', 'QUIC IETF', 'QUIC: encrypted web over UDP (HTTP/3)'],
  ['dhcp', 'Dynamic Host Configuration Protocol', 'DHCP: getting an IP address'],
  ['dhcpv6', 'DHCPv6', 'DHCPv6: getting an IPv6 address'],
  ['ntp', 'Network Time Protocol', 'NTP: clock sync'],
  ['ssh', 'SSH Protocol', 'SSH: remote login'],
  ['ssdp', 'Simple Service Discovery Protocol', 'SSDP: device discovery (UPnP)'],
  ['ftp', 'File Transfer Protocol (FTP)', 'FTP: file transfer'],
  ['ftp-data', 'FTP Data', 'FTP data transfer'],
  ['smtp', 'Simple Mail Transfer Protocol', 'SMTP: sending mail'],
  ['pop', 'Post Office Protocol', 'POP3: fetching mail'],
  ['imap', 'Internet Message Access Protocol', 'IMAP: mail'],
  ['telnet', 'Telnet', 'Telnet: unencrypted remote login'],
  ['snmp', 'Simple Network Management Protocol', 'SNMP: device monitoring'],
  ['syslog', 'Syslog message', 'Syslog: log messages'],
  ['sip', 'Session Initiation Protocol', 'SIP: voice and video calls'],
  ['rdp', 'Remote Desktop Protocol', 'Remote Desktop (RDP)'],
  ['smb', 'SMB (Server Message Block Protocol)', 'SMB: Windows file sharing'],
  ['smb2', 'SMB2 (Server Message Block Protocol version 2)', 'SMB2: Windows file sharing'],
  ['ldap', 'Lightweight Directory Access Protocol', 'LDAP: directory (Active Directory)'],
  ['pptp', 'Point-to-Point Tunnelling Protocol', 'PPTP VPN'],
  ['bgp', 'Border Gateway Protocol', 'BGP routing'],
  ['mqtt', 'MQ Telemetry Transport Protocol', 'MQTT: IoT messaging'],
  ['rtsp', 'Real Time Streaming Protocol', 'RTSP: video streams and cameras'],
  ['stun', 'Session Traversal Utilities for NAT', 'STUN: calls through NAT'],
  ['tftp', 'Trivial File Transfer Protocol', 'TFTP: simple file transfer'],
  ['netbios', 'NetBIOS Session Service', 'NetBIOS sessions (Windows)'],
  ['vnc', 'Virtual Network Computing', 'VNC: remote screen'],
  ['mysql', 'MySQL Protocol', 'MySQL database'],
  ['pgsql', 'PostgreSQL', 'PostgreSQL database'],
  ['redis', 'Redis Protocol', 'Redis database'],
  ['data', 'Data', 'Other data'],
  // appended later, so the ids above do not move
  ['lcp', 'PPP Link Control Protocol', 'PPP link control'],
  ['db-lsp-disc', 'Dropbox LAN sync Discovery Protocol', 'Dropbox LAN sync'],
  ['pppoed', 'PPP-over-Ethernet Discovery', 'PPPoE discovery (DSL)'],
  ['pppoes', 'PPP-over-Ethernet Session', 'PPPoE session (DSL)'],
  ['mpls', 'MultiProtocol Label Switching Header', 'MPLS labels'],
  ['cldap', 'Connectionless Lightweight Directory Access Protocol', 'CLDAP: domain controller lookups'],
  ['kerberos', 'Kerberos', 'Kerberos: Windows sign-in'],
  ['isakmp', 'Internet Security Association and Key Management Protocol', 'IPsec key exchange (IKE)'],
  ['radius', 'RADIUS Protocol', 'RADIUS: network sign-in'],
  ['rip', 'Routing Information Protocol', 'RIP routing'],
  ['lldp', 'Link Layer Discovery Protocol', 'LLDP: what switches and devices say about themselves'],
  ['vxlan', 'Virtual eXtensible Local Area Network', 'VXLAN tunnel (virtual networks)'],
  ['geneve', 'Generic Network Virtualization Encapsulation', 'Geneve tunnel (virtual networks)'],
  ['teredo', 'Teredo IPv6 over UDP tunneling', 'Teredo: IPv6 tunnelled over IPv4'],
  ['gtp', 'GPRS Tunneling Protocol', 'GTP: mobile network tunnel'],
  ['erspan', 'Encapsulated Remote Switch Packet ANalysis', 'ERSPAN: mirrored switch traffic'],
  ['nsh', 'Network Service Header', 'NSH: service chaining'],
  ['vntag', 'VN-Tag', 'VN-Tag (Cisco fabric extender)'],
  ['etag', '802.1BR E-Tag', 'E-Tag (802.1BR port extender)'],
  ['chdlc', 'Cisco HDLC', 'Cisco HDLC'],
  ['slarp', 'Cisco SLARP', 'Cisco SLARP (serial link keepalive)'],
] as const;

type ProtoName = (typeof PROTOCOLS)[number][0];

/** tshark's short names, by id. */
export const PROTO_NAMES: readonly ProtoName[] = PROTOCOLS.map((p) => p[0]);

export const PROTO = Object.fromEntries(PROTO_NAMES.map((n, i) => [n, i])) as { readonly [K in ProtoName]: number };

export function protoName(id: number): string {
  return PROTO_NAMES[id] ?? 'unknown';
}

/** Wireshark's long name ("Transmission Control Protocol"), for the packet tree. */
export function protoLabel(id: number): string {
  return PROTOCOLS[id]?.[1] ?? protoName(id).toUpperCase();
}

/** The name a person reads in the filter list ("DNS: name lookups"). */
export function protoPlainName(id: number): string {
  return PROTOCOLS[id]?.[2] ?? protoName(id);
}
