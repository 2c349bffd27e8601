/** `netlens analyze FILE [--json] [--top N]`: read a capture file and report what is in it. */
import { EXIT, exitCodeFor } from '../api/errors.js';
import { analyzeFile } from '../session/analyze-file.js';
import { printError } from './output.js';
import { intOption, parseCommandArgs } from './parse-args.js';
import { formatReport } from './report-text.js';

const HELP = `Usage: netlens analyze FILE [--json] [--top N]

Reads a pcap or pcapng file and reports totals, protocols, top talkers and listeners,
conversations, retransmissions and round-trip times.

Options:
  --json     print one JSON object (the full report) instead of the summary
  --top N    how many top talkers, listeners and conversations to show (default 10)
  -h, --help show this help
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('analyze', args, {
    json: { type: 'boolean' },
    top: { type: 'string' },
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
      message: positionals.length === 0 ? 'analyze: which file? none given' : `analyze: one file at a time (got ${positionals.length})`,
      hint: 'netlens analyze capture.pcap',
    });
    return EXIT.badInput;
  }
  const top = intOption('analyze', 'top', values.top, 10, 1);
  if (!top.ok) {
    printError(top.error);
    return EXIT.badInput;
  }
  const result = analyzeFile(positionals[0], { top: top.value });
  if (!result.ok) {
    printError(result.error);
    return exitCodeFor(result.error.code);
  }
  const { report } = result.value;
  for (const w of report.source.warnings) process.stderr.write(`netlens: warning: ${w}\n`);
  await write(values.json ? JSON.stringify(report) + '\n' : formatReport(report, { top: top.value }));
  return EXIT.ok;
}

/** Writes all of `text` to stdout before resolving, so a piped reader gets the whole report. */
function write(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}
