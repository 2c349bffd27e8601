/**
 * dns-slow: a DNS server that answers slowly or fails often, with a faster one seen in the same
 * capture when there is one (else well-known public resolvers to try).
 */
import type { Suggestion } from '../../api/alerts.js';
import type { DnsServerStats } from '../detectors/dns-anomaly.js';
import { ms, pct, round3 } from '../summary-format.js';
import { median } from '../windows.js';

const MIN_ANSWERED = 10;
/** A median answer over 100 ms is slow for a resolver (a good one answers cached names in a few ms). */
const SLOW_MS = 100;
/** One query in ten failing (SERVFAIL or no answer). */
const FAIL_PCT = 10;

export function dnsSlowAdvice(servers: Map<number, DnsServerStats>, addr: (id: number) => string): Suggestion[] {
  const rows = [...servers.entries()]
    .filter(([, s]) => s.queries >= MIN_ANSWERED)
    .map(([id, s]) => ({
      id,
      s,
      med: s.times.length ? median(s.times) : Number.POSITIVE_INFINITY,
      failPct: pct(s.servfail + s.timeouts, s.queries),
    }));
  const out: Suggestion[] = [];
  for (const r of rows) {
    const slow = r.med >= SLOW_MS;
    const failing = r.failPct >= FAIL_PCT;
    if (!slow && !failing) continue;
    const better = rows
      .filter((o) => o.id !== r.id && o.failPct < FAIL_PCT && o.med * 2 <= r.med)
      .sort((a, b) => a.med - b.med)[0];
    const name = addr(r.id);
    const what = [
      slow && Number.isFinite(r.med) ? `answered in ${ms(r.med)} (median of ${r.s.times.length})` : '',
      failing
        ? `failed ${r.failPct}% of ${r.s.queries} queries (${r.s.servfail} SERVFAIL, ${r.s.timeouts} unanswered)`
        : '',
    ]
      .filter(Boolean)
      .join(' and ');
    out.push({
      id: `s-dns-slow-${name}`,
      kind: 'dns-slow',
      title: `Slow or failing DNS server ${name}`,
      why: `The DNS server ${name} ${what}. Every new site waits for DNS before it starts loading.`,
      action: better
        ? `${addr(better.id)} answered in ${ms(better.med)} in this capture: make it the DNS server (in the router's DHCP settings, or the computer's network settings).`
        : `Try another resolver (your router's, or a public one such as 1.1.1.1, 9.9.9.9 or 8.8.8.8): compare them with "netlens probe 1.1.1.1 9.9.9.9 ${name}", then set the fastest in the router's DHCP settings.`,
      evidence: {
        server: name,
        queries: r.s.queries,
        answered: r.s.answered,
        medianMs: Number.isFinite(r.med) ? round3(r.med) : null,
        servfail: r.s.servfail,
        timeouts: r.s.timeouts,
        failPct: r.failPct,
        fasterServer: better ? addr(better.id) : null,
      },
    });
  }
  return out;
}
