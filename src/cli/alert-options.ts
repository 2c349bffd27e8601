/**
 * The detectors' flags, shared by `analyze` and `capture`: --alerts-config, the threshold flags
 * (made from the one threshold table, src/api/thresholds.ts, help text and default included) and
 * --no-alerts, turned into the detectors' settings and the delivery channels.
 */
import type { AlertSettings, DeliverySettings } from '../api/alerts.js';
import { ok, type Result } from '../api/errors.js';
import { THRESHOLDS } from '../api/thresholds.js';
import { floodPerWindow } from '../alerts/config.js';
import { loadAlertConfig } from '../alerts/config-file.js';
import { intOption, type Parsed } from './parse-args.js';

const FLAGGED = Object.values(THRESHOLDS).filter((d) => 'flag' in d) as {
  flag: string;
  help: string;
  default: number;
  min: number;
}[];

/** parseArgs options for the alert flags. */
export const ALERT_OPTIONS = {
  'alerts-config': { type: 'string' },
  'port-scan-threshold': { type: 'string' },
  'host-flood-threshold': { type: 'string' },
  'no-alerts': { type: 'boolean' },
} as const;

/** The help lines for the alert flags, indented and aligned as the commands' help texts are. */
export function alertOptionsHelp(indent = '  ', width = 27): string {
  const line = (name: string, text: string): string => `${indent}${name.padEnd(width)}${text}\n`;
  let out = line('--alerts-config FILE', 'alert thresholds and delivery channels (webhook, email) as JSON');
  for (const d of FLAGGED) out += line(`--${d.flag} N`, `${d.help} (default ${d.default.toLocaleString('en-US')})`);
  return out + line('--no-alerts', 'run without the detectors');
}

export interface AlertChoice {
  /** The detectors' settings, or false (--no-alerts). */
  alerts: AlertSettings | false;
  delivery: DeliverySettings;
  /** --port-scan-threshold as given (for the log's start event), or null. */
  portScanThreshold: number | null;
}

/** Reads the alert flags (`portScanPositional`: the older tools' `capture IFACE THRESHOLD`). */
export function alertChoice(command: string, v: Parsed['values'], portScanPositional?: string): Result<AlertChoice> {
  const given: Record<string, number | null> = {};
  for (const d of FLAGGED) {
    const raw = d.flag === 'port-scan-threshold' ? (v[d.flag] ?? portScanPositional) : v[d.flag];
    if (raw === undefined) {
      given[d.flag] = null;
      continue;
    }
    const r = intOption(command, d.flag, raw, d.default, d.min);
    if (!r.ok) return r;
    given[d.flag] = r.value;
  }
  const portScanThreshold = given['port-scan-threshold'];
  if (v['no-alerts'] === true)
    return ok({ alerts: false, delivery: { webhook: null, email: null }, portScanThreshold });
  const flood = given['host-flood-threshold'];
  const loaded = loadAlertConfig({
    configFile: typeof v['alerts-config'] === 'string' ? v['alerts-config'] : undefined,
    portScanThreshold,
    hostFloodThreshold: flood === null ? null : floodPerWindow(flood),
  });
  if (!loaded.ok) return loaded;
  return ok({ alerts: loaded.value.settings, delivery: loaded.value.delivery, portScanThreshold });
}
