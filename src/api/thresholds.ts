/**
 * The alert thresholds a person sets (Settings → Alert thresholds, and the command's flags), one
 * definition each: its label, help text, unit, default and range. The settings' defaults and
 * schema, the detectors' defaults, the flags and every help text are made from this table; the
 * reasons for each default stand beside the detectors' settings (src/alerts/config.ts).
 */
import type { Thresholds } from './settings.js';

export interface ThresholdDef {
  /** Short label (the Settings form). */
  label: string;
  /** One sentence: what counts (help texts, tooltips). */
  help: string;
  unit: string;
  default: number;
  min: number;
  max: number;
  integer: boolean;
  /** The command-line flag that sets it, if any (`--port-scan-threshold`). */
  flag?: string;
}

/** Seconds of the per-address window the flood threshold is averaged over (the detectors' hostWindowSec). */
export const HOST_WINDOW_SEC = 10;

export const THRESHOLDS = {
  portScanPorts: {
    label: 'Port scan: distinct ports',
    help: 'distinct ports of one host probed by one source within a minute, most unanswered, that count as a scan',
    unit: 'ports',
    default: 50,
    min: 2,
    max: 65_535,
    integer: true,
    flag: 'port-scan-threshold',
  },
  hostFloodPacketsPerSec: {
    label: 'Flood: packets/s from one host',
    help: `packets per second from one address, averaged over ${HOST_WINDOW_SEC} s, that count as a flood`,
    unit: 'packets/s',
    default: 2000,
    min: 1,
    max: 10_000_000,
    integer: true,
    flag: 'host-flood-threshold',
  },
  lossPct: {
    label: 'Loss (%)',
    help: 'share of latency probes lost over a minute that raises a packet-loss alert',
    unit: '%',
    default: 5,
    min: 0,
    max: 100,
    integer: false,
  },
  latencyMs: {
    label: 'Latency (ms)',
    help: 'probe round trip that raises a latency alert',
    unit: 'ms',
    default: 300,
    min: 1,
    max: 60_000,
    integer: false,
  },
  jitterMs: {
    label: 'Jitter (ms)',
    help: 'probe jitter that raises a latency alert',
    unit: 'ms',
    default: 30,
    min: 0,
    max: 60_000,
    integer: false,
  },
  retransmissionPct: {
    label: 'TCP retransmissions (%)',
    help: `share of one sender's TCP segments resent within ${HOST_WINDOW_SEC} s that raises a packet-loss alert`,
    unit: '%',
    default: 5,
    min: 0,
    max: 100,
    integer: false,
  },
} as const satisfies { [K in keyof Thresholds]: ThresholdDef };

export type ThresholdName = keyof typeof THRESHOLDS;

export function defaultThresholds(): Thresholds {
  const t = {} as Record<ThresholdName, number>;
  for (const k of Object.keys(THRESHOLDS) as ThresholdName[]) t[k] = THRESHOLDS[k].default;
  return t;
}
