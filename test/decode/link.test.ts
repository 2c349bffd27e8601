/** Link-layer decoders on hand-built frames: Ethernet, VLAN/QinQ, 802.3/LLC, SLL, loopback, raw IP, radiotap/802.11, ARP, EAPOL. */
import { describe, expect, it } from 'vitest';
import { decodePacket } from '../../src/decode/decode-packet.js';
import { Decoded } from '../../src/decode/decoded.js';
import { macToString } from '../../src/decode/format.js';
import { eth, ip4, ipv4, ipv6, MAC_A, MAC_B, tcp, u16, udp, vlanTag } from './build-frames.js';
import { decode, stack } from './stack.js';

const TCP_SEG = tcp(40000, 80, { flags: 0x02 }, []);
const IP_TCP = ipv4({ proto: 6 }, TCP_SEG);

describe('Ethernet and VLAN', () => {
  it('decodes Ethernet II with MAC offsets and the EtherType', () => {
    const d = decode([...eth(0x0800), ...IP_TCP]);
    expect(stack(d)).toBe('eth:ip:tcp');
    expect(d.etherType).toBe(0x0800);
    expect(d.dstMacOffset).toBe(0);
    expect(d.srcMacOffset).toBe(6);
    expect(d.vlanId).toBe(-1);
    expect(d.malformed).toBe(false);
  });

  it('gives each 802.1Q tag a vlan layer; vlanId is the outermost', () => {
    const d = decode([...eth(0x8100), ...vlanTag(0x0800, 42), ...IP_TCP]);
    expect(stack(d)).toBe('eth:vlan:ip:tcp');
    expect(d.vlanId).toBe(42);
    expect(d.vlanCount).toBe(1);
  });

  it('decodes QinQ (802.1ad outer, 802.1Q inner)', () => {
    const frame = [...eth(0x88a8), ...vlanTag(0x8100, 10), ...vlanTag(0x0800, 20), ...IP_TCP];
    const d = decode(frame);
    expect(stack(d)).toBe('eth:vlan:vlan:ip:tcp');
    expect(d.vlanId).toBe(10);
    expect(d.innerVlanId).toBe(20);
    expect(d.vlanCount).toBe(2);
    expect(d.srcPort).toBe(40000);
    expect(d.layerOffsets[3]).toBe(22);
  });

  it('marks a tag cut short as malformed and keeps the layers before it', () => {
    const frame = [...eth(0x8100), 0x00];
    const d = decode(frame);
    expect(stack(d)).toBe('eth:vlan');
    expect(d.malformed).toBe(true);
  });

  it('stops after a bounded number of tags', () => {
    const frame = [...eth(0x8100)];
    for (let i = 0; i < 30; i++) frame.push(...vlanTag(0x8100, i));
    const d = decode(frame);
    expect(d.malformed).toBe(true);
    expect(d.vlanCount).toBeLessThanOrEqual(8);
  });

  it('decodes 802.3 length frames as llc, spanning tree as llc:stp', () => {
    const bpdu = [0x42, 0x42, 0x03, 0, 0, 0, 0, 0, ...Array(30).fill(0)];
    const d = decode([...eth(bpdu.length), ...bpdu, 0, 0, 0, 0]);
    expect(stack(d)).toBe('eth:llc:stp');
  });

  it('follows LLC/SNAP to the EtherType', () => {
    const snap = [0xaa, 0xaa, 0x03, 0, 0, 0, ...u16(0x0800)];
    const payload = [...snap, ...IP_TCP];
    const d = decode([...eth(payload.length), ...payload]);
    expect(stack(d)).toBe('eth:llc:ip:tcp');
  });

  it('reads frame-relative offsets when the frame sits inside a larger buffer', () => {
    const frame = [...eth(0x0800), ...IP_TCP];
    const b = Buffer.from([...Array(100).fill(0xee), ...frame, ...Array(50).fill(0xee)]);
    const d = new Decoded();
    decodePacket(b, 100, frame.length, 1, d);
    expect(stack(d)).toBe('eth:ip:tcp');
    expect(d.frameOffset).toBe(100);
    expect(d.srcMacOffset).toBe(6);
    expect(d.ipOffset).toBe(14);
    expect(d.payloadOffset).toBe(54);
    expect(macToString(b, d.frameOffset + d.srcMacOffset)).toBe('02:00:00:00:00:0a');
  });
});

describe('other link types', () => {
  it('decodes Linux cooked v1 (113) and v2 (276) as sll', () => {
    const sll1 = [0, 0, 0, 1, 0, 6, ...MAC_A, 0, 0, ...u16(0x0800)];
    const d1 = decode([...sll1, ...IP_TCP], 113);
    expect(stack(d1)).toBe('sll:ip:tcp');
    expect(d1.srcMacOffset).toBe(6);
    const sll2 = [...u16(0x86dd), 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, ...MAC_A, 0, 0];
    const d2 = decode([...sll2, ...ipv6(17, udp(1, 2, [1]))], 276);
    expect(stack(d2)).toBe('sll:ipv6:udp:data');
    expect(d2.srcMacOffset).toBe(12);
  });

  it('decodes BSD loopback in both byte orders (0) and OpenBSD loop (108)', () => {
    expect(stack(decode([2, 0, 0, 0, ...IP_TCP], 0))).toBe('null:ip:tcp');
    expect(stack(decode([0, 0, 0, 2, ...IP_TCP], 0))).toBe('null:ip:tcp');
    expect(stack(decode([30, 0, 0, 0, ...ipv6(59, [])], 0))).toBe('null:ipv6');
    expect(stack(decode([0, 0, 0, 24, ...ipv6(59, [])], 108))).toBe('null:ipv6');
  });

  it('decodes raw IP: 101 by version nibble, 228 IPv4, 229 IPv6', () => {
    expect(stack(decode(IP_TCP, 101))).toBe('raw:ip:tcp');
    expect(stack(decode(ipv6(59, []), 101))).toBe('raw:ipv6');
    expect(stack(decode(IP_TCP, 228))).toBe('raw:ip:tcp');
    expect(stack(decode(ipv6(59, []), 229))).toBe('raw:ipv6');
  });

  it('leaves the stack empty for a link type it does not know', () => {
    const d = decode(IP_TCP, 9999);
    expect(d.layerCount).toBe(0);
    expect(d.malformed).toBe(false);
  });
});

describe('radiotap and 802.11', () => {
  /** A radiotap header with `words` presence words (all but the last with bit 31), then flags and signal. */
  function radiotap(flags: number, extWords: number): number[] {
    const present = (1 << 1) | (1 << 3) | (1 << 5) | (extWords > 0 ? 0x80000000 : 0);
    const words: number[] = [];
    const le32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
    words.push(...le32(present >>> 0));
    for (let i = 0; i < extWords; i++) words.push(...le32(i < extWords - 1 ? 0x80000000 : 0x00000001));
    // fields: flags (1 byte), pad to 2, channel (freq 2437 LE, flags), antenna signal -42 dBm
    const fields = [flags, 0, 2437 & 0xff, 2437 >> 8, 0xa0, 0x00, 0xd6];
    const len = 4 + words.length + fields.length;
    return [0, 0, len & 0xff, len >> 8, ...words, ...fields];
  }
  const llcIp = [0xaa, 0xaa, 0x03, 0, 0, 0, ...u16(0x0800), ...ipv4({ proto: 17 }, udp(5000, 53, []))];
  /** Data frame, From-DS: addr1 DA, addr2 BSSID, addr3 SA. */
  const dataHdr = [0x08, 0x02, 0, 0, ...MAC_B, 0x02, 0, 0, 0, 0, 0x99, ...MAC_A, 0, 0];

  it('decodes a data frame through LLC/SNAP, with an FCS and extended presence bitmaps', () => {
    const frame = [...radiotap(0x10, 2), ...dataHdr, ...llcIp, 0xde, 0xad, 0xbe, 0xef];
    const d = decode(frame, 127);
    expect(stack(d)).toBe('radiotap:wlan_radio:wlan:llc:ip:udp');
    expect(d.wlanType).toBe(2);
    expect(d.wlanSignalDbm).toBe(-42);
    expect(d.wlanHasSignal).toBe(true);
    expect(d.wlanFreqMhz).toBe(2437);
    const b = Buffer.from(frame);
    expect(macToString(b, d.srcMacOffset)).toBe(macToString(Buffer.from(MAC_A), 0));
    expect(macToString(b, d.dstMacOffset)).toBe(macToString(Buffer.from(MAC_B), 0));
    expect(d.malformed).toBe(false);
  });

  it('drops the FCS: bytes past the 802.11 frame are not payload', () => {
    // IP total length 0 means "to the end of the capture": the FCS must not count.
    const ipTso = ipv4({ proto: 17, totalLen: 0 }, udp(5000, 5001, [1, 2, 3]));
    const frame = [...radiotap(0x10, 0), ...dataHdr, 0xaa, 0xaa, 0x03, 0, 0, 0, ...u16(0x0800), ...ipTso, 9, 9, 9, 9];
    const d = decode(frame, 127);
    expect(d.payloadLen).toBe(3);
  });

  it('names management frames wlan.mgt and stops control frames at wlan', () => {
    const beacon = [0x80, 0x00, 0, 0, ...Array(6).fill(0xff), ...MAC_A, ...MAC_A, 0, 0, ...Array(12).fill(0)];
    expect(stack(decode([...radiotap(0, 0), ...beacon], 127))).toBe('radiotap:wlan_radio:wlan:wlan.mgt');
    const ack = [0xd4, 0x00, 0, 0, ...MAC_A];
    const d = decode([...radiotap(0, 0), ...ack], 127);
    expect(stack(d)).toBe('radiotap:wlan_radio:wlan');
    expect(d.wlanType).toBe(1);
    expect(d.wlanSubtype).toBe(13);
  });

  it('does not decode the body of a null-data or protected frame as LLC', () => {
    const nullData = [0x48, 0x01, 0, 0, ...MAC_B, ...MAC_A, ...MAC_B, 0, 0];
    expect(stack(decode([...radiotap(0, 0), ...nullData], 127))).toBe('radiotap:wlan_radio:wlan');
    const prot = [0x08, 0x41, 0, 0, ...MAC_B, ...MAC_A, ...MAC_B, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8];
    expect(stack(decode([...radiotap(0, 0), ...prot], 127))).toBe('radiotap:wlan_radio:wlan:data');
  });

  it('marks a radiotap length past the capture as malformed', () => {
    const d = decode([0, 0, 200, 0, 0, 0, 0, 0, 1, 2, 3], 127);
    expect(stack(d)).toBe('radiotap');
    expect(d.malformed).toBe(true);
  });
});

describe('PPPoE and MPLS', () => {
  it('follows a PPPoE session through PPP to IPv4', () => {
    const pppoe = [0x11, 0x00, ...u16(0x1234), ...u16(2 + IP_TCP.length), ...u16(0x0021)];
    expect(stack(decode([...eth(0x8864), ...pppoe, ...IP_TCP]))).toBe('eth:pppoes:ppp:ip:tcp');
    expect(stack(decode([...eth(0x8863), 0x11, 0x09, 0, 0, 0, 0]))).toBe('eth:pppoed');
  });

  it('follows an MPLS label stack to the IP packet under it', () => {
    const labels = [0x00, 0x01, 0x00, 0x40, 0x00, 0x02, 0x01, 0x40];
    expect(stack(decode([...eth(0x8847), ...labels, ...IP_TCP]))).toBe('eth:mpls:ip:tcp');
    const d = decode([...eth(0x8847), ...Array(12).fill(0)]);
    expect(d.malformed).toBe(true);
  });
});

describe('ARP and EAPOL', () => {
  it('decodes an ARP reply: op, sender/target IP and MAC offsets', () => {
    const arp = [0, 1, 8, 0, 6, 4, 0, 2, ...MAC_A, ...ip4('192.168.1.1'), ...MAC_B, ...ip4('192.168.1.2')];
    const d = decode([...eth(0x0806), ...arp]);
    expect(stack(d)).toBe('eth:arp');
    expect(d.arpOp).toBe(2);
    expect(d.arpSenderIp).toBe(0xc0a80101);
    expect(d.arpTargetIp).toBe(0xc0a80102);
    expect(d.arpSenderMacOffset).toBe(22);
    expect(d.arpTargetMacOffset).toBe(32);
  });

  it('treats RARP as arp, as tshark does', () => {
    const arp = [0, 1, 8, 0, 6, 4, 0, 3, ...MAC_A, 0, 0, 0, 0, ...MAC_A, 0, 0, 0, 0];
    expect(stack(decode([...eth(0x8035), ...arp]))).toBe('eth:arp');
  });

  it('adds eap under eapol for EAP packets only', () => {
    expect(stack(decode([...eth(0x888e), 1, 0, 0, 5, 1, 1, 0, 5, 1]))).toBe('eth:eapol:eap');
    expect(stack(decode([...eth(0x888e), 1, 1, 0, 0]))).toBe('eth:eapol');
  });
});
