import { describe, expect, it } from 'vitest';
import { parseBsdLine, parseIputilsLine, parseWindowsLine, pingFamilyFor } from '../../src/probe/ping-output.js';

describe('iputils (Linux, -n -D -O)', () => {
  it('reads the header, replies with timestamps, no-answer and errors', () => {
    expect(parseIputilsLine('PING 10.77.0.2 (10.77.0.2) 56(84) bytes of data.')).toEqual({
      kind: 'header',
      address: '10.77.0.2',
    });
    expect(parseIputilsLine('PING far.test (10.0.0.2) 56(84) bytes of data.')).toEqual({
      kind: 'header',
      address: '10.0.0.2',
    });
    expect(parseIputilsLine('PING ::1 (::1) 56 data bytes')).toEqual({ kind: 'header', address: '::1' });
    expect(parseIputilsLine('[1795290175.008666] 64 bytes from 10.77.0.2: icmp_seq=2 ttl=64 time=36.5 ms')).toEqual({
      kind: 'reply',
      seq: 2,
      rttMs: 36.5,
      at: 1795290175008.666,
      duplicate: false,
    });
    expect(parseIputilsLine('64 bytes from far (10.0.0.2): icmp_seq=7 ttl=64 time=1500 ms (DUP!)')).toMatchObject({
      kind: 'reply',
      seq: 7,
      rttMs: 1500,
      at: null,
      duplicate: true,
    });
    expect(parseIputilsLine('[1795290175.773630] no answer yet for icmp_seq=5')).toEqual({
      kind: 'no-answer',
      seq: 5,
      at: 1795290175773.63,
    });
    expect(parseIputilsLine('[1795290053.877930] From 10.77.0.1 icmp_seq=1 Destination Host Unreachable')).toEqual({
      kind: 'error',
      seq: 1,
      message: 'Destination Host Unreachable',
      at: 1795290053877.93,
    });
    expect(parseIputilsLine('From 192.168.1.1 icmp_seq=3 Time to live exceeded')).toMatchObject({
      kind: 'error',
      seq: 3,
      message: 'Time to live exceeded',
    });
    expect(parseIputilsLine('3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 3073ms')).toEqual({
      kind: 'transmitted',
      count: 3,
    });
  });

  it('tells an unknown name from other failures', () => {
    expect(parseIputilsLine('ping: nosuch.invalid: Name or service not known')).toEqual({
      kind: 'unknown-host',
      message: 'nosuch.invalid: Name or service not known',
    });
    expect(parseIputilsLine('ping: nosuch.invalid: Temporary failure in name resolution')).toMatchObject({
      kind: 'unknown-host',
    });
    expect(parseIputilsLine('ping: unknown host nosuch')).toMatchObject({ kind: 'unknown-host' });
    expect(parseIputilsLine('ping: connect: Network is unreachable')).toEqual({
      kind: 'error',
      seq: null,
      message: 'connect: Network is unreachable',
      at: null,
    });
    expect(parseIputilsLine('--- 10.77.0.2 ping statistics ---')).toEqual({ kind: 'other' });
  });
});

describe('BSD / macOS', () => {
  it('reads replies, request timeouts and the summary', () => {
    expect(parseBsdLine('PING 1.1.1.1 (1.1.1.1): 56 data bytes')).toEqual({ kind: 'header', address: '1.1.1.1' });
    expect(parseBsdLine('64 bytes from 1.1.1.1: icmp_seq=0 ttl=57 time=12.345 ms')).toEqual({
      kind: 'reply',
      seq: 0,
      rttMs: 12.345,
      at: null,
      duplicate: false,
    });
    expect(parseBsdLine('Request timeout for icmp_seq 1')).toEqual({ kind: 'no-answer', seq: 1, at: null });
    expect(parseBsdLine('92 bytes from 192.168.1.1: Destination Host Unreachable')).toEqual({
      kind: 'error',
      seq: null,
      message: 'Destination Host Unreachable',
      at: null,
    });
    expect(parseBsdLine('3 packets transmitted, 2 packets received, 33.3% packet loss')).toEqual({
      kind: 'transmitted',
      count: 3,
    });
    expect(parseBsdLine('ping: cannot resolve nosuch.invalid: Unknown host')).toMatchObject({ kind: 'unknown-host' });
    expect(parseBsdLine('ping: sendto: No route to host')).toMatchObject({
      kind: 'error',
      message: 'sendto: No route to host',
    });
  });
});

describe('Windows (English)', () => {
  it('reads replies, timeouts, ICMP errors and unknown hosts', () => {
    expect(parseWindowsLine('Pinging 1.1.1.1 with 32 bytes of data:')).toEqual({ kind: 'header', address: '1.1.1.1' });
    expect(parseWindowsLine('Pinging one.one.one.one [1.1.1.1] with 32 bytes of data:')).toEqual({
      kind: 'header',
      address: '1.1.1.1',
    });
    expect(parseWindowsLine('Reply from 1.1.1.1: bytes=32 time=12ms TTL=57')).toEqual({
      kind: 'reply',
      seq: null,
      rttMs: 12,
      at: null,
      duplicate: false,
    });
    expect(parseWindowsLine('Reply from 192.168.1.1: bytes=32 time<1ms TTL=64')).toMatchObject({
      kind: 'reply',
      rttMs: 1,
    });
    expect(parseWindowsLine('Reply from 192.168.1.1: Destination host unreachable.')).toEqual({
      kind: 'error',
      seq: null,
      message: 'Destination host unreachable',
      at: null,
    });
    expect(parseWindowsLine('Request timed out.')).toEqual({ kind: 'timeout' });
    expect(
      parseWindowsLine('Ping request could not find host nosuch. Please check the name and try again.'),
    ).toMatchObject({ kind: 'unknown-host' });
    expect(parseWindowsLine('    Packets: Sent = 4, Received = 3, Lost = 1 (25% loss),')).toEqual({
      kind: 'transmitted',
      count: 4,
    });
    expect(parseWindowsLine('PING: transmit failed. General failure.')).toMatchObject({ kind: 'error' });
  });

  it('picks the family per platform', () => {
    expect(pingFamilyFor('linux')).toBe('iputils');
    expect(pingFamilyFor('darwin')).toBe('bsd');
    expect(pingFamilyFor('win32')).toBe('windows');
  });
});
