import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../src/capture/filter-compile.js';
import { loadNativePcap } from '../../src/capture/live-native.js';

const SKIP = loadNativePcap() === null ? 'the netlens_pcap binding is not built (npm run build:native)' : null;
if (SKIP) console.warn(`filter compile tests skipped: ${SKIP}`);

describe.skipIf(SKIP !== null)('BPF filters compiled without an interface (libpcap on a dead handle)', () => {
  it("accepts what libpcap accepts, refuses a typo with libpcap's words", () => {
    expect(compileFilter('tcp port 443 or (udp and not port 53)')).toEqual({ ok: true, value: undefined });
    const bad = compileFilter('tcp prot 5201');
    expect(bad?.ok).toBe(false);
    if (bad && !bad.ok) {
      expect(bad.error.code).toBe('invalid-filter');
      expect(bad.error.message).toMatch(/^invalid capture filter 'tcp prot 5201': .*syntax error/);
      expect(bad.error.hint).not.toBe('');
    }
  });

  it('judges the filter for the link type: an Ethernet address means nothing on a raw-IP link', () => {
    expect(compileFilter('ether host 00:11:22:33:44:55')?.ok).toBe(true);
    const raw = compileFilter('ether host 00:11:22:33:44:55', 12);
    expect(raw?.ok).toBe(false);
    if (raw && !raw.ok) expect(raw.error.message).toMatch(/ethernet addresses supported only/);
  });
});
