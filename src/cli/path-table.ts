/**
 * Text for `netlens probe --path`: mtr's report layout per path (HOST, Loss%, Snt, Last, Avg, Best,
 * Wrst, StDev, and its jitter column Jttr), what the hops mean in words, the call quality and the
 * verdict; and the --json report. Names from the network pass through safeText (no control characters).
 */
import type { PathJsonReport, PathSnapshot } from '../api/path.js';
import type { ProbeSnapshot } from '../api/probe.js';
import type { WifiSnapshot } from '../api/wifi.js';
import { safeText } from './report-text.js';

const METHOD_WORDS: Record<string, string> = {
  icmp: 'ICMP echo probes',
  udp: 'UDP probes',
  tracert: 'tracert probes',
};

function num(v: number | null): string {
  return v === null ? '-' : v.toFixed(1);
}

function hopName(h: PathSnapshot['hops'][number]): string {
  if (h.address === null) return '???';
  const who = [h.asn !== null ? `AS${h.asn}` : null, h.country].filter(Boolean).join(' ');
  const name = h.name ? `${safeText(h.name)} (${h.address})` : h.address;
  return who ? `${name} [${safeText(who)}]` : name;
}

/** mtr's report table: one line per hop. */
export function pathTable(p: PathSnapshot): string[] {
  const names = p.hops.map(hopName);
  const width = Math.max(24, ...names.map((n) => n.length));
  const head = `${'HOST'.padEnd(width + 7)}${['Loss%', 'Snt', 'Last', 'Avg', 'Best', 'Wrst', 'StDev', 'Jttr'].map((c) => c.padStart(7)).join('')}`;
  const rows = p.hops.map((h, i) => {
    const cells = [
      h.lossPct === null ? '-' : `${h.lossPct.toFixed(1)}%`,
      String(h.sent),
      num(h.rttMs.last),
      num(h.rttMs.avg),
      num(h.rttMs.best),
      num(h.rttMs.worst),
      num(h.rttMs.stdDev),
      num(h.jitterMs.last),
    ];
    const mark = h.lossKind === 'rate-limit' ? '  (rate limited, not loss)' : h.destination ? '  (destination)' : '';
    return `${String(h.ttl).padStart(3)}.|-- ${names[i].padEnd(width)}${cells.map((c) => c.padStart(7)).join('')}${mark}`;
  });
  return [head, ...rows];
}

function heading(p: PathSnapshot): string {
  const addr = p.address && p.address !== p.host ? ` (${p.address})` : '';
  const how = p.method ? `, ${METHOD_WORDS[p.method] ?? p.method}` : '';
  return `Path to ${p.host}${addr}: ${p.rounds} rounds${how}, one probe per hop every ${p.intervalMs / 1000} s`;
}

/** The live view: every path's table (redrawn in place on a terminal). */
export function livePaths(s: ProbeSnapshot): string[] {
  const out: string[] = [];
  for (const p of s.paths) {
    out.push(heading(p), ...(p.hops.length ? pathTable(p) : [`  ${p.state}${p.message ? `: ${p.message}` : ''}`]));
  }
  out.push('(RTT in ms; Jttr = |last - previous| RTT; Ctrl-C stops)');
  return out;
}

function wifiLines(w: WifiSnapshot | null): string[] {
  const l = w?.link;
  if (!l || !l.connected) return [];
  const parts = [
    l.ssid ? `"${safeText(l.ssid)}"` : null,
    l.band
      ? `${l.band}${l.channel !== null ? ` channel ${l.channel}` : ''}${l.widthMhz ? ` (${l.widthMhz} MHz)` : ''}`
      : null,
    l.signalDbm !== null ? `signal ${l.signalDbm} dBm` : null,
    l.noiseDbm !== null ? `noise ${l.noiseDbm} dBm` : null,
    l.txRateMbps !== null ? `${l.txRateMbps} Mbit/s` : null,
  ].filter(Boolean);
  return [``, `Wi-Fi (${l.interface ?? '?'}): ${parts.join(', ')}`];
}

/** The final report: per path its table, notes, call quality and verdict (`s.verdicts`). */
export function pathSummary(s: ProbeSnapshot): string {
  const verdicts = s.verdicts;
  const out: string[] = [];
  s.paths.forEach((p, i) => {
    out.push('', heading(p));
    if (p.hops.length === 0)
      out.push(`  ${p.state}${p.message ? `: ${p.message}` : ''}${p.hint ? ` (hint: ${p.hint})` : ''}`);
    else out.push(...pathTable(p).map((l) => `  ${l}`));
    for (const n of p.notes) out.push(`  Note: ${n}`);
    const q = s.targets.find((t) => t.host === p.host)?.callQuality ?? null;
    if (q) {
      out.push(
        `  Call quality: MOS ${q.mos.toFixed(2)}, ${q.calls} (latency ${q.latencyMs.toFixed(1)} ms, jitter ${q.jitterMs.toFixed(1)} ms, loss ${q.lossPct.toFixed(1)}%, R ${q.rFactor.toFixed(1)}); ${q.games}`,
      );
    }
    const v = verdicts[i];
    if (v) out.push(`  Verdict: ${safeText(v.title)}`, `    ${safeText(v.why)}`, `    What to do: ${v.action}`);
  });
  out.push(...wifiLines(s.wifi));
  return out.join('\n') + '\n';
}

export function pathJson(s: ProbeSnapshot): PathJsonReport {
  return {
    paths: s.paths.map((p, i) => ({
      ...p,
      callQuality: s.targets.find((t) => t.host === p.host)?.callQuality ?? null,
      verdict: s.verdicts[i],
    })),
    wifi: s.wifi,
  };
}
