/**
 * Application details a decoder found in one packet. Every string here came from the network:
 * it is untrusted and must be shown as text, never as HTML.
 */
export type AppHint =
  | DnsHint
  | TlsClientHelloHint
  | HttpRequestHint
  | HttpResponseHint
  | QuicHint
  | DhcpHint
  | NtpHint
  | SshBannerHint
  | SsdpHint;

export interface DnsRecord {
  name: string;
  /** Numeric RR type (1 A, 28 AAAA, 5 CNAME, 12 PTR, ...). */
  type: number;
  ttl: number;
  /** Address for A/AAAA, the target name for CNAME/PTR/NS, text for TXT; '' when not decoded. */
  data: string;
}

export interface DnsHint {
  kind: 'dns';
  /** 'dns', 'mdns' or 'llmnr'. */
  flavor: 'dns' | 'mdns' | 'llmnr';
  id: number;
  isResponse: boolean;
  opcode: number;
  rcode: number;
  questions: { name: string; type: number }[];
  answers: DnsRecord[];
}

export interface TlsClientHelloHint {
  kind: 'tls-client-hello';
  /** Highest version offered (0x0304 for TLS 1.3 via supported_versions). */
  version: number;
  sni: string | null;
  alpn: string[];
}

export interface HttpRequestHint {
  kind: 'http-request';
  method: string;
  target: string;
  version: string;
  host: string | null;
  userAgent: string | null;
  /** True when an Authorization header or a login-looking form body is present (cleartext credentials). */
  hasCredentials: boolean;
}

export interface HttpResponseHint {
  kind: 'http-response';
  version: string;
  status: number;
  reason: string;
}

export interface QuicHint {
  kind: 'quic';
  version: number;
  longHeader: boolean;
  /** 'initial', '0rtt', 'handshake', 'retry', 'short', 'version-negotiation'. */
  packetType: string;
  dcid: string;
  /** From a decrypted Initial, where possible. */
  sni: string | null;
  alpn: string[];
}

export interface DhcpHint {
  kind: 'dhcp';
  /** DHCP message type option 53 (1 DISCOVER ... 8 INFORM), or 0 for BOOTP. */
  messageType: number;
  clientMac: string;
  hostname: string | null;
  requestedIp: string | null;
  yourIp: string | null;
}

export interface NtpHint {
  kind: 'ntp';
  version: number;
  mode: number;
  stratum: number;
}

export interface SshBannerHint {
  kind: 'ssh-banner';
  banner: string;
}

export interface SsdpHint {
  kind: 'ssdp';
  startLine: string;
  target: string | null;
  location: string | null;
  server: string | null;
}
