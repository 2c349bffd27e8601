/**
 * Alerts and suggestions as the views receive them (the alert engine of src/alerts/ produces
 * them; see issue 5 for the types and their meaning). Every string in them may come from the
 * network: show it as text, never as HTML.
 */
import type { ChannelStatus } from './alerts.js';

export type AlertSeverity = 'info' | 'warning' | 'critical';

/** One delivery channel of Settings → Delivery: sent, failed, retried, dropped, waiting, the last error (network text). */
export type DeliveryStatusDto = ChannelStatus;

export interface AlertDto {
  id: string;
  /** 'traffic-spike', 'host-flood', 'port-scan', 'syn-flood', 'access-attempts', 'arp-spoof', 'packet-loss', 'latency', 'dns-anomaly', ... */
  type: string;
  severity: AlertSeverity;
  /** Epoch seconds (capture time) of the first and latest evidence. */
  firstTime: number;
  lastTime: number;
  source: string | null;
  target: string | null;
  /** One plain sentence. */
  summary: string;
  /** The numbers and a sample of what triggered it (bounded in the snapshot). */
  evidence: Record<string, unknown>;
  acknowledged: boolean;
}

export interface SuggestionDto {
  id: string;
  /** 'bufferbloat', 'bandwidth-hog', 'cleartext', 'retransmissions', 'dns-slow', 'broadcast-storm', 'mtu', ... */
  kind: string;
  title: string;
  /** Why, citing the measured numbers. */
  why: string;
  /** What to do, in words a student can follow. */
  action: string;
  evidence: Record<string, unknown>;
}

export interface AlertsSummary {
  counts: Record<AlertSeverity, number>;
  unacknowledged: number;
  /** The most recent alerts (raised or updated), newest first, at most 20. */
  latest: AlertDto[];
  /** At most 10. */
  suggestions: SuggestionDto[];
  /** The delivery channels (webhook, email) of a live session; empty when none is set. */
  delivery?: DeliveryStatusDto[];
}
