/**
 * The app's settings, as `settings:get` returns them (the desktop app keeps them with
 * electron-store, with a JSON schema and defaults; `netlens serve` keeps them for its run).
 */
import type { ProbeTarget } from './probe.js';
import type { ViewFilter } from './views.js';
import type { AlertSeverity } from './alerts-view.js';

export type Theme = 'system' | 'light' | 'dark';

/** Detector thresholds (see issue 5). */
export interface Thresholds {
  /** Distinct ports from one source to one target within the window that count as a scan. */
  portScanPorts: number;
  /** Packets per second from one address that count as a flood. */
  hostFloodPacketsPerSec: number;
  /** Probe loss, in percent, that raises a packet-loss alert. */
  lossPct: number;
  /** Probe round trip (ms) and jitter (ms) that raise a latency alert. */
  latencyMs: number;
  jitterMs: number;
  /** TCP retransmission rate, in percent, that raises a packet-loss alert. */
  retransmissionPct: number;
}

export interface DeliverySettings {
  webhook: {
    enabled: boolean;
    url: string;
    minSeverity: AlertSeverity;
    /** Also allow link-local and cloud metadata addresses (refused otherwise). Default false. */
    allowPrivateTargets?: boolean;
  };
  email: {
    enabled: boolean;
    host: string;
    port: number;
    /** TLS from the start (465) rather than STARTTLS. */
    secure: boolean;
    user: string;
    /**
     * Write-only. Answers always carry '' here, and `passwordSaved` says whether a password is kept
     * (the desktop app keeps it encrypted by the OS keyring). In settings:set, a non-empty value
     * replaces it; '' keeps it, unless `passwordSaved` is false, which forgets it.
     */
    password: string;
    passwordSaved?: boolean;
    from: string;
    to: string;
    minSeverity: AlertSeverity;
  };
}

export interface Settings {
  /** The interface picked last ('' until one is). */
  lastInterface: string;
  /** The BPF capture filter used last. */
  captureFilter: string;
  /** The view filter used last. */
  viewFilter: ViewFilter;
  thresholds: Thresholds;
  probe: {
    enabled: boolean;
    /** Targets added by the user (the gateway, DNS servers and a public one are found automatically). */
    targets: ProbeTarget[];
  };
  logging: {
    /** Log every live session to `folder`. */
    enabled: boolean;
    /** '' until chosen (the desktop app proposes Documents/NetLens). */
    folder: string;
    /** Start a new pcap every N MB (0: never). */
    rotateMb: number;
  };
  notifications: {
    /** Desktop notifications for new alerts of at least `minSeverity`. */
    desktop: boolean;
    minSeverity: 'warning' | 'critical';
  };
  delivery: DeliverySettings;
  theme: Theme;
}

/** What `settings:set` takes: any top-level group, each given whole. */
export type SettingsPatch = Partial<Settings>;
