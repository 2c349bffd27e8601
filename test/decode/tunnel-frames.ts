/**
 * Frames for every encapsulation NetLens decodes (tunnels.test.ts compares them with tshark; the
 * decoder fuzz starts from them), and a packet of tunnels nested past the depth limit.
 */
import { MAX_NETWORK_HEADERS } from '../../src/decode/net/network.js';
import { dnsName, eth, ipv4, ipv6, tcp, u16, u32, udp } from './build-frames.js';

const DNS_QUERY = [...u16(0x1234), ...u16(0x0100), ...u16(1), ...u16(0), ...u16(0), ...u16(0)];
const dns = (id: number): number[] => [
  ...u16(id),
  ...DNS_QUERY.slice(2),
  ...dnsName('www.example.com'),
  ...u16(1),
  ...u16(1),
];
const MAC_C = [0x02, 0, 0, 0, 0, 0x0c];
const MAC_D = [0x02, 0, 0, 0, 0, 0x0d];

/** Inner packets, different addresses from the outer 10.0.0.1 → 10.0.0.2. */
const innerUdp4 = (n = 1): number[] =>
  ipv4({ proto: 17, src: '192.168.1.1', dst: `192.168.1.${n + 1}` }, udp(1234, 53, dns(n)));
const innerTcp4 = (): number[] =>
  ipv4({ proto: 6, src: '172.16.0.1', dst: '172.16.0.2' }, tcp(40000, 80, { flags: 0x02, seq: 7 }, []));
const innerUdp6 = (): number[] => ipv6(17, udp(1234, 53, dns(6)), '2001:db8:1::1', '2001:db8:1::2');
const innerEth = (ip: number[], type = 0x0800): number[] => [...eth(type, MAC_D, MAC_C), ...ip];
const outer4 = (proto: number, payload: number[], src = '10.0.0.1', dst = '10.0.0.2'): number[] => [
  ...eth(0x0800),
  ...ipv4({ proto, src, dst }, payload),
];
const arp = [...u16(1), ...u16(0x0800), 6, 4, ...u16(1), ...MAC_C, 192, 168, 1, 1, 0, 0, 0, 0, 0, 0, 192, 168, 1, 2];

const vxlan = (vni: number, frame: number[]): number[] => [0x08, 0, 0, 0, ...u32(vni << 8), ...frame];
const geneve = (vni: number, proto: number, opts: number[], inner: number[]): number[] => [
  opts.length >> 2,
  0,
  ...u16(proto),
  ...u32(vni << 8),
  ...opts,
  ...inner,
];
/** GRE with an optional key and sequence number. */
function gre(proto: number, inner: number[], key?: number, seq?: number): number[] {
  const flags = (key !== undefined ? 0x20 : 0) | (seq !== undefined ? 0x10 : 0);
  return [
    flags,
    0,
    ...u16(proto),
    ...(key !== undefined ? u32(key) : []),
    ...(seq !== undefined ? u32(seq) : []),
    ...inner,
  ];
}
const gtp = (teid: number, inner: number[], opt?: number[]): number[] => [
  opt ? 0x30 | (opt[3] !== 0 ? 0x04 : 0x02) : 0x30,
  0xff,
  ...u16(inner.length + (opt?.length ?? 0)),
  ...u32(teid),
  ...(opt ?? []),
  ...inner,
];

export const FRAMES: number[][] = [
  outer4(17, udp(50000, 4789, vxlan(42, innerEth(innerUdp4(1))))),
  outer4(17, udp(50001, 4789, vxlan(42, innerEth(innerTcp4())))),
  outer4(17, udp(50002, 4789, vxlan(7, innerEth(arp, 0x0806)))),
  outer4(17, udp(50003, 4789, vxlan(8, [...eth(0x8100, MAC_D, MAC_C), ...u16(99), ...u16(0x0800), ...innerUdp4(2)]))),
  outer4(17, udp(50004, 6081, geneve(5, 0x6558, [], innerEth(innerUdp4(3))))),
  outer4(17, udp(50005, 6081, geneve(6, 0x0800, [0x01, 0x02, 0x80, 0x01, 0, 0, 0, 9], innerUdp4(4)))),
  outer4(47, gre(0x0800, innerUdp4(5))),
  outer4(47, gre(0x86dd, innerUdp6(), 77, 1)),
  outer4(47, gre(0x6558, innerEth(innerUdp4(6)), 0x00123400)),
  outer4(47, gre(0x88be, innerEth(innerUdp4(7)))),
  outer4(47, gre(0x88be, [0x10, 0x05, 0x00, 0x07, 0, 0, 0, 0, ...innerEth(innerUdp4(8))], undefined, 3)),
  outer4(47, gre(0x22eb, [0x20, 0x05, 0x00, 0x07, 0, 0, 0, 0, 0, 0, 0, 0, ...innerEth(innerUdp4(9))], undefined, 4)),
  outer4(
    47,
    gre(
      0x22eb,
      [0x20, 0x05, 0x00, 0x07, 0, 0, 0, 0, 0, 0, 0, 1, ...Array(8).fill(0), ...innerEth(innerUdp4(10))],
      undefined,
      5,
    ),
  ),
  // PPTP: enhanced GRE v1, key = payload length + call id, sequence number, then PPP (ff 03 0021) IPv4
  outer4(47, [
    0x30,
    0x01,
    ...u16(0x880b),
    ...u16(4 + innerUdp4(11).length),
    ...u16(9),
    ...u32(1),
    0xff,
    0x03,
    ...u16(0x21),
    ...innerUdp4(11),
  ]),
  outer4(4, innerUdp4(12)),
  outer4(41, innerUdp6()),
  [...eth(0x86dd), ...ipv6(4, innerUdp4(13))],
  [...eth(0x86dd), ...ipv6(41, innerUdp6())],
  [...eth(0x86dd), ...ipv6(41, ipv6(17, udp(1, 2, [1, 2, 3])))],
  outer4(17, udp(3544, 50010, innerUdp6())),
  outer4(17, udp(3544, 50011, [0, 0, ...u16(0x1234), 10, 0, 0, 1, ...innerUdp6()])),
  outer4(17, udp(50012, 3544, [0, 1, 2, 0, 0xaa, 0xbb, ...Array(8).fill(0), 0, ...innerUdp6()])),
  outer4(17, udp(2152, 2152, gtp(0x1001, innerUdp4(14)))),
  outer4(17, udp(2152, 2152, gtp(0x1002, innerTcp4(), [0, 7, 0, 0]))),
  outer4(17, udp(2152, 2152, gtp(0x1003, innerUdp4(15), [0, 8, 0, 0x85, 1, 0x10, 0x09, 0]))),
  [...eth(0x894f), 0x00, 0x06, 0x01, 0x01, 0, 0, 0x01, 0xff, ...Array(16).fill(0), ...innerUdp4(16)],
  [...eth(0x894f), 0x00, 0x02, 0x02, 0x03, 0, 0, 0x02, 0xfe, ...innerEth(innerUdp4(17))],
  [...eth(0x8926), 0x80, 0x01, 0x00, 0x02, ...u16(0x0800), ...innerUdp4(18)],
  [...eth(0x893f), 0, 0, 0, 5, 0, 0, ...u16(0x0800), ...innerUdp4(19)],
  [...eth(0x8926), 0x80, 0x01, 0x00, 0x02, ...u16(0x8100), ...u16(5), ...u16(0x0800), ...innerUdp4(21)],
  // nested: VXLAN inside GRE inside 4in4
  outer4(
    4,
    ipv4(
      { proto: 47, src: '10.1.0.1', dst: '10.1.0.2' },
      gre(
        0x0800,
        ipv4({ proto: 17, src: '10.2.0.1', dst: '10.2.0.2' }, udp(50020, 4789, vxlan(99, innerEth(innerUdp4(20))))),
      ),
    ),
  ),
];

export const HDLC_FRAMES: number[][] = [
  [0x0f, 0x00, ...u16(0x0800), ...innerUdp4(30)],
  [0x8f, 0x00, ...u16(0x8035), ...u32(2), 10, 0, 0, 1, 255, 255, 255, 0, 0, 0],
  [0x0f, 0x00, ...u16(0x86dd), ...innerUdp6()],
];

/** VXLAN inside VXLAN inside ... past MAX_NETWORK_HEADERS, then GRE inside GRE: decoding must stop. */
export function nestedPastTheLimit(): number[][] {
  let v = innerEth(innerUdp4(40));
  let g = innerUdp4(41);
  for (let i = 0; i < MAX_NETWORK_HEADERS + 3; i++) {
    v = innerEth(ipv4({ proto: 17, src: `10.9.${i}.1`, dst: `10.9.${i}.2` }, udp(50000 + i, 4789, vxlan(i, v))));
    g = ipv4({ proto: 47, src: `10.8.${i}.1`, dst: `10.8.${i}.2` }, gre(0x0800, g));
  }
  return [v, [...eth(0x0800), ...g]];
}
