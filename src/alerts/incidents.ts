/**
 * The alert list: one alert per ongoing incident. A detector raises an incident under a key (type,
 * source, target) and its start time; raised again with the same start, or with a gap shorter
 * than the incident gap, the same alert is updated (lastTime, summary, evidence; severity only
 * rises). After a longer quiet, the same key starts a new alert. The list is bounded: past maxAlerts the oldest is dropped.
 */
import type { Alert, AlertEvent, AlertSeverity, AlertType, Evidence } from '../api/alerts.js';
import { SEVERITY_RANK } from './config.js';
import { cleanText, round6 } from './summary-format.js';

export interface IncidentContent {
  severity: AlertSeverity;
  source: string;
  target: string;
  summary: string;
  evidence: Evidence;
}

export class IncidentStore {
  private readonly byKey = new Map<string, Alert>();
  private list: Alert[] = [];
  private nextId = 1;
  dropped = 0;

  constructor(
    private readonly gapSec: number,
    private readonly maxAlerts: number,
    private readonly emit: (e: AlertEvent) => void,
  ) {}

  /** The alert of an incident still going on at `now` (raised under `key` within the gap), if any. */
  ongoing(key: string, now: number): Alert | undefined {
    const a = this.byKey.get(key);
    return a !== undefined && now - a.lastTime <= this.gapSec ? a : undefined;
  }

  /**
   * Raises or updates the incident under `key`. `firstTime` is when its evidence began (kept from
   * the first raise of an ongoing incident), `lastTime` the latest evidence.
   */
  raise(type: AlertType, key: string, firstTime: number, lastTime: number, c: IncidentContent): Alert {
    // the same incident: raised with the same start (a detector's ongoing incident, whose updates
    // are paced), or within the gap of the last raise
    const prior = this.byKey.get(key);
    const existing =
      prior !== undefined && prior.firstTime === round6(firstTime)
        ? prior
        : this.ongoing(key, Math.max(firstTime, lastTime));
    const summary = cleanText(c.summary, 400);
    const source = cleanText(c.source, 120);
    const target = cleanText(c.target, 120);
    if (existing !== undefined) {
      existing.lastTime = round6(Math.max(existing.lastTime, lastTime));
      if (SEVERITY_RANK[c.severity] > SEVERITY_RANK[existing.severity]) existing.severity = c.severity;
      existing.summary = summary;
      existing.source = source;
      existing.target = target;
      existing.evidence = c.evidence;
      existing.updates++;
      this.emit({ change: 'update', alert: { ...existing } });
      return existing;
    }
    const alert: Alert = {
      id: `a${this.nextId++}`,
      type,
      severity: c.severity,
      firstTime: round6(firstTime),
      lastTime: round6(Math.max(firstTime, lastTime)),
      source,
      target,
      summary,
      evidence: c.evidence,
      updates: 0,
    };
    this.byKey.set(key, alert);
    this.list.push(alert);
    if (this.list.length > this.maxAlerts) {
      const gone = this.list.shift()!;
      this.dropped++;
      for (const [k, v] of this.byKey) {
        if (v === gone) {
          this.byKey.delete(k);
          break;
        }
      }
    }
    this.emit({ change: 'new', alert: { ...alert } });
    return alert;
  }

  /** Copies of the alerts, oldest first. */
  all(): Alert[] {
    return this.list.map((a) => ({ ...a }));
  }

  get size(): number {
    return this.list.length;
  }
}
