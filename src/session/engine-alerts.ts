/**
 * The engine's view of alerts: what snapshots show (counts, latest, suggestions), acknowledgement,
 * and a callback per raised or updated alert. The detectors live in src/alerts/ (issue 5); until
 * the alert engine is wired here, a session has no alerts.
 */
import type { AlertDto, AlertsSummary } from '../api/alerts-view.js';
import type { PacketPipeline } from './pipeline.js';

export interface EngineAlerts {
  summary(): AlertsSummary;
  /** Marks alerts acknowledged; returns how many changed. */
  ack(ids: readonly string[], all: boolean): number;
  /** Every alert of the session (for exports). */
  all(): AlertDto[];
}

export type AlertListener = (a: AlertDto) => void;

export function emptyAlertsSummary(): AlertsSummary {
  return { counts: { info: 0, warning: 0, critical: 0 }, unacknowledged: 0, latest: [], suggestions: [] };
}

/** No detectors attached: an empty list. */
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
}

/** The alerts of a session: attached to its pipeline, calling `onAlert` for each new or updated alert. */
export function attachAlerts(_pipeline: PacketPipeline, _onAlert: AlertListener): EngineAlerts {
  return new NoAlerts();
}
