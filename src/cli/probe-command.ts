/**
 * `netlens probe [HOST ...] [--path] [--count N] [--interval MS] [--timeout MS] [--json]`: latency,
 * jitter and loss; with --path also the path hop by hop (mtr's report), call quality and the verdict.
 */
import { EXIT, type ErrorInfo, type Result } from '../api/errors.js';
import type { ProbeSnapshot, ProbeTarget } from '../api/probe.js';
import { defaultTargets } from '../probe/default-targets.js';
import { isPrivileged, minimumIntervalMs } from '../probe/ping-command.js';
import { DEFAULT_INTERVAL_MS, DEFAULT_TIMEOUT_MS, MIN_PATH_INTERVAL_MS, Prober } from '../probe/prober.js';
import { identifyHops } from '../probe/path/hop-identity.js';
import { wantsPath } from '../probe/path/path-targets.js';
import { snapshotVerdicts } from '../probe/path/snapshot-verdicts.js';
import { geoIdentify } from '../session/probe-view.js';
import { printError } from './output.js';
import { intOption, parseCommandArgs } from './parse-args.js';
import { livePaths, pathJson, pathSummary } from './path-table.js';
import { jsonReport, liveTable, sampleLine, summary } from './probe-table.js';

const HELP = `Usage: netlens probe [HOST ...] [--path] [--count N] [--interval MS] [--timeout MS] [--json]

Measures latency, jitter and packet loss with the system ping, one steady series per target.
With no HOST: the default gateway, the system's DNS servers and 1.1.1.1.

With --path, each HOST (with no HOST: 1.1.1.1) is also probed hop by hop, as mtr does: the system
traceroute sends one TTL-limited probe to every hop per round (ICMP echo where allowed, else UDP;
tracert on Windows), one round every --interval but never more than one probe per hop per second.
The report shows mtr's columns per hop (Loss%, Snt, Last, Avg, Best, Wrst, StDev, Jttr), what they
mean (loss at one router that later hops do not show is that router limiting its answers, not
loss), the call quality (MOS, from latency, jitter and loss) and where the trouble starts.

Options:
  --count N       probes per target, then stop (default: until Ctrl-C)
  --interval MS   time between probes to a target (default ${DEFAULT_INTERVAL_MS}; at least 200 as root,
                  1000 otherwise: unprivileged ping refuses shorter intervals on BSD/macOS and older Linux)
  --timeout MS    a reply slower than this counts as lost (default ${DEFAULT_TIMEOUT_MS})
  --path          probe each target hop by hop too (see above)
  --json          print only the final statistics as one JSON object:
                  {targets: [{host, address, sent, received, lossPct, rttMs: {last, min, mean, median,
                  p95, max}, jitterMs: {meanAbsDiff, rfc3550, stdDev}, outages: [{start, lost}],
                  callQuality: {mos, rFactor, grade, calls, games, ...}}]}; with --path also
                  paths: [{host, hops: [{ttl, address, name, sent, lossPct, rttMs: {last, avg, best,
                  worst, stdDev}, jitterMs, lossKind}], notes, callQuality, verdict: {place, hop,
                  title, why, action}}], wifi
                  (times in ms; outage start in ms since the Unix epoch)
  -h, --help      show this help

Exit status: 0, or 2 if no target name resolves (or the options are wrong), 3 if ping may not run.
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('probe', args, {
    count: { type: 'string' },
    interval: { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
    path: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!parsed.ok) return usageError(parsed.error);
  const { values, positionals } = parsed.value;
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const count = values.count === undefined ? null : intOption('probe', 'count', values.count, 10, 1);
  if (count && !count.ok) return usageError(count.error);
  const interval = intOption('probe', 'interval', values.interval, DEFAULT_INTERVAL_MS, 1);
  if (!interval.ok) return usageError(interval.error);
  const floor = minimumIntervalMs();
  if (interval.value < floor) {
    return usageError({
      code: 'usage',
      message: `probe: --interval ${interval.value} is below ${floor} ms`,
      hint: isPrivileged()
        ? 'more than 5 probes a second would flood the target'
        : 'shorter intervals need root (unprivileged ping refuses them)',
    });
  }
  const timeout = intOption('probe', 'timeout', values.timeout, DEFAULT_TIMEOUT_MS, 1);
  if (!timeout.ok) return usageError(timeout.error);

  const path = values.path === true;
  let targets: ProbeTarget[] = positionals.map((host) => ({ host, kind: 'custom' }));
  if (targets.length === 0) {
    const found = await defaultTargets();
    for (const p of found.problems) process.stderr.write(`netlens: note: ${p.message} (${p.hint})\n`);
    targets = path ? found.targets.filter(wantsPath) : found.targets;
  }

  const prober = new Prober({
    targets,
    intervalMs: interval.value,
    timeoutMs: timeout.value,
    count: count?.value ?? null,
    path: path ? { intervalMs: Math.max(MIN_PATH_INTERVAL_MS, interval.value), timeoutMs: timeout.value } : false,
    wifi: path ? { interface: null } : false,
  });
  const final = await probeUntilDone(prober, { json: values.json === true, path });
  if (!final.ok) {
    printError(final.error);
    return EXIT.internal;
  }
  const snapshot = path ? withVerdicts(final.value) : final.value;
  if (values.json) {
    const report = path ? { ...jsonReport(snapshot), ...pathJson(snapshot) } : jsonReport(snapshot);
    await write(JSON.stringify(report) + '\n');
  } else {
    await write(summary(snapshot) + (path ? pathSummary(snapshot) : ''));
  }
  return exitCode(snapshot);
}

/** Runs until the count is reached, Ctrl-C, or no target can be probed; shows progress unless --json. */
function probeUntilDone(prober: Prober, o: { json: boolean; path: boolean }): Promise<Result<ProbeSnapshot>> {
  return new Promise((resolve) => {
    const tty = process.stdout.isTTY === true;
    let drawn = 0;
    const reported = new Set<string>();
    let finishing = false;
    const finish = (snapshot: Promise<ProbeSnapshot> | ProbeSnapshot) => {
      if (finishing) return;
      finishing = true;
      process.off('SIGINT', onSigint);
      void Promise.resolve(snapshot).then(async (s) => {
        await prober.stop();
        resolve({ ok: true, value: s });
      });
    };
    const onSigint = () => finish(prober.stop());
    process.on('SIGINT', onSigint);
    prober.on('update', (u) => {
      if (!o.json) {
        if (tty) {
          // Cut to the terminal's width: a wrapped line would throw off the in-place redraw.
          const cols = process.stdout.columns || 200;
          const table = o.path
            ? [...liveTable(u.snapshot), '', ...livePaths(identifyHops(u.snapshot, geoIdentify))]
            : liveTable(u.snapshot);
          const lines = table.map((l) => l.slice(0, cols - 1));
          process.stdout.write((drawn > 0 ? `\x1b[${drawn}A\x1b[J` : '') + lines.join('\n') + '\n');
          drawn = lines.length;
        } else {
          for (const batch of u.samples)
            for (const s of batch.samples) process.stdout.write(sampleLine(batch.host, s) + '\n');
          for (const t of u.snapshot.targets) {
            const key = `${t.host}:${t.state}:${t.message ?? ''}`;
            if ((t.state === 'unknown-host' || t.state === 'failed') && !reported.has(key)) {
              reported.add(key);
              process.stdout.write(`${t.host}: ${t.state}: ${t.message ?? ''}\n`);
            }
          }
        }
      }
      // Nothing left to measure: every target is an unknown name or cannot be pinged at all.
      if (
        u.snapshot.targets.length > 0 &&
        u.snapshot.targets.every((t) => t.state === 'unknown-host' || t.state === 'failed')
      ) {
        finish(u.snapshot);
      }
    });
    prober.on('done', (s) => finish(s));
    prober.on('exit', (error) => {
      if (error && !finishing) {
        finishing = true;
        process.off('SIGINT', onSigint);
        resolve({ ok: false, error });
      }
    });
    const started = prober.start();
    if (!started.ok) {
      finishing = true;
      process.off('SIGINT', onSigint);
      resolve({ ok: false, error: started.error });
    }
  });
}

/** The hops' owners (offline geo/ASN tables) and the verdicts, for the report. */
function withVerdicts(s: ProbeSnapshot): ProbeSnapshot {
  const identified = identifyHops(s, geoIdentify);
  return { ...identified, verdicts: snapshotVerdicts(identified) };
}

function exitCode(s: ProbeSnapshot): number {
  const stuck = s.targets.filter((t) => t.state === 'unknown-host' || t.state === 'failed');
  if (s.targets.length === 0 || stuck.length < s.targets.length) return EXIT.ok;
  if (stuck.every((t) => t.state === 'unknown-host')) return EXIT.badInput;
  return EXIT.noPermission;
}

function usageError(e: ErrorInfo): number {
  printError(e);
  return EXIT.badInput;
}

/** Writes all of `text` to stdout before resolving, so a piped reader gets the whole report. */
function write(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}
