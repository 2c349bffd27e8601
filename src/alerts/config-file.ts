/**
 * Alert settings for the command line: a JSON settings file (`--alerts-config FILE`) merged over
 * the defaults, then the threshold flags over that.
 */
import { readFileSync } from 'node:fs';
import { fail, type Result } from '../api/errors.js';
import { resolveAlertConfig, type AlertConfig } from './config.js';

export interface AlertFlags {
  /** --alerts-config FILE */
  configFile?: string;
  /** --port-scan-threshold N */
  portScanThreshold?: number | null;
  /** --host-flood-threshold N */
  hostFloodThreshold?: number | null;
}

export function loadAlertConfig(flags: AlertFlags): Result<AlertConfig> {
  let raw: unknown = {};
  if (flags.configFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(flags.configFile, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return fail(
        code === 'ENOENT' ? 'file-not-found' : 'file-unreadable',
        `cannot read the alert settings file ${flags.configFile}: ${code ?? String(err)}`,
        'check the path given to --alerts-config',
      );
    }
    try {
      raw = JSON.parse(text);
    } catch (err) {
      return fail(
        'usage',
        `the alert settings file ${flags.configFile} is not valid JSON: ${(err as Error).message}`,
        'it holds one JSON object, for example {"portScan": {"threshold": 100}}',
      );
    }
  }
  const r = resolveAlertConfig(raw);
  if (!r.ok) return r;
  const s = r.value.settings;
  if (flags.portScanThreshold != null) s.portScan.threshold = flags.portScanThreshold;
  if (flags.hostFloodThreshold != null) s.hostFlood.threshold = flags.hostFloodThreshold;
  return r;
}
