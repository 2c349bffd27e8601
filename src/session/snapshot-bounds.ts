/**
 * Keeps a snapshot under its size budget whatever it carries: alert evidence is capped per alert,
 * and if the whole is still too big, probe series and paths, alerts and then the oldest timeline seconds
 * are shortened until it fits.
 */
import type { AlertDto } from '../api/alerts-view.js';
import type { ProbeSnapshot } from '../api/probe.js';
import type { Snapshot } from '../api/snapshot.js';

/** The contract promises under 64 KB; leave room for the transport's envelope. */
export const SNAPSHOT_BUDGET_BYTES = 60_000;
const EVIDENCE_BYTES = 1_500;
const PROBE_TARGETS = 8;
const PROBE_OUTAGES = 5;
const PROBE_PATHS = 4;
/** Radiotap frames whose signal a snapshot carries (the Wi-Fi chart's points). */
export const RADIO_SNAPSHOT_POINTS = 240;

export function boundEvidence(a: AlertDto): AlertDto {
  const json = JSON.stringify(a.evidence);
  if (json.length <= EVIDENCE_BYTES) return a;
  const kept: Record<string, unknown> = {};
  let used = 2;
  for (const [k, v] of Object.entries(a.evidence)) {
    const part = JSON.stringify(v) ?? 'null';
    if (used + k.length + part.length + 4 > EVIDENCE_BYTES) continue;
    kept[k] = v;
    used += k.length + part.length + 4;
  }
  kept.truncated = true;
  return { ...a, evidence: kept };
}

export function boundProbe(p: ProbeSnapshot | null, series: number, paths = PROBE_PATHS): ProbeSnapshot | null {
  if (p === null) return null;
  return {
    ...p,
    targets: p.targets
      .slice(0, PROBE_TARGETS)
      .map((t) => ({ ...t, series: t.series.slice(-series), outages: t.outages.slice(-PROBE_OUTAGES) })),
    // the latest rounds of each path, and the Wi-Fi readings, as many as the targets' series
    paths: p.paths.slice(0, paths).map((path) => ({
      ...path,
      series: { t: path.series.t.slice(-series), rtt: path.series.rtt.map((row) => row.slice(-series)) },
    })),
    verdicts: p.verdicts.slice(0, paths),
    wifi: p.wifi ? { ...p.wifi, history: p.wifi.history.slice(-series) } : null,
  };
}

export function snapshotBytes(s: Snapshot): number {
  return Buffer.byteLength(JSON.stringify(s));
}

/** Returns `s` shortened until its JSON is within the budget. */
export function boundSnapshot(s: Snapshot, budget = SNAPSHOT_BUDGET_BYTES): Snapshot {
  let out: Snapshot = {
    ...s,
    probe: boundProbe(s.probe, 60),
    alerts: {
      ...s.alerts,
      latest: s.alerts.latest.slice(0, 20).map(boundEvidence),
      suggestions: s.alerts.suggestions.slice(0, 10),
    },
    protocols: s.protocols.slice(0, 100),
  };
  for (let round = 0; round < 8 && snapshotBytes(out) > budget; round++) {
    const series = Math.max(5, 60 >> (round + 1));
    out = {
      ...out,
      probe: boundProbe(out.probe, series, Math.max(1, PROBE_PATHS >> round)),
      radio: out.radio
        ? { ...out.radio, points: out.radio.points.slice(-Math.max(20, RADIO_SNAPSHOT_POINTS >> (round + 1))) }
        : null,
      alerts: {
        ...out.alerts,
        latest: out.alerts.latest.slice(0, Math.max(3, 20 >> (round + 1))),
        suggestions: out.alerts.suggestions.slice(0, Math.max(3, 10 >> round)),
      },
      timeline:
        round >= 2
          ? { ...out.timeline, points: out.timeline.points.slice(Math.floor(out.timeline.points.length / 2)) }
          : out.timeline,
      protocols: out.protocols.slice(0, Math.max(10, 40 >> round)),
    };
  }
  return out;
}
