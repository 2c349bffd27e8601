/** `netlens analyze FILE [--json] [--top N]`: read a capture file and report what is in it. */
import type { AlertSettings } from '../api/alerts.js';
import { EXIT, exitCodeFor } from '../api/errors.js';
import { alertLine, alertSections, suggestionLine } from '../alerts/alert-text.js';
import { loadAlertConfig } from '../alerts/config-file.js';
import { analyzeFile } from '../session/analyze-file.js';
import { printError } from './output.js';
import { intOption, parseCommandArgs } from './parse-args.js';
import { formatReport } from './report-text.js';

const HELP = `Usage: netlens analyze FILE [--json] [--top N] [alert options]

Reads a pcap or pcapng file and reports totals, protocols, top talkers and listeners,
conversations, retransmissions and round-trip times, with alerts (scans, floods, spoofing,
loss...) and suggestions. Each alert is also printed to stderr as a line.

Options:
  --json                     print one JSON object (the full report) instead of the summary
  --top N                    how many top talkers, listeners and conversations to show (default 10)
  --alerts-config FILE       alert thresholds (JSON, any subset of the settings; see the README)
  --port-scan-threshold N    distinct ports of one host that count as a scan (default 50)
  --host-flood-threshold N   packets from one address in 10 s that count as a flood (default 20000)
  --no-alerts                run without the detectors
  -h, --help                 show this help
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('analyze', args, {
    json: { type: 'boolean' },
    top: { type: 'string' },
    'alerts-config': { type: 'string' },
    'port-scan-threshold': { type: 'string' },
    'host-flood-threshold': { type: 'string' },
    'no-alerts': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!parsed.ok) {
    printError(parsed.error);
    return EXIT.badInput;
  }
  const { values, positionals } = parsed.value;
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    printError({
      code: 'usage',
      message:
        positionals.length === 0
          ? 'analyze: which file? none given'
          : `analyze: one file at a time (got ${positionals.length})`,
      hint: 'netlens analyze capture.pcap',
    });
    return EXIT.badInput;
  }
  const top = intOption('analyze', 'top', values.top, 10, 1);
  if (!top.ok) {
    printError(top.error);
    return EXIT.badInput;
  }
  let alerts: AlertSettings | false = false;
  if (values['no-alerts'] !== true) {
    const thresholds: (number | null)[] = [];
    for (const name of ['port-scan-threshold', 'host-flood-threshold'] as const) {
      if (values[name] === undefined) {
        thresholds.push(null);
        continue;
      }
      const r = intOption('analyze', name, values[name], 1, 1);
      if (!r.ok) {
        printError(r.error);
        return EXIT.badInput;
      }
      thresholds.push(r.value);
    }
    const cfg = loadAlertConfig({
      configFile: typeof values['alerts-config'] === 'string' ? values['alerts-config'] : undefined,
      portScanThreshold: thresholds[0],
      hostFloodThreshold: thresholds[1],
    });
    if (!cfg.ok) {
      printError(cfg.error);
      return exitCodeFor(cfg.error.code);
    }
    alerts = cfg.value.settings;
  }
  const result = analyzeFile(positionals[0], { top: top.value, alerts });
  if (!result.ok) {
    printError(result.error);
    return exitCodeFor(result.error.code);
  }
  const { report } = result.value;
  for (const w of report.source.warnings) process.stderr.write(`netlens: warning: ${w}\n`);
  if (!values.json) {
    for (const a of report.alerts) process.stderr.write(alertLine(a));
    for (const s of report.suggestions) process.stderr.write(suggestionLine(s));
  }
  await write(
    values.json
      ? JSON.stringify(report) + '\n'
      : formatReport(report, { top: top.value }) + alertSections(report.alerts, report.suggestions),
  );
  return EXIT.ok;
}

/** Writes all of `text` to stdout before resolving, so a piped reader gets the whole report. */
function write(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}
