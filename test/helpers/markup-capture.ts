/**
 * Writes a small pcap whose host names carry markup (an HTTP Host header and a DNS answer name
 * like `<img src=x onerror=...>`), for tests that check network strings are shown as text.
 */
import { PcapWriter } from '../../src/capture/pcap-writer.js';
import { ascii, dnsName, eth, ipv4, tcp, u16, u32, udp } from '../decode/build-frames.js';

export const MARKUP_HOST = '<img src=x onerror=alert(1)>';
export const MARKUP_DNS_NAME = '<b>bold</b>.example';

function dnsResponse(name: string, addr: number[]): number[] {
  return [
    ...u16(0x1234),
    ...u16(0x8180),
    ...u16(1),
    ...u16(1),
    ...u16(0),
    ...u16(0),
    ...dnsName(name),
    ...u16(1),
    ...u16(1),
    0xc0,
    12,
    ...u16(1),
    ...u16(1),
    ...u32(300),
    ...u16(4),
    ...addr,
  ];
}

export function writeMarkupCapture(path: string): void {
  const frames: number[][] = [
    eth(0x0800, undefined, undefined).concat(
      ipv4({ proto: 6, src: '10.0.0.1', dst: '10.0.0.2' }, tcp(40000, 80, { flags: 0x02, seq: 1 }, [])),
    ),
    eth(0x0800).concat(
      ipv4({ proto: 6, src: '10.0.0.2', dst: '10.0.0.1' }, tcp(80, 40000, { flags: 0x12, seq: 500, ack: 2 }, [])),
    ),
    eth(0x0800).concat(
      ipv4({ proto: 6, src: '10.0.0.1', dst: '10.0.0.2' }, tcp(40000, 80, { flags: 0x10, seq: 2, ack: 501 }, [])),
    ),
    eth(0x0800).concat(
      ipv4(
        { proto: 6, src: '10.0.0.1', dst: '10.0.0.2' },
        tcp(40000, 80, { flags: 0x18, seq: 2, ack: 501 }, ascii(`GET / HTTP/1.1\r\nHost: ${MARKUP_HOST}\r\n\r\n`)),
      ),
    ),
    eth(0x0800).concat(
      ipv4(
        { proto: 17, src: '10.0.0.53', dst: '10.0.0.1' },
        udp(53, 5353, dnsResponse(MARKUP_DNS_NAME, [10, 0, 0, 9])),
      ),
    ),
    eth(0x0800).concat(
      ipv4({ proto: 6, src: '10.0.0.1', dst: '10.0.0.9' }, tcp(40001, 443, { flags: 0x02, seq: 7 }, [])),
    ),
  ];
  const w = PcapWriter.open(path, { linkType: 1 });
  if (!w.ok) throw new Error(w.error.message);
  frames.forEach((f, i) => {
    const b = Buffer.from(f);
    w.value.write({ buf: b, offset: 0, capLen: b.length, origLen: b.length, tsSec: 1_700_000_000 + i, tsNsec: 0 });
  });
  w.value.close();
}
