/** Application hints on hand-built packets: DNS, TLS ClientHello, HTTP, DHCP, NTP, SSH, SSDP, QUIC (from the sample), services. */
import { describe, expect, it } from 'vitest';
import type {
  DhcpHint,
  DnsHint,
  HttpRequestHint,
  HttpResponseHint,
  NtpHint,
  QuicHint,
  SsdpHint,
  SshBannerHint,
  TlsClientHelloHint,
} from '../../src/decode/app-hints.js';
import { REASON } from '../../src/decode/malformed.js';
import { decodePacket } from '../../src/decode/decode-packet.js';
import { Decoded } from '../../src/decode/decoded.js';
import { PROTO } from '../../src/decode/protocols.js';
import { serviceForPorts, serviceName } from '../../src/decode/app/services.js';
import { ascii, dnsName, eth, ip4, ipv4, ipv6, MAC_A, tcp, u16, u32, udp } from './build-frames.js';
import { decode, stack } from './stack.js';
import { HAVE_SHARED, SKIP_REASON, samplePath } from '../helpers/shared-pcaps.js';
import { forEachFrame } from './sample-frames.js';

const E4 = eth(0x0800);
const udp4 = (sport: number, dport: number, payload: number[]) => [
  ...E4,
  ...ipv4({ proto: 17 }, udp(sport, dport, payload)),
];
const tcp4 = (sport: number, dport: number, payload: number[]) => [
  ...E4,
  ...ipv4({ proto: 6 }, tcp(sport, dport, {}, payload)),
];

describe('DNS', () => {
  const header = (id: number, flags: number, qd: number, an: number) => [
    ...u16(id),
    ...u16(flags),
    ...u16(qd),
    ...u16(an),
    0,
    0,
    0,
    0,
  ];

  it('reads questions and answers with compression pointers', () => {
    const msg = [
      ...header(0x1234, 0x8180, 1, 3),
      ...dnsName('www.example.com'),
      ...u16(1),
      ...u16(1), // question at offset 12
      0xc0,
      12,
      ...u16(5),
      ...u16(1),
      ...u32(300),
      ...u16(6),
      3,
      ...ascii('cdn'),
      0xc0,
      16, // CNAME cdn.example.com
      0xc0,
      12,
      ...u16(1),
      ...u16(1),
      ...u32(60),
      ...u16(4),
      ...ip4('93.184.216.34'),
      0xc0,
      12,
      ...u16(28),
      ...u16(1),
      ...u32(60),
      ...u16(16),
      0x20,
      0x01,
      0x0d,
      0xb8,
      ...Array(11).fill(0),
      1,
    ];
    const d = decode(udp4(53, 40000, msg));
    expect(stack(d)).toBe('eth:ip:udp:dns');
    expect(d.app).toBe(PROTO.dns);
    const h = d.hint as DnsHint;
    expect(h.kind).toBe('dns');
    expect(h.flavor).toBe('dns');
    expect(h.id).toBe(0x1234);
    expect(h.isResponse).toBe(true);
    expect(h.rcode).toBe(0);
    expect(h.questions).toEqual([{ name: 'www.example.com', type: 1 }]);
    expect(h.answers).toEqual([
      { name: 'www.example.com', type: 5, ttl: 300, data: 'cdn.example.com' },
      { name: 'www.example.com', type: 1, ttl: 60, data: '93.184.216.34' },
      { name: 'www.example.com', type: 28, ttl: 60, data: '2001:db8::1' },
    ]);
    expect(d.malformed).toBe(false);
  });

  it('survives a compression loop: malformed, what was parsed is kept', () => {
    // The question name is a pointer to itself; the second test points two names at each other.
    const self = [...header(7, 0x0100, 1, 0), 0xc0, 12, ...u16(1), ...u16(1)];
    const d = decode(udp4(40000, 53, self));
    expect(stack(d)).toBe('eth:ip:udp:dns');
    expect(d.malformed).toBe(true);
    expect(d.malformedReason).toBe(REASON.NAME_LOOP);
    expect(d.malformedLayer).toBe(PROTO.dns);
    const h = d.hint as DnsHint;
    expect(h.id).toBe(7);
    expect(h.questions).toEqual([]);
    const pair = [
      ...header(8, 0x8180, 1, 1),
      1,
      0x61,
      0xc0,
      19,
      0,
      1,
      0,
      1,
      1,
      0x62,
      0xc0,
      12,
      ...u16(1),
      ...u16(1),
      ...u32(1),
      ...u16(4),
      1,
      2,
      3,
      4,
    ];
    const d2 = decode(udp4(53, 40000, pair));
    expect(d2.malformed).toBe(true);
  });

  it('names mDNS and LLMNR by port', () => {
    const q = [...header(0, 0, 1, 0), ...dnsName('printer.local'), ...u16(12), ...u16(0x8001)];
    const m = decode([...eth(0x86dd), ...ipv6(17, udp(5353, 5353, q), 'fe80::1', 'ff02::fb')]);
    expect(stack(m)).toBe('eth:ipv6:udp:mdns');
    expect((m.hint as DnsHint).flavor).toBe('mdns');
    expect((m.hint as DnsHint).questions[0].name).toBe('printer.local');
    const l = decode(udp4(50000, 5355, q));
    expect(stack(l)).toBe('eth:ip:udp:llmnr');
    expect((l.hint as DnsHint).flavor).toBe('llmnr');
  });

  it('reads TXT, PTR, MX and SRV data', () => {
    const rr = (type: number, rdata: number[]) => [
      0xc0,
      12,
      ...u16(type),
      ...u16(1),
      ...u32(10),
      ...u16(rdata.length),
      ...rdata,
    ];
    const msg = [
      ...header(1, 0x8400, 1, 4),
      ...dnsName('a.b'),
      ...u16(255),
      ...u16(1),
      ...rr(16, [3, ...ascii('v=1'), 2, ...ascii('xy')]),
      ...rr(12, dnsName('host.b')),
      ...rr(15, [0, 10, ...dnsName('mx.b')]),
      ...rr(33, [0, 0, 0, 0, ...u16(443), ...dnsName('srv.b')]),
    ];
    const h = decode(udp4(53, 1000, msg)).hint as DnsHint;
    expect(h.answers.map((a) => a.data)).toEqual(['v=1 xy', 'host.b', 'mx.b', 'srv.b:443']);
  });

  it('reads DNS over TCP (length prefix) into a hint without a layer', () => {
    const msg = [...header(9, 0x0100, 1, 0), ...dnsName('tcp.example'), ...u16(1), ...u16(1)];
    const d = decode(tcp4(40000, 53, [...u16(msg.length), ...msg]));
    expect(stack(d)).toBe('eth:ip:tcp');
    expect(d.app).toBe(PROTO.dns);
    expect((d.hint as DnsHint).questions[0].name).toBe('tcp.example');
  });
});

/** A TLS record with a ClientHello offering SNI, ALPN and supported_versions. */
function clientHello(sni: string): number[] {
  const ext = (type: number, data: number[]) => [...u16(type), ...u16(data.length), ...data];
  const name = ascii(sni);
  const sniExt = ext(0, [...u16(name.length + 3), 0, ...u16(name.length), ...name]);
  const alpnList = [2, ...ascii('h2'), 8, ...ascii('http/1.1')];
  const alpnExt = ext(16, [...u16(alpnList.length), ...alpnList]);
  const versExt = ext(43, [6, 0x7a, 0x7a, 0x03, 0x04, 0x03, 0x03]);
  const exts = [...ext(0x0a0a, []), ...sniExt, ...alpnExt, ...versExt];
  const body = [
    0x03,
    0x03,
    ...Array(32).fill(7),
    0,
    ...u16(4),
    0x13,
    0x01,
    0xc0,
    0x2f,
    1,
    0,
    ...u16(exts.length),
    ...exts,
  ];
  const hs = [1, 0, ...u16(body.length), ...body];
  return [0x16, 0x03, 0x01, ...u16(hs.length), ...hs];
}

describe('TLS ClientHello', () => {
  it('gives SNI, ALPN and the highest supported version; no layer over TCP', () => {
    const d = decode(tcp4(50000, 8443, clientHello('example.org')));
    expect(stack(d)).toBe('eth:ip:tcp');
    expect(d.app).toBe(PROTO.tls);
    const h = d.hint as TlsClientHelloHint;
    expect(h).toEqual({ kind: 'tls-client-hello', version: 0x0304, sni: 'example.org', alpn: ['h2', 'http/1.1'] });
  });

  it('finds TLS by content on any port, and keeps what fits when the hello is cut', () => {
    const ch = clientHello('cut.example');
    const frame = tcp4(50000, 12345, ch);
    const d = decode(frame, 1, frame.length - 20); // cuts supported_versions and part of ALPN
    expect(d.app).toBe(PROTO.tls);
    const h = d.hint as TlsClientHelloHint;
    expect(h.sni).toBe('cut.example');
    expect(h.alpn).toEqual([]);
    expect(h.version).toBe(0x0303);
  });
});

describe('HTTP', () => {
  it('reads the request line, Host, User-Agent and an Authorization header', () => {
    const req = ascii(
      'GET /index.html?q=1 HTTP/1.1\r\nhost:  example.com \r\nUser-Agent: curl/8.0\r\nAuthorization: Basic dTpw\r\n\r\n',
    );
    const d = decode(tcp4(40000, 80, req));
    expect(stack(d)).toBe('eth:ip:tcp');
    expect(d.app).toBe(PROTO.http);
    expect(d.hint).toEqual({
      kind: 'http-request',
      method: 'GET',
      target: '/index.html?q=1',
      version: 'HTTP/1.1',
      host: 'example.com',
      userAgent: 'curl/8.0',
      hasCredentials: true,
    } satisfies HttpRequestHint);
  });

  it('flags a login form posted in clear', () => {
    const req = ascii(
      'POST /login HTTP/1.0\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nuser=bob&Password=secret',
    );
    const h = decode(tcp4(40000, 8080, req)).hint as HttpRequestHint;
    expect(h.method).toBe('POST');
    expect(h.version).toBe('HTTP/1.0');
    expect(h.hasCredentials).toBe(true);
    const plain = decode(tcp4(40000, 80, ascii('GET / HTTP/1.1\r\nHost: a\r\n\r\n'))).hint as HttpRequestHint;
    expect(plain.hasCredentials).toBe(false);
    expect(plain.userAgent).toBeNull();
  });

  it('reads a status line', () => {
    const d = decode(tcp4(80, 40000, ascii('HTTP/1.1 404 Not Found\r\nServer: x\r\n\r\n')));
    expect(d.hint).toEqual({
      kind: 'http-response',
      version: 'HTTP/1.1',
      status: 404,
      reason: 'Not Found',
    } satisfies HttpResponseHint);
  });

  it('keeps the port guess for segments that start no message', () => {
    const d = decode(tcp4(80, 40000, ascii('more body bytes')));
    expect(d.app).toBe(PROTO.http);
    expect(d.hint).toBeNull();
    expect(d.service).toBe('http');
  });
});

describe('DHCP, NTP, SSH, SSDP', () => {
  it('reads the DHCP message type, hostname, requested IP and client MAC', () => {
    const bootp = [
      1,
      1,
      6,
      0,
      ...u32(0xdeadbeef),
      0,
      0,
      0,
      0,
      ...Array(16).fill(0),
      ...MAC_A,
      ...Array(10).fill(0),
      ...Array(192).fill(0),
    ];
    const opts = [0x63, 0x82, 0x53, 0x63, 53, 1, 3, 12, 6, ...ascii('myhost'), 50, 4, ...ip4('192.168.1.5'), 255];
    const d = decode(udp4(68, 67, [...bootp, ...opts]));
    expect(stack(d)).toBe('eth:ip:udp:dhcp');
    expect(d.hint).toEqual({
      kind: 'dhcp',
      messageType: 3,
      clientMac: '02:00:00:00:00:0a',
      hostname: 'myhost',
      requestedIp: '192.168.1.5',
      yourIp: null,
    } satisfies DhcpHint);
  });

  it('reads NTP version, mode and stratum', () => {
    const d = decode(udp4(123, 123, [0x24, 2, ...Array(46).fill(0)]));
    expect(stack(d)).toBe('eth:ip:udp:ntp');
    expect(d.hint).toEqual({ kind: 'ntp', version: 4, mode: 4, stratum: 2 } satisfies NtpHint);
  });

  it('reads an SSH banner on any port', () => {
    const d = decode(tcp4(2222, 50000, ascii('SSH-2.0-OpenSSH_9.2p1 Debian\r\n')));
    expect(d.app).toBe(PROTO.ssh);
    expect(d.hint).toEqual({ kind: 'ssh-banner', banner: 'SSH-2.0-OpenSSH_9.2p1 Debian' } satisfies SshBannerHint);
  });

  it('reads an SSDP search', () => {
    const d = decode(
      udp4(50000, 1900, ascii('M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nST: ssdp:all\r\nMX: 2\r\n\r\n')),
    );
    expect(stack(d)).toBe('eth:ip:udp:ssdp');
    expect(d.hint).toEqual({
      kind: 'ssdp',
      startLine: 'M-SEARCH * HTTP/1.1',
      target: 'ssdp:all',
      location: null,
      server: null,
    } satisfies SsdpHint);
  });

  it('shows an unclaimed UDP payload as data, and NetBIOS by port', () => {
    expect(stack(decode(udp4(40000, 40001, [1, 2, 3])))).toBe('eth:ip:udp:data');
    expect(stack(decode(udp4(137, 137, Array(50).fill(0))))).toBe('eth:ip:udp:nbns');
  });
});

describe('QUIC', () => {
  it('reads the long header without a client Initial to open', () => {
    const hdr = [0xe0, ...u32(1), 4, 1, 2, 3, 4, 0, 0, 0];
    const d = decode(udp4(443, 50000, hdr));
    expect(stack(d)).toBe('eth:ip:udp:quic');
    const h = d.hint as QuicHint;
    expect(h.packetType).toBe('handshake');
    expect(h.dcid).toBe('01020304');
    expect(h.sni).toBeNull();
  });

  it('finds a QUIC v1 long header on a port QUIC is not registered for', () => {
    const d = decode(udp4(50000, 4433, [0xc3, ...u32(1), 2, 9, 9, 0, 0, 0]));
    expect(stack(d)).toBe('eth:ip:udp:quic');
    expect((d.hint as QuicHint).packetType).toBe('initial');
    expect(stack(decode(udp4(50000, 4433, [0xc3, ...u32(7), 2, 9, 9, 0, 0, 0])))).toBe('eth:ip:udp:data');
  });

  it('a short-header packet is quic without a hint', () => {
    const d = decode(udp4(50000, 443, [0x40, 1, 2, 3, 4, 5, 6, 7, 8]));
    expect(stack(d)).toBe('eth:ip:udp:quic');
    expect(d.hint).toBeNull();
  });

  it.skipIf(!HAVE_SHARED)('decrypts the client Initial of zeek-quic-firefox-cloudflare.pcap to its SNI', () => {
    const d = new Decoded();
    const hints: QuicHint[] = [];
    forEachFrame(samplePath('zeek-quic-firefox-cloudflare.pcap'), (p) => {
      decodePacket(p.buf, p.offset, p.capLen, p.linkType, d);
      if (d.hint?.kind === 'quic') hints.push(d.hint);
    });
    const initial = hints.find((h) => h.sni !== null);
    expect(initial).toMatchObject({ version: 1, packetType: 'initial', sni: 'blog.cloudflare.com', alpn: ['h3'] });
  });
  it.skipIf(HAVE_SHARED)(`QUIC sample: ${SKIP_REASON}`, () => {});
});

describe('services', () => {
  it('names well-known ports, preferring the lower port', () => {
    expect(serviceName(443, false)).toBe('https');
    expect(serviceName(53, true)).toBe('dns');
    expect(serviceName(445, false)).toBe('smb');
    expect(serviceName(3389, false)).toBe('rdp');
    expect(serviceName(993, false)).toBe('imaps');
    expect(serviceName(514, true)).toBe('syslog');
    expect(serviceName(514, false)).toBe('shell');
    expect(serviceName(40000, false)).toBe('');
    expect(serviceForPorts(50000, 22, false)).toBe('ssh');
    expect(serviceForPorts(8080, 25, false)).toBe('smtp');
    expect(serviceForPorts(50000, 8080, false)).toBe('http-alt');
  });
});

describe('DNS cut by the snaplen', () => {
  it('is truncated, not malformed, when the UDP length says the rest was there', () => {
    const msg = [
      ...u16(3),
      ...u16(0x8180),
      ...u16(1),
      ...u16(1),
      0,
      0,
      0,
      0,
      ...dnsName('cut.example'),
      0,
      1,
      0,
      1,
      0xc0,
      12,
      0,
      1,
      0,
      1,
      ...u32(5),
      0,
      4,
      1,
      2,
      3,
      4,
    ];
    const frame = udp4(53, 40000, msg);
    const d = decode(frame, 1, frame.length - 6);
    expect(d.malformed).toBe(true);
    expect(d.truncated).toBe(true);
    expect((d.hint as DnsHint).questions[0].name).toBe('cut.example');
  });
});
