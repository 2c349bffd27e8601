/**
 * Alerts and suggestions: the plain data that the report (`analyze --json`, `capture --json`),
 * the session log, the delivery channels and the UI's snapshots carry. Types only.
 *
 * Every string in `summary`, `why`, `action`, `source`, `target` and `evidence` may contain text
 * that came from the network (DNS names, SNI, HTTP hosts). The engine strips control characters,
 * but it is still untrusted: show it as text, never build HTML from it.
 */

export type AlertSeverity = 'info' | 'warning' | 'critical';

export type AlertType =
  | 'traffic-spike'
  | 'host-flood'
  | 'port-scan'
  | 'syn-flood'
  | 'access-attempts'
  | 'arp-spoof'
  | 'packet-loss'
  | 'latency'
  | 'dns-anomaly'
  // raised by history (src/history/budgets.ts), not by a packet detector
  | 'data-budget';

/** A JSON value: evidence is plain data (numbers, short strings, small arrays and objects). */
export type EvidenceValue = string | number | boolean | null | EvidenceValue[] | { [key: string]: EvidenceValue };
export type Evidence = { [key: string]: EvidenceValue };

/**
 * One incident. An ongoing incident (the same scanner on the same target, the same flood) is one
 * alert that is updated, not a new alert per packet: `updates` counts the updates, `lastTime`
 * moves, `severity` only goes up, and `summary`/`evidence` describe the whole incident so far.
 */
export interface Alert {
  /** Unique within the session ("a1", "a2", ...). */
  id: string;
  type: AlertType;
  severity: AlertSeverity;
  /** Epoch seconds, packet time (capture timestamps), of the first and latest evidence. */
  firstTime: number;
  lastTime: number;
  /** Who did it: an address, a MAC address, or a description ("100 addresses"); '' when nobody in particular. */
  source: string;
  /** Who it was aimed at ("10.0.0.2", "10.0.0.2:80", "the network"); '' when nobody in particular. */
  target: string;
  /** One plain sentence a student understands. */
  summary: string;
  /** The numbers behind it and a sample of what triggered it (ports, counts, rates, frame numbers). */
  evidence: Evidence;
  /** Times the alert was updated after it was raised. */
  updates: number;
}

/** How an alert event changed the alert list. */
export type AlertChange = 'new' | 'update';

export interface AlertEvent {
  change: AlertChange;
  alert: Alert;
}

export type SuggestionKind =
  'bufferbloat' | 'bandwidth-hog' | 'cleartext' | 'retransmissions' | 'dns-slow' | 'broadcast-storm' | 'mtu' | 'path';

/** Something the user can do about what was measured. */
export interface Suggestion {
  /** Stable per kind and subject within a session ("s-bufferbloat", "s-cleartext-ftp-10.0.0.2"). */
  id: string;
  kind: SuggestionKind;
  /** A short headline ("Your connection has bufferbloat (grade D)"). */
  title: string;
  /** The measured numbers that lead to it. */
  why: string;
  /** What to do, in words a student can follow. */
  action: string;
  evidence: Evidence;
}

/** The alert engine's state at one moment (the UI's snapshots carry this). */
export interface AlertsSnapshot {
  /** Oldest first. */
  alerts: Alert[];
  suggestions: Suggestion[];
  counts: Record<AlertSeverity, number>;
  /** Alerts dropped from the list to bound its size (oldest first). */
  dropped: number;
}

// ---- settings: thresholds (every field has a default; see src/alerts/config.ts for why each value)

export interface TrafficSpikeSettings {
  enabled: boolean;
  /** Seconds of history the baseline (median and MAD of the per-second rates) is learned from. */
  baselineSec: number;
  /** Seconds of history needed before a spike can be called. */
  minBaselineSec: number;
  /** A spike is at least this many times the baseline median ... */
  factor: number;
  /** ... and this many robust standard deviations (1.4826 x MAD) above it ... */
  madK: number;
  /** ... and above these absolute floors. */
  minBytesPerSec: number;
  minPacketsPerSec: number;
}

export interface HostFloodSettings {
  enabled: boolean;
  /** Packets from one address within the host window (hostWindowSec) that count as excessive. */
  threshold: number;
  /** The flood is one-sided (warning) when the sender got back fewer than this fraction of what it sent. */
  oneSidedRatio: number;
  /** DHCP client messages (DISCOVER/REQUEST/DECLINE/RELEASE/INFORM) from one MAC within the window. */
  dhcpPerClient: number;
  /** DHCP client messages from all clients together within the window. */
  dhcpTotal: number;
}

export interface PortScanSettings {
  enabled: boolean;
  /** Distinct ports of one target probed by one source within the window (the --port-scan-threshold). */
  threshold: number;
  /** Distinct hosts probed on the same port by one source within the window, with no answer (a sweep). */
  sweepHosts: number;
  windowSec: number;
  /** Seconds a connection attempt is given to be answered before it counts as unanswered. */
  graceSec: number;
}

export interface SynFloodSettings {
  enabled: boolean;
  /** SYNs (new connection attempts) to one service, or to the whole network from many sources, within the window. */
  threshold: number;
  windowSec: number;
  /** A flood when at most this fraction of the attempts completed the handshake. */
  maxCompletedRatio: number;
  /** Distinct sources that make a network-wide SYN flood "from many (spoofed) sources". */
  minSources: number;
}

export interface AccessAttemptsSettings {
  enabled: boolean;
  /** Refused or failed connections from one source to one service within the window. */
  refusedThreshold: number;
  /** Connection attempts from one source to one remote-access service (SSH, RDP, ...) within the window. */
  remoteThreshold: number;
  windowSec: number;
  /** TCP ports counted as remote-access services. */
  remotePorts: number[];
}

export interface ArpSpoofSettings {
  enabled: boolean;
  /** Distinct IPv4 addresses claimed by one MAC that count as "many". */
  manyAddresses: number;
  /** Seconds within which a second MAC claiming an address counts as a conflict (not a move). */
  conflictWindowSec: number;
}

export interface PacketLossSettings {
  enabled: boolean;
  /** TCP retransmission rate (percent of data segments) of one sender within the host window. */
  retransmissionPct: number;
  /** Data segments needed in the window before a rate is trusted. */
  minSegments: number;
  /** Prober or ping loss (percent over the last 60 s). */
  probeLossPct: number;
  /** Probes needed in the last 60 s before a loss rate is trusted. */
  minProbes: number;
}

export interface LatencySettings {
  enabled: boolean;
  /** Median RTT of the recent probes above this (ms). */
  rttMs: number;
  /** Mean absolute difference of consecutive RTTs above this (ms). */
  jitterMs: number;
  /** A sudden rise: the recent median at least this many times the baseline median ... */
  riseFactor: number;
  /** ... and at least this many ms above it. */
  riseMinMs: number;
}

export interface DnsAnomalySettings {
  enabled: boolean;
  /** NXDOMAIN answers to one client within the window. */
  nxdomainThreshold: number;
  windowSec: number;
  /** A query name counts as tunnelling-like when a label is this long ... */
  longLabel: number;
  /** ... or the whole name is this long ... */
  longName: number;
  /** ... and its longest label has at least this much Shannon entropy (bits per character). */
  minEntropy: number;
  /** Tunnelling-like names from one client to one domain within the window. */
  suspiciousThreshold: number;
}

export interface AlertSettings {
  enabled: boolean;
  /** Seconds of quiet after which the same kind of trouble from the same source is a new incident. */
  incidentGapSec: number;
  /** Alerts kept in the list (older ones are dropped first). */
  maxAlerts: number;
  /** The per-address window (seconds) of host-flood and of per-sender retransmission rates. */
  hostWindowSec: number;
  trafficSpike: TrafficSpikeSettings;
  hostFlood: HostFloodSettings;
  portScan: PortScanSettings;
  synFlood: SynFloodSettings;
  accessAttempts: AccessAttemptsSettings;
  arpSpoof: ArpSpoofSettings;
  packetLoss: PacketLossSettings;
  latency: LatencySettings;
  dnsAnomaly: DnsAnomalySettings;
}

// ---- settings: delivery channels

export interface ChannelCommonSettings {
  enabled: boolean;
  /** Alerts below this severity are not sent. */
  minSeverity: AlertSeverity;
  /** At most this many messages per minute (the rest wait in the queue, or are dropped when it is full). */
  perMinute: number;
  /** Messages waiting to be sent; when full, the oldest is dropped (and counted). */
  maxQueue: number;
  /** Attempts per message (1 = no retry); waits grow as retryBaseMs x 2^n. */
  maxAttempts: number;
  retryBaseMs: number;
  /** Give up on one attempt after this long. */
  timeoutMs: number;
  /** Send updates of an alert too (a severity rise is always sent). */
  sendUpdates: boolean;
}

export interface WebhookSettings extends ChannelCommonSettings {
  /** http:// or https:// URL that receives a POST of the alert JSON. */
  url: string;
  /** Extra request headers (an API token, for example). */
  headers: Record<string, string>;
  /**
   * Also deliver to link-local and cloud metadata addresses (169.254.0.0/16, fe80::/10,
   * 169.254.169.254...), refused otherwise (src/alerts/delivery/webhook-target.ts).
   */
  allowPrivateTargets: boolean;
}

export interface EmailSettings extends ChannelCommonSettings {
  host: string;
  port: number;
  /** 'starttls' (port 587, upgrade required), 'tls' (implicit TLS, port 465) or 'none' (plain, local relays only). */
  security: 'starttls' | 'tls' | 'none';
  /** Empty for no authentication. AUTH PLAIN or LOGIN, whichever the server offers, only over TLS. */
  user: string;
  password: string;
  from: string;
  to: string[];
  /** Accept a server certificate that does not verify (self-signed relays; tests). */
  allowInvalidCertificate: boolean;
}

export interface DeliverySettings {
  webhook: WebhookSettings | null;
  email: EmailSettings | null;
}

/** Delivery status per channel, for the UI and the end of a capture. */
export interface ChannelStatus {
  channel: 'webhook' | 'email';
  sent: number;
  failed: number;
  retried: number;
  /** Dropped because the queue was full, or below the rate limit's patience. */
  dropped: number;
  queued: number;
  lastError: string | null;
}

/** What a settings file (`--alerts-config FILE`) holds: any subset of the thresholds, and the channels. */
export type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends (infer U)[] ? U[] : T[K] extends object ? DeepPartial<T[K]> : T[K];
};

export interface AlertConfigFile extends DeepPartial<AlertSettings> {
  delivery?: {
    webhook?: DeepPartial<WebhookSettings> & { url: string };
    email?: DeepPartial<EmailSettings> & { host: string; from: string; to: string[] };
  };
}
