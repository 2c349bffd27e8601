/** Address formatting as tshark prints it. */
import { describe, expect, it } from 'vitest';
import { ipv4ToString, ipv6BytesToString, ipv6ToString, macToString } from '../../src/decode/format.js';
import { ip6 } from './build-frames.js';

function words(s: string): number[] {
  const b = Buffer.from(ip6(s));
  return [0, 1, 2, 3].map((i) => b.readUInt32BE(4 * i));
}

describe('format', () => {
  it('ipv4ToString', () => {
    expect(ipv4ToString(0)).toBe('0.0.0.0');
    expect(ipv4ToString(0xffffffff)).toBe('255.255.255.255');
    expect(ipv4ToString(0xc0a80001)).toBe('192.168.0.1');
    expect(ipv4ToString(-1)).toBe('255.255.255.255');
  });

  it.each([
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['2001:db8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:0db8:0000:0001:0001:0001:0001:0001', '2001:db8:0:1:1:1:1:1'], // a single zero group stays
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // equal runs: the first is compressed
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // the longest run wins
    ['fe80:0:0:0:21b:63ff:fe94:a1ba', 'fe80::21b:63ff:fe94:a1ba'],
    ['FF02:0:0:0:0:1:FF00:2', 'ff02::1:ff00:2'], // lowercase
    ['0:0:0:0:0:ffff:c000:0201', '::ffff:192.0.2.1'], // IPv4-mapped, as glibc prints it
    ['0:0:0:0:0:0:c000:0201', '::192.0.2.1'], // IPv4-compatible, likewise
  ])('ipv6ToString(%s) = %s', (full, want) => {
    expect(ipv6ToString(words(full))).toBe(want);
    expect(ipv6BytesToString(Buffer.from(ip6(full)), 0)).toBe(want);
  });

  it('ipv6ToString takes a Uint32Array as Decoded holds it', () => {
    expect(ipv6ToString(Uint32Array.from(words('2001:db8::ff00:42:8329')))).toBe('2001:db8::ff00:42:8329');
  });

  it('macToString', () => {
    expect(macToString(Buffer.from([9, 0, 0x0a, 0xbc, 0xde, 0xf0, 1, 2]), 1)).toBe('00:0a:bc:de:f0:01');
  });
});
