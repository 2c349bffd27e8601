/**
 * Port → service name (for out.service) and port → application protocol (for out.app and the UDP
 * application layers). Names follow IANA's service names for well-known ports, shortened to what
 * people call them where IANA's is obscure (53 "dns" not "domain", 445 "smb" not "microsoft-ds",
 * 3389 "rdp" not "ms-wbt-server"). Lookups are two array reads: no allocation, no hashing.
 */
import { PROTO } from '../protocols.js';
import { DHCP_CLIENT_PORT, DHCP_SERVER_PORT } from './dhcp.js';

type Entry = readonly [port: number, name: string, tcpApp?: number, udpApp?: number];

/** "No application by port" in the table below (a TCP slot for UDP-only entries). */
const NONE = 0;
const P = PROTO;

/** [port, name, TCP app id, UDP app id]. A name applies to both transports unless UDP_NAMES overrides it. */
const ENTRIES: readonly Entry[] = [
  [7, 'echo'],
  [9, 'discard'],
  [13, 'daytime'],
  [17, 'qotd'],
  [19, 'chargen'],
  [20, 'ftp-data', P['ftp-data']],
  [21, 'ftp', P.ftp],
  [22, 'ssh', P.ssh],
  [23, 'telnet', P.telnet],
  [25, 'smtp', P.smtp],
  [37, 'time'],
  [43, 'whois'],
  [49, 'tacacs'],
  [53, 'dns', P.dns, P.dns],
  [DHCP_SERVER_PORT, 'dhcp', NONE, P.dhcp],
  [DHCP_CLIENT_PORT, 'dhcp', NONE, P.dhcp],
  [69, 'tftp', NONE, P.tftp],
  [70, 'gopher'],
  [79, 'finger'],
  [80, 'http', P.http],
  [81, 'http-alt', P.http],
  [88, 'kerberos', NONE, P.kerberos],
  [102, 'iso-tsap'],
  [110, 'pop3', P.pop],
  [111, 'sunrpc'],
  [113, 'ident'],
  [119, 'nntp'],
  [123, 'ntp', NONE, P.ntp],
  [135, 'msrpc'],
  [137, 'netbios-ns', NONE, P.nbns],
  [138, 'netbios-dgm', NONE, P.nbdgm],
  [139, 'netbios-ssn', P.netbios],
  [143, 'imap', P.imap],
  [161, 'snmp', NONE, P.snmp],
  [162, 'snmptrap', NONE, P.snmp],
  [177, 'xdmcp'],
  [179, 'bgp', P.bgp],
  [194, 'irc'],
  [199, 'smux'],
  [389, 'ldap', P.ldap, P.cldap],
  [427, 'svrloc'],
  [443, 'https', P.tls, P.quic],
  [444, 'snpp'],
  [445, 'smb', P.smb],
  [464, 'kpasswd'],
  [465, 'smtps', P.tls],
  [500, 'isakmp', NONE, P.isakmp],
  [502, 'modbus'],
  [512, 'exec'],
  [513, 'login'],
  [514, 'shell', NONE, P.syslog],
  [515, 'printer'],
  [520, 'rip', NONE, P.rip],
  [521, 'ripng'],
  [540, 'uucp'],
  [543, 'klogin'],
  [544, 'kshell'],
  [546, 'dhcpv6-client', NONE, P.dhcpv6],
  [547, 'dhcpv6-server', NONE, P.dhcpv6],
  [548, 'afp'],
  [554, 'rtsp', P.rtsp],
  [563, 'nntps'],
  [587, 'submission', P.smtp],
  [593, 'http-rpc-epmap'],
  [623, 'ipmi'],
  [631, 'ipp'],
  [636, 'ldaps', P.tls],
  [639, 'msdp'],
  [646, 'ldp'],
  [749, 'kerberos-adm'],
  [853, 'dns-over-tls', P.tls],
  [860, 'iscsi'],
  [873, 'rsync'],
  [989, 'ftps-data'],
  [990, 'ftps'],
  [992, 'telnets'],
  [993, 'imaps', P.tls],
  [995, 'pop3s', P.tls],
  [1080, 'socks'],
  [1194, 'openvpn'],
  [1433, 'ms-sql-s'],
  [1434, 'ms-sql-m'],
  [1521, 'oracle'],
  [1645, 'radius'],
  [1646, 'radius-acct'],
  [1701, 'l2tp'],
  [1723, 'pptp', P.pptp],
  [1812, 'radius', NONE, P.radius],
  [1813, 'radius-acct', NONE, P.radius],
  [1883, 'mqtt', P.mqtt],
  [1900, 'ssdp', NONE, P.ssdp],
  [2049, 'nfs'],
  [2152, 'gtp-u', NONE, P.gtp],
  [2181, 'zookeeper'],
  [2375, 'docker'],
  [2376, 'docker-s'],
  [3128, 'squid-http', P.http],
  [3260, 'iscsi-target'],
  [3268, 'globalcatldap'],
  [3269, 'globalcatldapssl'],
  [3306, 'mysql', P.mysql],
  [3389, 'rdp', P.rdp],
  [3478, 'stun', NONE, P.stun],
  [3544, 'teredo', NONE, P.teredo],
  [3690, 'svn'],
  [4500, 'ipsec-nat-t'],
  [4789, 'vxlan', NONE, P.vxlan],
  [6081, 'geneve', NONE, P.geneve],
  [5004, 'rtp'],
  [5060, 'sip', P.sip, P.sip],
  [5061, 'sips', P.tls],
  [5222, 'xmpp-client'],
  [5269, 'xmpp-server'],
  [5353, 'mdns', NONE, P.mdns],
  [5355, 'llmnr', NONE, P.llmnr],
  [5432, 'postgresql', P.pgsql],
  [5671, 'amqps'],
  [5672, 'amqp'],
  [5683, 'coap'],
  [5900, 'vnc', P.vnc],
  [5938, 'teamviewer'],
  [5984, 'couchdb'],
  [6379, 'redis', P.redis],
  [6514, 'syslog-tls'],
  [6667, 'irc'],
  [6881, 'bittorrent'],
  [8008, 'http-alt', P.http],
  [8080, 'http-alt', P.http],
  [8443, 'https-alt', P.tls],
  [8883, 'secure-mqtt', P.tls],
  [9042, 'cassandra'],
  [9092, 'kafka'],
  [9100, 'jetdirect'],
  [9200, 'elasticsearch'],
  [9418, 'git'],
  [11211, 'memcache'],
  [17500, 'db-lsp', NONE, P['db-lsp-disc']],
  [27017, 'mongodb'],
  [51820, 'wireguard'],
  [1935, 'rtmp'],
  [2000, 'cisco-sccp'],
  [3702, 'ws-discovery'],
  [5357, 'wsdapi'],
  [5985, 'wsman'],
  [5986, 'wsmans'],
  [6443, 'kubernetes', P.tls],
  [7547, 'cwmp'],
  [8000, 'http-alt', P.http],
  [8888, 'http-alt', P.http],
  [10000, 'webmin'],
  [25565, 'minecraft'],
  [3479, 'stun'],
];

/** Names that differ over UDP. */
const UDP_NAMES: readonly (readonly [number, string])[] = [
  [514, 'syslog'],
  [520, 'rip'],
  [443, 'https'],
];

const NAMES: string[] = [''];
const TCP_NAME = new Uint8Array(65536);
const UDP_NAME = new Uint8Array(65536);
const TCP_APP = new Uint8Array(65536);
const UDP_APP = new Uint8Array(65536);

function nameIndex(name: string): number {
  let i = NAMES.indexOf(name);
  if (i < 0) {
    i = NAMES.length;
    NAMES.push(name);
  }
  return i;
}

for (const [port, name, tcpApp, udpApp] of ENTRIES) {
  const i = nameIndex(name);
  TCP_NAME[port] = i;
  UDP_NAME[port] = i;
  if (tcpApp) TCP_APP[port] = tcpApp;
  if (udpApp) UDP_APP[port] = udpApp;
}
for (const [port, name] of UDP_NAMES) UDP_NAME[port] = nameIndex(name);
if (NAMES.length > 255) throw new Error('services.ts: too many service names for a byte index');

/** The service name of one port ('' when unknown). */
export function serviceName(port: number, udp: boolean): string {
  if (port < 0 || port > 0xffff) return '';
  return NAMES[(udp ? UDP_NAME : TCP_NAME)[port]];
}

/** The service of a port pair: the lower port's name if it has one, else the higher port's. */
export function serviceForPorts(srcPort: number, dstPort: number, udp: boolean): string {
  const t = udp ? UDP_NAME : TCP_NAME;
  const lo = srcPort < dstPort ? srcPort : dstPort;
  const hi = srcPort < dstPort ? dstPort : srcPort;
  const i = t[lo];
  return NAMES[i !== 0 ? i : t[hi]];
}

/** The application of a port pair by port alone: the lower port's first, as tshark tries it. */
export function appForPorts(srcPort: number, dstPort: number, udp: boolean): number {
  const t = udp ? UDP_APP : TCP_APP;
  const lo = srcPort < dstPort ? srcPort : dstPort;
  const hi = srcPort < dstPort ? dstPort : srcPort;
  const a = t[lo];
  return a !== 0 ? a : t[hi];
}
