import { describe, expect, it } from 'vitest';
import {
  formatBitRate,
  formatBits,
  formatBytes,
  formatCount,
  formatDuration,
  formatElapsed,
  formatEndpoint,
  formatMs,
  formatPct,
  formatPerSec,
  hexDumpLines,
  hexToBytes,
} from '../../renderer/lib/format.js';

describe('format', () => {
  it('bytes with SI prefixes and three significant digits', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.00 kB');
    expect(formatBytes(1536)).toBe('1.54 kB');
    expect(formatBytes(652_181)).toBe('652 kB');
    expect(formatBytes(23_400_000)).toBe('23.4 MB');
    expect(formatBytes(999_999)).toBe('1.00 MB');
    expect(formatBytes(Number.NaN)).toBe('–');
  });

  it('rates in bits per second', () => {
    expect(formatBitRate(125_000)).toBe('1.00 Mbit/s');
    expect(formatBits(12_300_000)).toBe('12.3 Mbit/s');
    expect(formatBits(0)).toBe('0 bit/s');
    expect(formatPerSec(1234.4)).toBe('1,234 pkt/s');
    expect(formatPerSec(12.54)).toBe('12.5 pkt/s');
  });

  it('counts, durations, elapsed, ms, percent', () => {
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatElapsed(7)).toBe('0:07');
    expect(formatElapsed(725)).toBe('12:05');
    expect(formatElapsed(3723)).toBe('1:02:03');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(0.85)).toBe('850 ms');
    expect(formatDuration(3.254)).toBe('3.25 s');
    expect(formatDuration(125)).toBe('2 min 5 s');
    expect(formatDuration(3720)).toBe('1 h 2 min');
    expect(formatMs(null)).toBe('–');
    expect(formatMs(0.1234)).toBe('0.123 ms');
    expect(formatMs(12.34)).toBe('12.3 ms');
    expect(formatPct(0)).toBe('0 %');
    expect(formatPct(12.5)).toBe('12.5 %');
    expect(formatPct(null)).toBe('–');
  });

  it('endpoints as Wireshark writes them', () => {
    expect(formatEndpoint('10.0.0.1', 443)).toBe('10.0.0.1:443');
    expect(formatEndpoint('2001:db8::1', 443)).toBe('[2001:db8::1]:443');
    expect(formatEndpoint('10.0.0.1', null)).toBe('10.0.0.1');
  });

  it('hex dump: 16 bytes a line, a gap after 8, printable ASCII', () => {
    const bytes = hexToBytes('474554202f20485454502f312e310d0a41');
    expect([...bytes.subarray(0, 3)]).toEqual([0x47, 0x45, 0x54]);
    const lines = hexDumpLines(bytes);
    expect(lines).toHaveLength(2);
    expect(lines[0].offset).toBe('0000');
    expect(lines[0].hex).toBe('47 45 54 20 2f 20 48 54  54 50 2f 31 2e 31 0d 0a');
    expect(lines[0].ascii).toBe('GET / HTTP/1.1..');
    expect(lines[1]).toEqual({ offset: '0010', hex: '41', ascii: 'A' });
    expect(hexDumpLines(new Uint8Array(0))).toEqual([]);
  });
});
