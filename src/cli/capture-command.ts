/**
 * `netlens capture [-i] IFACE [THRESHOLD] [options]`: live capture through the same pipeline as
 * `analyze`, with a status line every few seconds, optional session logs, and the analyze summary
 * (or JSON) when it stops: Ctrl+C, SIGTERM, --duration, -c, or the interface going away.
 */
import { createInterface } from 'node:readline/promises';
import type { AlertSettings, DeliverySettings } from '../api/alerts.js';
import { EXIT, exitCodeFor, type ErrorInfo } from '../api/errors.js';
import { alertLine, alertSections, suggestionLine } from '../alerts/alert-lines.js';
import { AlertDelivery } from '../alerts/delivery/alert-delivery.js';
import type { AnalyzeReport } from '../api/report.js';
import { listInterfaces, type InterfaceInfo } from '../capture/interfaces.js';
import { DEFAULT_BUFFER_MB, DEFAULT_CAP_BUFFER_MB, type LiveStats } from '../capture/live-source.js';
import { unknownInterfaceError } from '../capture/live-errors.js';
import { SessionCore } from '../session/session-core.js';
import type { LiveSessionSource } from '../session/session-source.js';
import { ALERT_OPTIONS, alertChoice, alertOptionsHelp } from './alert-options.js';
import { packetLine } from './capture-packet-line.js';
import { formatInterfaces } from './interfaces-command.js';
import { formatBytes, formatCount, printError } from './output.js';
import { intOption, parseCommandArgs } from './parse-args.js';
import { formatReport } from './report-text.js';

const HELP = `Usage: netlens capture [-i] IFACE [PORT_SCAN_THRESHOLD] [options]

Captures live on an interface and reports what it saw when it stops (Ctrl+C, SIGTERM,
--duration or -c): the same summary as 'netlens analyze'. A status line goes to stderr
every few seconds. With no interface on a terminal, it asks which one.

Options:
  -i, --interface IFACE      interface to capture on ('netlens interfaces' lists them)
  -f, --filter BPF           capture filter, as tcpdump takes it ("tcp port 443")
  -w, --write FILE           write the packets to FILE (pcap)
      --log-dir DIR          log the session in DIR: pcap, events (JSON Lines), flows (CSV at stop)
      --rotate-mb N          start a new pcap file every N MB
      --rotate-seconds S     start a new pcap file every S seconds
      --duration S           stop after S seconds
  -c, --count N              stop after N packets
      --print-packets        one line per packet: time, source, destination, protocol, length
      --json                 print the report as JSON at the end (as 'analyze --json')
      --top N                rows in the summary's top lists (default 10)
${alertOptionsHelp('      ', 23)}      --buffer-mb N          kernel capture buffer (default ${DEFAULT_BUFFER_MB} MB, ${DEFAULT_CAP_BUFFER_MB} MB on cap; small ones lose packets at high rates)
      --status-interval S    seconds between status lines (default 2; 0 for none)
  -h, --help                 show this help

Alerts (port scans, floods, ARP spoofing, loss, ...) print a line each to stderr as they are
raised, go to the session log (--log-dir) and into the report; suggestions come at the end.

Exit codes: 0 done, 2 bad input (unknown interface, invalid filter), 3 no permission,
4 interface gone (what was captured is kept), 5 logging failed (capture went on).
`;

interface CaptureConfig {
  device: string;
  filter: string;
  portScanThreshold: number | null;
  /** The detectors' settings, or false (--no-alerts). */
  alerts: AlertSettings | false;
  delivery: DeliverySettings;
  write: string | null;
  logDir: string | null;
  rotateBytes: number;
  rotateSeconds: number;
  durationSec: number;
  count: number;
  printPackets: boolean;
  json: boolean;
  top: number;
  bufferBytes: number | undefined;
  statusSec: number;
}

export async function run(args: string[]): Promise<number> {
  const cfg = await parse(args);
  if (typeof cfg === 'number') return cfg;
  return capture(cfg);
}

async function parse(args: string[]): Promise<CaptureConfig | number> {
  const parsed = parseCommandArgs('capture', args, {
    interface: { type: 'string', short: 'i' },
    filter: { type: 'string', short: 'f' },
    write: { type: 'string', short: 'w' },
    'log-dir': { type: 'string' },
    'rotate-mb': { type: 'string' },
    'rotate-seconds': { type: 'string' },
    duration: { type: 'string' },
    count: { type: 'string', short: 'c' },
    'print-packets': { type: 'boolean' },
    json: { type: 'boolean' },
    top: { type: 'string' },
    ...ALERT_OPTIONS,
    'buffer-mb': { type: 'string' },
    'status-interval': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!parsed.ok) return usage(parsed.error);
  const { values: v, positionals } = parsed.value;
  if (v.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  // the older tools' form: capture IFACE [THRESHOLD]
  const pos = [...positionals];
  let device = typeof v.interface === 'string' ? v.interface : undefined;
  if (device === undefined && pos.length > 0 && !/^\d+$/.test(pos[0])) device = pos.shift();
  const thresholdPositional =
    pos.length > 0 && /^\d+$/.test(pos[0]) && v['port-scan-threshold'] === undefined ? pos.shift() : undefined;
  if (pos.length > 0) {
    return usage({
      code: 'usage',
      message: `capture: unexpected argument '${pos[0]}'`,
      hint: 'a capture filter goes after -f, in quotes: netlens capture eth0 -f "tcp port 443"',
    });
  }
  const ints: Record<string, number> = {};
  for (const [name, def, min] of [
    ['rotate-mb', 0, 0],
    ['rotate-seconds', 0, 0],
    ['duration', 0, 0],
    ['count', 0, 0],
    ['top', 10, 1],
    ['buffer-mb', 0, 0], // 0: the backend's default (larger for cap, whose ring slots are a whole snaplen each)
    ['status-interval', 2, 0],
  ] as const) {
    const r = intOption('capture', name, v[name], def, min);
    if (!r.ok) return usage(r.error);
    ints[name] = r.value;
  }
  const choice = alertChoice('capture', v, thresholdPositional);
  if (!choice.ok) {
    printError(choice.error);
    return exitCodeFor(choice.error.code);
  }
  const { alerts, delivery, portScanThreshold } = choice.value;
  const write = typeof v.write === 'string' ? v.write : null;
  const logDir = typeof v['log-dir'] === 'string' ? v['log-dir'] : null;
  if ((ints['rotate-mb'] > 0 || ints['rotate-seconds'] > 0) && !write && !logDir) {
    return usage({
      code: 'usage',
      message: 'capture: --rotate-mb and --rotate-seconds rotate the files of -w or --log-dir, and neither is given',
      hint: 'add --log-dir DIR (or -w FILE)',
    });
  }
  if (device === undefined) {
    const chosen = await askInterface();
    if (typeof chosen === 'number') return chosen;
    device = chosen;
  }
  return {
    device,
    filter: typeof v.filter === 'string' ? v.filter : '',
    portScanThreshold,
    alerts,
    delivery,
    write,
    logDir,
    rotateBytes: ints['rotate-mb'] * 1_000_000,
    rotateSeconds: ints['rotate-seconds'],
    durationSec: ints.duration,
    count: ints.count,
    printPackets: v['print-packets'] === true,
    json: v.json === true,
    top: ints.top,
    bufferBytes: ints['buffer-mb'] > 0 ? Math.min(ints['buffer-mb'], 2047) * 1_048_576 : undefined, // libpcap takes an int
    statusSec: ints['status-interval'],
  };
}

function usage(e: ErrorInfo): number {
  printError(e);
  return EXIT.badInput;
}

/** No interface given: on a terminal, list them and ask; otherwise say which there are. */
async function askInterface(): Promise<string | number> {
  const list = await listInterfaces();
  if (!list.ok) {
    printError(list.error);
    return exitCodeFor(list.error.code);
  }
  const usable = list.value.filter((i) => !i.pseudo || i.name === 'any');
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    return usage({
      code: 'usage',
      message: 'capture: which interface? none given',
      hint: `netlens capture IFACE; interfaces here: ${usable.map((i) => i.name).join(', ')}`,
    });
  }
  const sorted = [...usable].sort((a, b) => rank(a) - rank(b));
  process.stderr.write('Interfaces:\n');
  sorted.forEach((i, n) =>
    process.stderr.write(
      `${String(n + 1).padStart(3)}) ${formatInterfaces([i]).trimEnd().replace(/\n/g, '\n     ')}\n`,
    ),
  );
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    for (let tries = 0; tries < 3; tries++) {
      const answer = (
        await rl.question(`Capture on which interface? [1-${sorted.length} or a name, default 1] `)
      ).trim();
      if (answer === '') return sorted[0].name;
      const n = Number(answer);
      if (Number.isInteger(n) && n >= 1 && n <= sorted.length) return sorted[n - 1].name;
      if (list.value.some((i) => i.name === answer)) return answer;
      process.stderr.write(`no interface '${answer}'\n`);
    }
  } finally {
    rl.close();
  }
  return usage({ code: 'usage', message: 'capture: no interface chosen', hint: 'netlens capture IFACE' });
}

/** Default route first, then up and with addresses, loopback and pseudo-devices last. */
function rank(i: InterfaceInfo): number {
  return (i.defaultRoute ? 0 : 4) + (i.up ? 0 : 2) + (i.loopback || i.pseudo ? 1 : 0);
}

async function capture(cfg: CaptureConfig): Promise<number> {
  let pending = '';
  const flushLines = (): void => {
    if (pending) {
      process.stdout.write(pending);
      pending = '';
    }
  };
  let finish: (reason: string, err: ErrorInfo | null) => void = () => {};
  const done = new Promise<{ reason: string; err: ErrorInfo | null }>(
    (resolve) => (finish = (reason, err) => resolve({ reason, err })),
  );
  const session = new SessionCore({
    spec: { kind: 'live', device: cfg.device, filter: cfg.filter, bufferBytes: cfg.bufferBytes },
    pipeline: { topN: cfg.top, alerts: cfg.alerts },
    log: {
      logDir: cfg.logDir,
      pcapPath: cfg.write,
      rotateBytes: cfg.rotateBytes,
      rotateSeconds: cfg.rotateSeconds,
      startInfo: { portScanThreshold: cfg.portScanThreshold },
    },
    count: cfg.count,
    tap: cfg.printPackets
      ? (p, d) => {
          pending += packetLine(p, d);
          if (pending.length > 65_536) flushLines();
        }
      : undefined,
    totalsEveryMs: (cfg.statusSec > 0 ? cfg.statusSec : 5) * 1000,
    onEnd: (reason, err) => finish(reason, err),
    onError: (e) => process.stderr.write(`netlens: ${e.message}; capture goes on\n  hint: ${e.hint}\n`),
  });
  // alerts: a line each on stderr (human mode) and the delivery channels (the session logs them)
  const engine = session.pipeline.alerts;
  const delivery = engine !== null ? new AlertDelivery(cfg.delivery) : null;
  if (engine !== null) {
    if (delivery !== null && !delivery.empty) delivery.attach(engine);
    if (!cfg.json)
      engine.on('alert', ({ change, alert }) => {
        if (change !== 'new') return;
        flushLines();
        process.stderr.write(alertLine(alert));
      });
  }
  const started = await session.begin();
  if (!started.ok) {
    let e = started.error;
    if (e.code === 'unknown-interface') {
      const list = await listInterfaces();
      if (list.ok)
        e = unknownInterfaceError(
          cfg.device,
          list.value.map((i) => i.name),
        );
    }
    printError(e);
    return exitCodeFor(e.code);
  }
  const source = session.source as LiveSessionSource;
  const info = source.info!;
  if (info.warning) process.stderr.write(`netlens: warning: ${info.warning}\n`);
  process.stderr.write(
    `netlens: capturing on ${cfg.device}${cfg.filter ? ` (filter: ${cfg.filter})` : ''}; Ctrl+C stops\n`,
  );

  // the status line and the flushed packet lines (the session writes the totals events)
  const an = session.pipeline.analyzer;
  let last = { t: performance.now(), packets: 0, bytes: 0 };
  const status = (): void => {
    const now = performance.now();
    const dt = Math.max(1e-3, (now - last.t) / 1000);
    const pps = (an.packets - last.packets) / dt;
    const bps = ((an.bytes - last.bytes) * 8) / dt;
    last = { t: now, packets: an.packets, bytes: an.bytes };
    flushLines();
    process.stderr.write(statusLine(cfg.device, an.packets, an.bytes, pps, bps, source.stats()) + '\n');
  };
  const timers = [
    cfg.statusSec > 0 ? setInterval(status, cfg.statusSec * 1000) : null,
    cfg.printPackets ? setInterval(flushLines, 200) : null,
  ];
  const durationTimer = cfg.durationSec > 0 ? setTimeout(() => session.stop('duration'), cfg.durationSec * 1000) : null;
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    signals++;
    if (signals > 1) {
      // a second Ctrl+C while stopping: leave now (files were flushed as far as they got)
      process.stderr.write(`netlens: ${sig} again: exiting now\n`);
      process.exit(130);
    }
    session.stop(sig === 'SIGINT' ? 'interrupted' : 'terminated');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const { reason, err } = await done;
  for (const t of timers) if (t) clearInterval(t);
  if (durationTimer) clearTimeout(durationTimer);
  flushLines();
  const stats = source.stats();
  const logError = session.logError;
  const warnings: string[] = [];
  if (stats.dropped === null)
    warnings.push(`packets dropped by the kernel: unknown (the ${info.backend} backend cannot tell)`);
  else if (stats.dropped > 0)
    warnings.push(`the kernel dropped ${formatCount(stats.dropped)} packets (a larger --buffer-mb helps)`);
  if (err) warnings.push(err.message);
  if (logError) warnings.push(logError.message);
  const report: AnalyzeReport = session.pipeline.report({
    path: `live:${cfg.device}`,
    format: 'live',
    linkTypes: [info.linkType],
    truncated: false,
    warnings,
  });
  // what the channels still hold gets a short grace; the capture is already over
  const deliveryStatus = delivery !== null && !delivery.empty ? (await delivery.close(3000), delivery.status()) : null;
  if (!cfg.json) for (const s of report.suggestions) process.stderr.write(suggestionLine(s));
  const files = session.log?.files ?? null;
  if (err) printError(err);
  if (cfg.json) {
    const capture = {
      interface: cfg.device,
      filter: cfg.filter,
      backend: info.backend,
      timestamps: info.timestamps,
      bufferBytes: info.bufferSize,
      stopReason: reason,
      packetsReceived: stats.packets,
      droppedByKernel: stats.dropped,
      droppedByInterface: stats.ifDropped,
      portScanThreshold: cfg.portScanThreshold,
      alertsDelivery: deliveryStatus,
      files,
      error: err,
      logError,
    };
    await writeOut(JSON.stringify({ ...report, capture }) + '\n');
  } else {
    let text = formatReport(report, { top: cfg.top }) + alertSections(report.alerts, report.suggestions);
    text += `\nCapture   ${cfg.device}${cfg.filter ? `, filter "${cfg.filter}"` : ''}, stopped: ${reason}; dropped by the kernel: ${stats.dropped === null ? 'unknown' : formatCount(stats.dropped)}\n`;
    if (files) {
      for (const f of files.pcaps) text += `Wrote     ${f}\n`;
      if (files.events) text += `Wrote     ${files.events}\n`;
      if (files.flows) text += `Wrote     ${files.flows}\n`;
    }
    await writeOut(text);
  }
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (err) return exitCodeFor(err.code);
  if (logError) return EXIT.io;
  return EXIT.ok;
}

export function statusLine(
  device: string,
  packets: number,
  bytes: number,
  pps: number,
  bps: number,
  st: LiveStats,
): string {
  const drops = st.dropped === null ? 'unknown' : formatCount(st.dropped);
  return `netlens: ${device}  ${formatCount(packets)} packets  ${formatBytes(bytes)}  ${formatCount(Math.round(pps))} pkt/s  ${(bps / 1e6).toFixed(2)} Mbit/s  drops ${drops}`;
}

function writeOut(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}
