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
  /** The alert in words a student follows, written per alert type (absent from older engines). */
  explanation?: AlertExplanation;
}

/** One number of an alert's evidence, with a human label and its unit ("Peak rate", "82.7 Mbit/s"). */
export interface AlertFact {
  label: string;
  value: string;
}

/** Which packets an alert is about: a view filter's parts ("Show these packets"). */
export interface AlertPackets {
  /** Epoch seconds: the alert's first and latest evidence. */
  from: number;
  to: number;
  /** One or two addresses that are an end of each packet (either direction). */
  hosts: string[];
  /** A port either end uses, or null. */
  port: number | null;
  /** A protocol name (as the view filter takes them), or ''. */
  protocol: string;
}

export interface AlertExplanation {
  /** A short title ("Someone is impersonating 192.168.1.1"). */
  title: string;
  /** What happened: the facts in one or two sentences. */
  happened: string;
  /** What it means for you: why it matters (or why it may not). */
  meaning: string;
  /** What to do: concrete steps. */
  action: string;
  /** The evidence with human labels, in one unit system (SI: kB, Mbit/s). */
  facts: AlertFact[];
  /** The packets it is about, or null when they are not in the capture (probes). */
  packets: AlertPackets | null;
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
  /** The alert this suggestion answers (a critical alert always comes with one), if any. */
  alertId?: string;
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
