import { describe, expect, it } from 'vitest';
import { addressOrCidrProblem, isIPv4, isIPv6, parsePort } from '../../renderer/lib/net.js';

describe('address checks of the filters bar', () => {
  it('IPv4', () => {
    for (const ok of ['0.0.0.0', '10.0.0.5', '255.255.255.255', '192.168.1.20']) expect(isIPv4(ok), ok).toBe(true);
    for (const bad of ['256.0.0.1', '10.0.0', '10.0.0.1.2', '01.2.3.4', 'a.b.c.d', ''])
      expect(isIPv4(bad), bad).toBe(false);
  });

  it('IPv6, compressed and with an IPv4 tail', () => {
    for (const ok of [
      '::',
      '::1',
      'fe80::1',
      '2001:db8::',
      '2001:db8:0:0:0:0:0:1',
      '::ffff:10.0.0.1',
      '1:2:3:4:5:6:7::',
    ])
      expect(isIPv6(ok), ok).toBe(true);
    for (const bad of [':', '1::2::3', '2001:db8:0:0:0:0:0:0:1', 'g::1', '12345::', '::ffff:300.0.0.1', '10.0.0.1'])
      expect(isIPv6(bad), bad).toBe(false);
  });

  it('address or CIDR, with the problem in words', () => {
    expect(addressOrCidrProblem('')).toBe('');
    expect(addressOrCidrProblem(' 10.0.0.0/8 ')).toBe('');
    expect(addressOrCidrProblem('2001:db8::/32')).toBe('');
    expect(addressOrCidrProblem('10.0.0.0/33')).toMatch(/0 to 32/);
    expect(addressOrCidrProblem('2001:db8::/129')).toMatch(/0 to 128/);
    expect(addressOrCidrProblem('example.org')).toMatch(/Not an IP address/);
    expect(addressOrCidrProblem('10.0.0.0/')).toMatch(/prefix/);
  });

  it('port', () => {
    expect(parsePort('')).toBeNull();
    expect(parsePort(' 443 ')).toBe(443);
    expect(parsePort('0')).toBe(0);
    expect(parsePort('65536')).toBeUndefined();
    expect(parsePort('-1')).toBeUndefined();
    expect(parsePort('http')).toBeUndefined();
  });
});
