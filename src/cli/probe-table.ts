/** Text rendering for `netlens probe`: the live table, per-sample lines for pipes, the final summary. */
import type { ProbeJsonReport, ProbeSample, ProbeSnapshot, ProbeTargetStats } from '../api/probe.js';
import { formatCount } from './output.js';

function ms(v: number | null): string {
  if (v === null) return '-';
  return v < 10 ? v.toFixed(2) : v.toFixed(1);
}

function pct(v: number | null): string {
  return v === null ? '-' : `${v.toFixed(v > 0 && v < 10 ? 1 : 0)}%`;
}

function clock(t: number): string {
  return new Date(t).toISOString().slice(11, 23);
}

function label(t: ProbeTargetStats): string {
  const addr = t.address && t.address !== t.host ? ` (${t.address})` : '';
  return `${t.host}${addr} [${t.kind}]`;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function stateText(t: ProbeTargetStats): string {
  return t.message ? `${t.state}: ${t.message}` : t.state;
}

/** The live table: one row per target; redrawn in place on a terminal. */
export function liveTable(s: ProbeSnapshot): string[] {
  const rows = s.targets.map((t) => [
    label(t),
    formatCount(t.sent),
    pct(t.lossPct),
    pct(t.lossPct60s),
    ms(t.rttMs.last),
    ms(t.rttMs.mean),
    ms(t.rttMs.p95),
    ms(t.jitterMs.meanAbsDiff),
    stateText(t),
  ]);
  const lines = table(['TARGET', 'SENT', 'LOSS', 'LOSS 60s', 'LAST', 'MEAN', 'P95', 'JITTER', 'STATE'], rows);
  lines.push(
    `(RTT and jitter in ms; jitter = mean |difference| of consecutive RTTs; every ${s.intervalMs} ms, timeout ${s.timeoutMs} ms; Ctrl-C stops)`,
  );
  return lines;
}

/** One line per settled sample, for output that is not a terminal. */
export function sampleLine(host: string, s: ProbeSample): string {
  return `${clock(s.t)}  ${host}  #${s.seq}  ${s.rttMs === null ? 'lost' : `${ms(s.rttMs)} ms`}`;
}

export function summary(s: ProbeSnapshot): string {
  const out: string[] = ['', 'Round-trip times (ms):'];
  out.push(
    ...table(
      ['TARGET', 'SENT', 'RECEIVED', 'LOSS', 'LAST', 'MIN', 'MEAN', 'MEDIAN', 'P95', 'MAX'],
      s.targets.map((t) => [
        label(t),
        formatCount(t.sent),
        formatCount(t.received),
        pct(t.lossPct),
        ms(t.rttMs.last),
        ms(t.rttMs.min),
        ms(t.rttMs.mean),
        ms(t.rttMs.median),
        ms(t.rttMs.p95),
        ms(t.rttMs.max),
      ]),
    ).map((l) => `  ${l}`),
  );
  out.push('', 'Jitter (ms), three ways: mean |difference| of consecutive RTTs (as PingPlotter shows),');
  out.push('RFC 3550 smoothed estimate (gain 1/16), standard deviation of the RTTs:');
  out.push(
    ...table(
      ['TARGET', 'MEAN |DIFF|', 'RFC 3550', 'STD DEV'],
      s.targets.map((t) => [label(t), ms(t.jitterMs.meanAbsDiff), ms(t.jitterMs.rfc3550), ms(t.jitterMs.stdDev)]),
    ).map((l) => `  ${l}`),
  );
  out.push('', 'State and outages (runs of consecutive losses):');
  for (const t of s.targets) {
    const outages = t.outages.map((o) => `${clock(o.start)} ${o.lost} lost${o.ongoing ? ' (ongoing)' : ''}`);
    const more = t.outageCount > t.outages.length ? ` (+${t.outageCount - t.outages.length} earlier)` : '';
    out.push(`  ${label(t)}: ${stateText(t)}${t.hint ? ` (hint: ${t.hint})` : ''}`);
    if (outages.length > 0) out.push(`    outages${more}: ${outages.join(', ')}`);
  }
  return out.join('\n') + '\n';
}

export function jsonReport(s: ProbeSnapshot): ProbeJsonReport {
  return {
    targets: s.targets.map((t) => ({
      host: t.host,
      kind: t.kind,
      address: t.address,
      state: t.state,
      message: t.message,
      sent: t.sent,
      received: t.received,
      lossPct: t.lossPct,
      rttMs: t.rttMs,
      jitterMs: t.jitterMs,
      outages: t.outages.map((o) => ({ start: o.start, lost: o.lost })),
      callQuality: t.callQuality,
    })),
  };
}
