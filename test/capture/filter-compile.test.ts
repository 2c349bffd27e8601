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

  // issue 11: char filter[8192] in netlens_pcap.c cut longer filters, so "icmp<spaces>and not icmp" compiled as "icmp"
  it('compiles a filter longer than 8 KB whole: the end of it still counts', () => {
    // the filter: whole, it selects nothing, and libpcap says so (as tcpdump does)
    const none = compileFilter(`icmp${' '.repeat(8200)}and not icmp`);
    expect(none?.ok).toBe(false);
    if (none && !none.ok) expect(none.error.message).toMatch(/expression rejects all packets/);
    expect(compileFilter(`icmp${' '.repeat(8200)}and host 192.0.2.77`)?.ok).toBe(true);
    const broken = compileFilter(`icmp${' '.repeat(8200)}and not`);
    expect(broken?.ok, 'a filter whose tail is a syntax error must be refused').toBe(false);
    if (broken && !broken.ok) expect(broken.error.message).toMatch(/syntax error/);
  });
});
