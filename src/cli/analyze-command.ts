/** `netlens analyze FILE [--json] [--top N]`: read a capture file and report what is in it. */
import { EXIT, exitCodeFor } from '../api/errors.js';
import { alertLine, alertSections, suggestionLine } from '../alerts/alert-lines.js';
import { readCaptureFile } from '../session/analyze-file.js';
import { ALERT_OPTIONS, alertChoice, alertOptionsHelp } from './alert-options.js';
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
${alertOptionsHelp()}  -h, --help                 show this help
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('analyze', args, {
    json: { type: 'boolean' },
    top: { type: 'string' },
    ...ALERT_OPTIONS,
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
  const choice = alertChoice('analyze', values);
  if (!choice.ok) {
    printError(choice.error);
    return exitCodeFor(choice.error.code);
  }
  const alerts = choice.value.alerts;
  const result = readCaptureFile(positionals[0], { top: top.value, alerts });
  if (!result.ok) {
    printError(result.error);
    return exitCodeFor(result.error.code);
  }
  const { pipeline, source } = result.value;
  for (const w of source.warnings) process.stderr.write(`netlens: warning: ${w}\n`);
  if (values.json) {
    // a stream: millions of conversations are never one string (nor one object each at once)
    for (const piece of pipeline.reportJson(source)) await write(piece);
    await write('\n');
    return EXIT.ok;
  }
  const report = pipeline.report(source, { rows: 'top' });
  for (const a of report.alerts) process.stderr.write(alertLine(a));
  for (const s of report.suggestions) process.stderr.write(suggestionLine(s));
  await write(formatReport(report, { top: top.value }) + alertSections(report.alerts, report.suggestions));
  return EXIT.ok;
}

/** Writes `text` to stdout, resolving once it is taken (at once, or after a drain), so memory stays flat. */
function write(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}
