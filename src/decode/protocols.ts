/**
 * Protocol identifiers used in a decoded packet's layer stack. Names are tshark's, as its
 * protocol hierarchy (`-z io,phs`) prints them, so counts can be compared one to one.
 * An id is the index of the name in PROTO_NAMES; ids fit in a byte.
 */
export const PROTO_NAMES = [
  'unknown',
  // link
  'eth',
  'vlan',
  'sll',
  'null',
  'raw',
  'radiotap',
  'wlan_radio',
  'wlan',
  'wlan.mgt',
  'llc',
  'stp',
  'eapol',
  'eap',
  // network
  'arp',
  'ip',
  'ipv6',
  'icmp',
  'icmpv6',
  'igmp',
  'gre',
  'ppp',
  'esp',
  'ah',
  'sctp',
  'ospf',
  'vrrp',
  'pim',
  // transport
  'tcp',
  'udp',
  // application
  'dns',
  'mdns',
  'llmnr',
  'nbns',
  'nbdgm',
  'http',
  'tls',
  'quic',
  'dhcp',
  'dhcpv6',
  'ntp',
  'ssh',
  'ssdp',
  'ftp',
  'ftp-data',
  'smtp',
  'pop',
  'imap',
  'telnet',
  'snmp',
  'syslog',
  'sip',
  'rdp',
  'smb',
  'smb2',
  'ldap',
  'pptp',
  'bgp',
  'mqtt',
  'rtsp',
  'stun',
  'tftp',
  'netbios',
  'vnc',
  'mysql',
  'pgsql',
  'redis',
  'data',
  // appended later, so the ids above do not move
  'lcp',
  'db-lsp-disc',
  'pppoed',
  'pppoes',
  'mpls',
  'cldap',
  'kerberos',
  'isakmp',
  'radius',
  'rip',
] as const;

export type ProtoName = (typeof PROTO_NAMES)[number];

export const PROTO = Object.fromEntries(PROTO_NAMES.map((n, i) => [n, i])) as { readonly [K in ProtoName]: number };

export function protoName(id: number): string {
  return PROTO_NAMES[id] ?? 'unknown';
}
