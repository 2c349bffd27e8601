/**
 * The engine's view of the alert engine (src/alerts/, on the pipeline): what snapshots show
 * (counts, latest, suggestions), acknowledgement, and the `alert` events. Raises and updates are
 * coalesced per alert and handed on at most once per snapshot tick, so a replay at full speed
 * cannot flood the window; the list is bounded like the alert engine's own.
 */
import type { Alert, AlertSettings } from '../api/alerts.js';
import type { AlertDto, AlertsSummary, SuggestionDto } from '../api/alerts-view.js';
import type { Thresholds } from '../api/settings.js';
import type { AlertEngine } from '../alerts/alert-engine.js';
import { defaultAlertSettings, floodPerWindow } from '../alerts/config.js';
import { alertSuggestion, explainAlert } from '../alerts/explain.js';

const LATEST = 20;
const SUGGESTIONS = 10;
const MAX_KEPT = 1000;
const SUGGESTIONS_EVERY_MS = 1000;

export interface EngineAlerts {
  summary(): AlertsSummary;
  /** Marks alerts acknowledged; returns how many changed. */
  ack(ids: readonly string[], all: boolean): number;
  /** Every alert kept (for exports), oldest first. */
  all(): AlertDto[];
  /** The `limit` newest alerts kept (by latest evidence), newest first (`alerts:list`). */
  latest(limit: number): AlertDto[];
  suggestions(): SuggestionDto[];
  /** Hands on the alerts raised or updated since the last call (one per alert, latest state). */
  flush(): AlertDto[];
}

export function emptyAlertsSummary(): AlertsSummary {
  return { counts: { info: 0, warning: 0, critical: 0 }, unacknowledged: 0, latest: [], suggestions: [] };
}

/** The detectors' settings with the app's thresholds applied. */
export function alertSettingsFor(t: Thresholds): AlertSettings {
  const s = defaultAlertSettings();
  s.portScan.threshold = t.portScanPorts;
  s.hostFlood.threshold = floodPerWindow(t.hostFloodPacketsPerSec);
  s.packetLoss.probeLossPct = t.lossPct;
  s.packetLoss.retransmissionPct = t.retransmissionPct;
  s.latency.rttMs = t.latencyMs;
  s.latency.jitterMs = t.jitterMs;
  return s;
}

/** No detectors: an empty list. */
export class NoAlerts implements EngineAlerts {
  summary(): AlertsSummary {
    return emptyAlertsSummary();
  }
  ack(): number {
    return 0;
  }
  all(): AlertDto[] {
    return [];
  }
  latest(): AlertDto[] {
    return [];
  }
  suggestions(): SuggestionDto[] {
    return [];
  }
  flush(): AlertDto[] {
    return [];
  }
}

export class AlertFeed implements EngineAlerts {
  /** Insertion order = order of the latest change (oldest first). */
  private readonly byId = new Map<string, AlertDto>();
  private readonly acked = new Set<string>();
  private pending = new Map<string, AlertDto>();
  private suggestionCache: SuggestionDto[] = [];
  private suggestionsAt = 0;

  constructor(
    private readonly engine: AlertEngine,
    private readonly now: () => number = Date.now,
  ) {
    engine.on('alert', (e) => this.onAlert(e.alert));
  }

  private onAlert(a: Alert): void {
    const dto = toDto(a, this.acked.has(a.id));
    this.byId.delete(a.id);
    this.byId.set(a.id, dto);
    if (this.byId.size > MAX_KEPT) {
      const oldest = this.byId.keys().next().value as string;
      this.byId.delete(oldest);
      this.acked.delete(oldest);
    }
    this.pending.delete(a.id);
    this.pending.set(a.id, dto);
  }

  flush(): AlertDto[] {
    if (this.pending.size === 0) return [];
    const out = [...this.pending.values()];
    this.pending = new Map();
    return out;
  }

  summary(): AlertsSummary {
    const counts = { info: 0, warning: 0, critical: 0 };
    let unacknowledged = 0;
    for (const a of this.byId.values()) {
      counts[a.severity]++;
      if (!a.acknowledged) unacknowledged++;
    }
    const latest: AlertDto[] = [];
    const all = [...this.byId.values()];
    for (let i = all.length - 1; i >= 0 && latest.length < LATEST; i--) latest.push(all[i]);
    return { counts, unacknowledged, latest, suggestions: this.suggestions().slice(0, SUGGESTIONS) };
  }

  suggestions(): SuggestionDto[] {
    const t = this.now();
    if (t - this.suggestionsAt >= SUGGESTIONS_EVERY_MS) {
      this.suggestionsAt = t;
      // a critical alert always comes with a suggestion (the newest first), then the advisor's
      const fromAlerts: SuggestionDto[] = [];
      for (const a of this.byId.values())
        if (a.severity === 'critical' && a.explanation)
          fromAlerts.unshift(alertSuggestion(a.id, a.type, a.explanation));
      this.suggestionCache = [
        ...fromAlerts,
        ...this.engine
          .suggestions()
          .map((s) => ({ id: s.id, kind: s.kind, title: s.title, why: s.why, action: s.action, evidence: s.evidence })),
      ];
    }
    return this.suggestionCache;
  }

  /** The final suggestions, computed now (the source ended). */
  refresh(): void {
    this.suggestionsAt = 0;
    this.suggestions();
  }

  ack(ids: readonly string[], all: boolean): number {
    let n = 0;
    const targets = all ? [...this.byId.keys()] : ids;
    for (const id of targets) {
      const a = this.byId.get(id);
      if (!a || a.acknowledged) continue;
      this.acked.add(id);
      this.byId.set(id, { ...a, acknowledged: true });
      n++;
    }
    return n;
  }

  all(): AlertDto[] {
    return [...this.byId.values()].sort((x, y) => x.firstTime - y.firstTime);
  }

  latest(limit: number): AlertDto[] {
    // latest change first, then (a stable sort) by latest evidence: ties keep the latest change first
    const out = [...this.byId.values()].reverse();
    out.sort((x, y) => y.lastTime - x.lastTime);
    return out.slice(0, Math.max(0, limit));
  }
}

export function toDto(a: Alert, acknowledged: boolean): AlertDto {
  return {
    id: a.id,
    type: a.type,
    severity: a.severity,
    firstTime: a.firstTime,
    lastTime: a.lastTime,
    source: a.source === '' ? null : a.source,
    target: a.target === '' ? null : a.target,
    summary: a.summary,
    evidence: a.evidence,
    acknowledged,
    explanation: explainAlert(a),
  };
}
