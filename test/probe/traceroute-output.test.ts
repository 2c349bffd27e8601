/**
 * The system traceroute's output, line by line: Linux (the lines below are what Debian's traceroute
 * 2.1 printed on this machine's namespace chain), BSD/macOS (the same layout, from its manual), and
 * Windows tracert -d (its documented layout: three probe columns, then the address).
 */
import { describe, expect, it } from 'vitest';
import { parseTracerouteLine } from '../../src/probe/path/traceroute-output.js';

describe('traceroute output', () => {
  it('reads the Linux header and hop lines', () => {
    expect(parseTracerouteLine('traceroute to 10.177.4.2 (10.177.4.2), 6 hops max, 60 byte packets')).toEqual({
      kind: 'header',
      address: '10.177.4.2',
      maxHops: 6,
    });
    expect(parseTracerouteLine(' 1  10.177.1.1  40.727 ms')).toEqual({
      kind: 'hop',
      ttl: 1,
      probes: [{ address: '10.177.1.1', rttMs: 40.727, flag: null }],
    });
    expect(parseTracerouteLine(' 4  *')).toEqual({
      kind: 'hop',
      ttl: 4,
      probes: [{ address: null, rttMs: null, flag: null }],
    });
    expect(parseTracerouteLine('12  10.0.0.1  9.876 ms !H')).toEqual({
      kind: 'hop',
      ttl: 12,
      probes: [{ address: '10.0.0.1', rttMs: 9.876, flag: '!H' }],
    });
  });

  it('reads several probes per hop, from several routers', () => {
    const line = parseTracerouteLine(' 7  203.0.113.9  11.2 ms *  203.0.113.17  12.5 ms');
    expect(line).toEqual({
      kind: 'hop',
      ttl: 7,
      probes: [
        { address: '203.0.113.9', rttMs: 11.2, flag: null },
        { address: null, rttMs: null, flag: null },
        { address: '203.0.113.17', rttMs: 12.5, flag: null },
      ],
    });
  });

  it('reads IPv6 hops', () => {
    expect(parseTracerouteLine(' 2  2001:db8::1  3.210 ms')).toEqual({
      kind: 'hop',
      ttl: 2,
      probes: [{ address: '2001:db8::1', rttMs: 3.21, flag: null }],
    });
    expect(parseTracerouteLine('traceroute6 to 2001:db8::9 (2001:db8::9), 64 hops max, 12 byte packets')).toMatchObject(
      {
        kind: 'header',
        address: '2001:db8::9',
      },
    );
  });

  it('reads Windows tracert', () => {
    expect(parseTracerouteLine('Tracing route to 1.1.1.1 over a maximum of 30 hops')).toEqual({
      kind: 'header',
      address: '1.1.1.1',
      maxHops: 30,
    });
    expect(parseTracerouteLine('Tracing route to one.one.one.one [1.1.1.1]')).toEqual({ kind: 'other' });
    expect(parseTracerouteLine('Tracing route to one.one.one.one [1.1.1.1] over a maximum of 30 hops:')).toMatchObject({
      address: '1.1.1.1',
    });
    expect(parseTracerouteLine('  1    <1 ms    <1 ms     2 ms  192.168.1.1')).toEqual({
      kind: 'hop',
      ttl: 1,
      probes: [
        { address: '192.168.1.1', rttMs: 0.5, flag: null },
        { address: '192.168.1.1', rttMs: 0.5, flag: null },
        { address: '192.168.1.1', rttMs: 2, flag: null },
      ],
    });
    expect(parseTracerouteLine('  2     *        *        *     Request timed out.')).toEqual({
      kind: 'hop',
      ttl: 2,
      probes: [
        { address: null, rttMs: null, flag: null },
        { address: null, rttMs: null, flag: null },
        { address: null, rttMs: null, flag: null },
      ],
    });
    expect(parseTracerouteLine(' 3    12 ms     *       13 ms  10.10.0.1')).toMatchObject({
      probes: [{ rttMs: 12 }, { rttMs: null }, { rttMs: 13 }],
    });
    expect(parseTracerouteLine('  4  192.168.1.1  reports: Destination host unreachable.')).toEqual({ kind: 'other' });
    expect(parseTracerouteLine('Trace complete.')).toEqual({ kind: 'other' });
  });

  it('names failures', () => {
    expect(parseTracerouteLine('foo.invalid: Name or service not known')).toMatchObject({ kind: 'unknown-host' });
    expect(parseTracerouteLine('traceroute: unknown host nowhere')).toMatchObject({ kind: 'unknown-host' });
    expect(parseTracerouteLine('Unable to resolve target system name nowhere.')).toMatchObject({
      kind: 'unknown-host',
    });
    expect(parseTracerouteLine('connect: Network is unreachable')).toMatchObject({ kind: 'error' });
    expect(parseTracerouteLine('You do not have enough privileges to use this traceroute method.')).toMatchObject({
      kind: 'error',
    });
  });

  it('never throws on noise', () => {
    for (const s of [
      '',
      '   ',
      '999 x',
      '1',
      ' 1  ',
      '1 ms ms',
      '\u0000\u0001',
      '2  (10.0.0.1)  5 ms',
      'x'.repeat(10_000),
    ]) {
      expect(() => parseTracerouteLine(s)).not.toThrow();
    }
    expect(parseTracerouteLine('256  10.0.0.1  1 ms')).toEqual({ kind: 'other' });
  });
});
