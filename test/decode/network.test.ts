/** Network and transport decoders on hand-built frames: IPv4/IPv6 (options, extension headers, fragments), ICMP, ICMPv6, IGMP, GRE, TCP, UDP. */
import { describe, expect, it } from 'vitest';
import { ipv4ToString, ipv6ToString } from '../../src/decode/format.js';
import { REASON } from '../../src/decode/malformed.js';
import { PROTO } from '../../src/decode/protocols.js';
import { eth, ip4, ip6, ipv4, ipv6, tcp, u16, u32, udp } from './build-frames.js';
import { decode, stack } from './stack.js';

const E4 = eth(0x0800);
const E6 = eth(0x86dd);

describe('IPv4', () => {
  it('decodes addresses, TTL, protocol and skips options', () => {
    const d = decode([
      ...E4,
      ...ipv4(
        { proto: 17, ttl: 7, src: '192.0.2.1', dst: '198.51.100.7', options: [1, 1, 1, 0] },
        udp(1234, 9999, [1, 2]),
      ),
    ]);
    expect(stack(d)).toBe('eth:ip:udp:data');
    expect(ipv4ToString(d.src4)).toBe('192.0.2.1');
    expect(ipv4ToString(d.dst4)).toBe('198.51.100.7');
    expect(d.ttl).toBe(7);
    expect(d.ipProto).toBe(17);
    expect(d.ipTotalLen).toBe(24 + 10);
    expect(d.srcPort).toBe(1234);
    expect(d.layerOffsets[2]).toBe(14 + 24);
  });

  it('ignores Ethernet padding after the IP total length', () => {
    const d = decode([...E4, ...ipv4({ proto: 17 }, udp(1, 2, [])), ...Array(18).fill(0)]);
    expect(stack(d)).toBe('eth:ip:udp');
    expect(d.payloadLen).toBe(0);
  });

  it('shows fragments as tshark does after reassembly: data until the last, which is named by protocol', () => {
    const icmpEcho = [8, 0, 0, 0, 0, 1, 0, 1, ...Array(40).fill(0x61)];
    const first = decode([...E4, ...ipv4({ proto: 1, id: 77, mf: true }, icmpEcho)]);
    expect(stack(first)).toBe('eth:ip:data');
    expect(first.fragment).toBe(true);
    expect(first.moreFragments).toBe(true);
    expect(first.fragOffset).toBe(0);
    expect(first.fragId).toBe(77);
    // The first fragment's ICMP header is read (not a layer) so a fragmented echo can be paired.
    expect([first.icmpType, first.icmpId, first.icmpSeq]).toEqual([8, 1, 1]);
    const middle = decode([...E4, ...ipv4({ proto: 1, id: 77, mf: true, fragOffset: 48 }, Array(48).fill(0x61))]);
    expect(stack(middle)).toBe('eth:ip:data');
    const last = decode([...E4, ...ipv4({ proto: 1, id: 77, fragOffset: 96 }, Array(10).fill(0x61))]);
    expect(stack(last)).toBe('eth:ip:icmp');
    expect(last.fragOffset).toBe(96);
    expect(last.moreFragments).toBe(false);
    expect(last.icmpType).toBe(-1); // the ICMP header is in the first fragment
    const lastUdp = decode([...E4, ...ipv4({ proto: 17, fragOffset: 8 }, [1, 2, 3])]);
    expect(stack(lastUdp)).toBe('eth:ip:udp');
    expect(lastUdp.srcPort).toBe(-1);
  });

  it('marks a bad header length or version malformed, keeping the ip layer', () => {
    const bad = [...E4, ...ipv4({ proto: 6 }, [])];
    bad[14] = 0x43;
    const d = decode(bad);
    expect(stack(d)).toBe('eth:ip');
    expect(d.malformed).toBe(true);
    expect(d.malformedLayer).toBe(PROTO.ip);
    expect(d.malformedAt).toBe(14);
    expect(d.malformedReason).toBe(REASON.BAD_HEADER_LEN);
    const v = [...E4, ...ipv4({ proto: 6 }, [])];
    v[14] = 0x55;
    expect(decode(v).malformedReason).toBe(REASON.BAD_VERSION);
  });

  it('follows IP-in-IP and keeps the outer header offset', () => {
    const inner = ipv4({ proto: 17, src: '172.16.0.1', dst: '172.16.0.2' }, udp(53, 40000, []));
    const d = decode([...E4, ...ipv4({ proto: 4 }, inner)]);
    expect(stack(d)).toBe('eth:ip:ip:udp');
    expect(ipv4ToString(d.src4)).toBe('172.16.0.1');
    expect(d.outerIpOffset).toBe(14);
    expect(d.ipOffset).toBe(34);
    expect(d.tunnelDepth).toBe(1);
  });
});

describe('IPv6', () => {
  it('walks hop-by-hop, routing and destination options to the upper protocol', () => {
    const payload = udp(5353, 5353, []);
    const dstOpts = [17, 0, 1, 4, 0, 0, 0, 0];
    const routing = [60, 2, 0, 0, 0, 0, 0, 0, ...ip6('2001:db8::99')];
    const hbh = [43, 0, 5, 2, 0, 0, 1, 0];
    const d = decode([...E6, ...ipv6(0, [...hbh, ...routing, ...dstOpts, ...payload], 'fe80::1', 'ff02::fb', 255)]);
    expect(stack(d)).toBe('eth:ipv6:udp');
    expect(d.ipProto).toBe(17);
    expect(d.ttl).toBe(255);
    expect(ipv6ToString(d.src6)).toBe('fe80::1');
    expect(ipv6ToString(d.dst6)).toBe('ff02::fb');
    expect(d.srcPort).toBe(5353);
    expect(d.layerOffsets[2]).toBe(14 + 40 + 8 + 24 + 8);
  });

  it('handles the fragment header like IPv4 fragments', () => {
    const frag = (offset: number, more: boolean) => [58, 0, ...u16(offset | (more ? 1 : 0)), ...u32(0xabcd)];
    const first = decode([...E6, ...ipv6(44, [...frag(0, true), 128, 0, 0, 0, 0, 1, 0, 1, 9, 9])]);
    expect(stack(first)).toBe('eth:ipv6:data');
    expect(first.ipProto).toBe(58);
    expect(first.fragId).toBe(0xabcd);
    const last = decode([...E6, ...ipv6(44, [...frag(1448, false), 9, 9, 9])]);
    expect(stack(last)).toBe('eth:ipv6:icmpv6');
    expect(last.fragOffset).toBe(1448);
    // An atomic fragment (offset 0, M clear) is a whole packet.
    const atomic = decode([
      ...E6,
      ...ipv6(44, [...frag(0, false).map((b, i) => (i === 0 ? 17 : b)), ...udp(1, 2, [])]),
    ]);
    expect(stack(atomic)).toBe('eth:ipv6:udp');
    expect(atomic.fragment).toBe(false);
  });

  it('marks an extension header running past the packet', () => {
    const d = decode([...E6, ...ipv6(0, [17, 9, 0, 0, 0, 0, 0, 0])]);
    expect(stack(d)).toBe('eth:ipv6');
    expect(d.malformed).toBe(true);
    expect(d.truncated).toBe(false);
  });

  it('stops a long chain of extension headers', () => {
    const chain: number[] = [];
    for (let i = 0; i < 40; i++) chain.push(60, 0, 0, 0, 0, 0, 0, 0);
    const d = decode([...E6, ...ipv6(60, chain)]);
    expect(d.malformed).toBe(true);
    expect(d.malformedReason).toBe(REASON.TOO_MANY_HEADERS);
  });
});

describe('ICMP', () => {
  it('decodes echo id and seq', () => {
    const d = decode([...E4, ...ipv4({ proto: 1 }, [8, 0, 0, 0, ...u16(0x1234), ...u16(7), 1, 2, 3])]);
    expect(stack(d)).toBe('eth:ip:icmp');
    expect(d.icmpType).toBe(8);
    expect(d.icmpId).toBe(0x1234);
    expect(d.icmpSeq).toBe(7);
  });

  it('quotes the offending UDP datagram of an error without touching the outer fields or the stack', () => {
    const quoted = ipv4({ proto: 17, src: '10.0.0.2', dst: '8.8.8.8' }, udp(40000, 53, [1, 2, 3, 4]));
    const icmp = [3, 3, 0, 0, 0, 0, 0, 0, ...quoted.slice(0, 28)];
    const d = decode([...E4, ...ipv4({ proto: 1, src: '8.8.8.8', dst: '10.0.0.2' }, icmp)]);
    expect(stack(d)).toBe('eth:ip:icmp');
    expect(d.icmpType).toBe(3);
    expect(d.icmpCode).toBe(3);
    expect(ipv4ToString(d.src4)).toBe('8.8.8.8');
    expect(d.srcPort).toBe(-1);
    expect(d.quotedIpVersion).toBe(4);
    expect(d.quotedIpProto).toBe(17);
    expect(ipv4ToString(d.quotedSrc4)).toBe('10.0.0.2');
    expect(ipv4ToString(d.quotedDst4)).toBe('8.8.8.8');
    expect(d.quotedSrcPort).toBe(40000);
    expect(d.quotedDstPort).toBe(53);
    expect(d.malformed).toBe(false);
  });

  it("names a quoted UDP payload's protocol after icmp, as tshark's io,phs does", () => {
    const dnsQuery = [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0x61, 0, 0, 1, 0, 1];
    const quoted = ipv4({ proto: 17, src: '10.0.0.2', dst: '8.8.8.8' }, udp(40000, 53, dnsQuery));
    const d = decode([
      ...E4,
      ...ipv4({ proto: 1, src: '8.8.8.8', dst: '10.0.0.2' }, [3, 3, 0, 0, 0, 0, 0, 0, ...quoted]),
    ]);
    expect(stack(d)).toBe('eth:ip:icmp:dns');
    expect(d.app).toBe(0);
    expect(d.hint).toBeNull();
    const other = ipv4({ proto: 17 }, udp(40000, 33434, [1, 2, 3]));
    expect(stack(decode([...E4, ...ipv4({ proto: 1 }, [3, 3, 0, 0, 0, 0, 0, 0, ...other])]))).toBe('eth:ip:icmp:data');
    const tcpQuoted = ipv4({ proto: 6 }, tcp(40000, 80, {}, [0x47, 0x45, 0x54]));
    expect(stack(decode([...E4, ...ipv4({ proto: 1 }, [3, 3, 0, 0, 0, 0, 0, 0, ...tcpQuoted])]))).toBe('eth:ip:icmp');
  });

  it('flags an RFC 4884 length longer than the quoted datagram (as tshark does)', () => {
    const quoted = ipv4({ proto: 1 }, [8, 0, 0, 0, 0, 1, 0, 1]);
    const d = decode([...E4, ...ipv4({ proto: 1 }, [11, 0, 0, 0, 0, 93, 0, 0, ...quoted])]);
    expect(stack(d)).toBe('eth:ip:icmp');
    expect(d.malformed).toBe(true);
    expect(d.malformedReason).toBe(REASON.QUOTED_TOO_SHORT);
  });
});

describe('ICMPv6', () => {
  it('quotes the IPv6 header and UDP ports of an error', () => {
    const quoted = ipv6(17, udp(33434, 33435, [0, 0]), '2001:db8::5', '2001:db8::9');
    const d = decode([...E6, ...ipv6(58, [1, 4, 0, 0, 0, 0, 0, 0, ...quoted], '2001:db8::9', '2001:db8::5')]);
    expect(stack(d)).toBe('eth:ipv6:icmpv6:data'); // the quoted UDP payload, named as io,phs does
    expect(d.icmpType).toBe(1);
    expect(d.quotedIpVersion).toBe(6);
    expect(d.quotedIpProto).toBe(17);
    expect(ipv6ToString(d.quotedSrc6)).toBe('2001:db8::5');
    expect(d.quotedSrcPort).toBe(33434);
    expect(d.quotedDstPort).toBe(33435);
    expect(ipv6ToString(d.src6)).toBe('2001:db8::9');
  });

  it('decodes neighbour solicitation: target and source link-layer address', () => {
    const ns = [135, 0, 0, 0, 0, 0, 0, 0, ...ip6('fe80::2'), 1, 1, 2, 0, 0, 0, 0, 0x0a];
    const d = decode([...E6, ...ipv6(58, ns, 'fe80::1', 'ff02::1:ff00:2', 255)]);
    expect(d.icmpType).toBe(135);
    expect(d.ndTargetOffset).toBe(14 + 40 + 8);
    expect(d.ndLinkAddrOffset).toBe(14 + 40 + 24 + 2);
  });

  it('marks a zero-length ND option malformed and stops', () => {
    const ra = [134, 0, 0, 0, 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0];
    const d = decode([...E6, ...ipv6(58, ra)]);
    expect(d.malformed).toBe(true);
    expect(d.malformedReason).toBe(REASON.BAD_OPTION);
  });
});

describe('IGMP and GRE', () => {
  it('decodes an IGMPv2 report', () => {
    const d = decode([
      ...E4,
      ...ipv4({ proto: 2, options: [0x94, 4, 0, 0] }, [0x16, 0, 0, 0, ...ip4('239.255.255.250')]),
    ]);
    expect(stack(d)).toBe('eth:ip:igmp');
    expect(d.igmpType).toBe(0x16);
    expect(ipv4ToString(d.igmpGroup)).toBe('239.255.255.250');
  });

  it('decodes PPTP enhanced GRE carrying PPP LCP', () => {
    const gre = [0x30, 0x81, ...u16(0x880b), 0, 6, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0xff, 0x03, 0xc0, 0x21, 1, 1, 0, 4];
    const d = decode([...E4, ...ipv4({ proto: 47 }, gre)]);
    expect(stack(d)).toBe('eth:ip:gre:ppp:lcp');
    expect(d.greProto).toBe(0x880b);
  });

  it('follows GRE to a tunneled IPv4 packet', () => {
    const inner = ipv4({ proto: 6, src: '10.9.9.9' }, tcp(1, 2, {}, []));
    const d = decode([...E4, ...ipv4({ proto: 47 }, [0, 0, ...u16(0x0800), ...inner])]);
    expect(stack(d)).toBe('eth:ip:gre:ip:tcp');
    expect(ipv4ToString(d.src4)).toBe('10.9.9.9');
    expect(d.outerIpOffset).toBe(14);
  });
});

describe('TCP', () => {
  it('decodes the header and SYN options', () => {
    const opts = [2, 4, ...u16(1460), 4, 2, 8, 10, ...u32(111), ...u32(222), 1, 3, 3, 7];
    const seg = tcp(51000, 443, { flags: 0x02, seq: 0xfffffff0, window: 64240, options: opts }, []);
    const d = decode([...E4, ...ipv4({ proto: 6 }, seg)]);
    expect(stack(d)).toBe('eth:ip:tcp');
    expect(d.tcpFlags).toBe(0x02);
    expect(d.tcpSeq).toBe(0xfffffff0);
    expect(d.tcpWindow).toBe(64240);
    expect(d.tcpHeaderLen).toBe(40);
    expect(d.tcpMss).toBe(1460);
    expect(d.tcpSackPermitted).toBe(true);
    expect(d.tcpTsVal).toBe(111);
    expect(d.tcpTsEcr).toBe(222);
    expect(d.tcpWscale).toBe(7);
    expect(d.service).toBe('https');
    expect(d.app).toBe(PROTO.tls);
  });

  it('a header cut by the snaplen: truncated, malformed, ports kept', () => {
    const opts = [2, 4, ...u16(1460), 1, 1, 8, 10, ...u32(1), ...u32(2), 1, 1, 1, 1, 1, 1, 1, 1];
    const frame = [...E4, ...ipv4({ proto: 6 }, tcp(25, 40000, { options: opts }, []))];
    const d = decode(frame, 1, 14 + 20 + 30);
    expect(stack(d)).toBe('eth:ip:tcp');
    expect(d.srcPort).toBe(25);
    expect(d.dstPort).toBe(40000);
    expect(d.tcpMss).toBe(1460);
    expect(d.malformed).toBe(true);
    expect(d.truncated).toBe(true);
    expect(d.malformedLayer).toBe(PROTO.tcp);
    expect(d.payloadOffset).toBe(-1);
  });

  it('a header longer than the IP packet says is malformed, not truncated', () => {
    const seg = tcp(1, 2, {}, []);
    seg[12] = 0xf0; // 60-byte header in a 20-byte segment
    const d = decode([...E4, ...ipv4({ proto: 6 }, seg)]);
    expect(d.malformed).toBe(true);
    expect(d.truncated).toBe(false);
  });

  it('reports payload captured and on the wire', () => {
    const frame = [...E4, ...ipv4({ proto: 6 }, tcp(1, 2, {}, Array(100).fill(0x41)))];
    const d = decode(frame, 1, 14 + 20 + 20 + 30);
    expect(d.payloadOffset).toBe(54);
    expect(d.payloadLen).toBe(30);
    expect(d.payloadWireLen).toBe(100);
    expect(d.malformed).toBe(false);
  });
});

describe('UDP', () => {
  it('marks a length below 8 malformed', () => {
    const seg = udp(1, 2, []);
    seg[5] = 4;
    const d = decode([...E4, ...ipv4({ proto: 17 }, seg)]);
    expect(d.malformed).toBe(true);
    expect(d.srcPort).toBe(1);
  });

  it('uses the UDP length for the payload, not the IP one', () => {
    const seg = udp(1, 2, [1, 2, 3, 4]);
    seg[5] = 10; // says 2 bytes of payload
    const d = decode([...E4, ...ipv4({ proto: 17 }, seg)]);
    expect(d.payloadLen).toBe(2);
  });
});
