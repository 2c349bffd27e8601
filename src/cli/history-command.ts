/**
 * `netlens history`: what the store kept across sessions. usage, sessions and status read it;
 * export, forget, import and budget (history-manage.ts) change or copy it. The store is the
 * user data folder's history.duckdb (or --db FILE); only one program may have it open, so while
 * the app or `netlens serve` runs, these say so and exit.
 */
import { EXIT, exitCodeFor, type ErrorInfo, type Result } from '../api/errors.js';
import { USAGE_GROUPS, type UsageGroupBy, type UsageResult } from '../api/history.js';
import { defaultHistoryPath } from '../history/history-config.js';
import { HistoryStore } from '../history/history-store.js';
import { dayEdges } from '../history/usage-query.js';
import { parseRange } from './history-args.js';
import { formatBytes, printError } from './output.js';
import { intOption, parseCommandArgs } from './parse-args.js';

export const HELP = `Usage: netlens history <what> [options]

What NetLens kept across sessions (per-minute usage, flows, alerts, sessions), in
${defaultHistoryPath()}.

  usage [--since 30d] [--until T] [--by app|host|local|country|asn|protocol] [--per day|hour]
        [--top N] [--json]              bytes in and out, grouped, per day (or hour)
  sessions [--limit N] [--json]         past sessions with their totals and alerts
  session ID [--json]                   one session: alerts, suggestions, top hosts and apps
  status [--json]                       where the store is, its size and what it holds
  export --since 30d --format parquet|csv [--table flows|usage|usage-hourly|sessions|alerts|probes] -o FILE
  forget --all | --since T [--until T] | --host ADDR | --app NAME
  import FILE                           add a capture file's traffic to history (as a session)
  budget list | add --interface NAME|--network SSID --monthly|--weekly SIZE [--start-day N] | remove ID
  config [--keep on|off] [--max-size 2GB] [--minute-days 90] [--hour-days 730] [--flow-days 30]

Times: a duration back from now (90m, 12h, 30d, 2w) or a date (2025-01-31, 2025-01-31T08:00).
Options for all: --db FILE (another store), --json, -h/--help.
`;

export type Values = Record<string, string | boolean | undefined>;

export const COMMON = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function openStore(values: Values): Promise<Result<HistoryStore>> {
  return HistoryStore.open(typeof values.db === 'string' ? values.db : defaultHistoryPath());
}

export function report(e: ErrorInfo): number {
  printError(e);
  return exitCodeFor(e.code);
}

export function nowSec(): number {
  return Date.now() / 1000;
}

export async function run(args: string[]): Promise<number> {
  const [what, ...rest] = args;
  if (what === undefined || what === '--help' || what === '-h' || what === 'help') {
    process.stdout.write(HELP);
    return what === undefined ? EXIT.badInput : EXIT.ok;
  }
  switch (what) {
    case 'usage':
      return usage(rest);
    case 'sessions':
      return sessions(rest);
    case 'session':
      return session(rest);
    case 'status':
      return status(rest);
    case 'export':
    case 'forget':
    case 'import':
    case 'budget':
    case 'config':
      return (await import('./history-manage.js')).run(what, rest);
    default:
      return report({
        code: 'usage',
        message: `history: unknown '${what}'`,
        hint: 'netlens history usage|sessions|session|status|export|forget|import|budget|config',
      });
  }
}

async function withStore(values: Values, f: (s: HistoryStore) => Promise<number>): Promise<number> {
  const s = await openStore(values);
  if (!s.ok) return report(s.error);
  try {
    return await f(s.value);
  } finally {
    await s.value.close();
  }
}

function parsed(name: string, args: string[], extra: Parameters<typeof parseCommandArgs>[2]) {
  return parseCommandArgs(`history ${name}`, args, { ...COMMON, ...extra });
}

async function usage(args: string[]): Promise<number> {
  const p = parsed('usage', args, {
    since: { type: 'string' },
    from: { type: 'string' },
    until: { type: 'string' },
    to: { type: 'string' },
    by: { type: 'string' },
    per: { type: 'string' },
    top: { type: 'string' },
    host: { type: 'string' },
    app: { type: 'string' },
    interface: { type: 'string', short: 'i' },
  });
  if (!p.ok) return report(p.error);
  const v = p.value.values;
  if (v.help) return help();
  const range = parseRange(v, nowSec(), '30d');
  if (!range.ok) return report(range.error);
  const by = (v.by ?? 'app') as UsageGroupBy;
  if (!USAGE_GROUPS.includes(by))
    return report({ code: 'usage', message: `history usage: --by ${by}?`, hint: `--by ${USAGE_GROUPS.join('|')}` });
  const per = (v.per ?? 'day') as string;
  if (!['day', 'hour', 'none'].includes(per))
    return report({ code: 'usage', message: `history usage: --per ${per}?`, hint: '--per day, hour or none' });
  const top = intOption('history usage', 'top', v.top, 10, 1);
  if (!top.ok) return report(top.error);
  const { from, to } = range.value;
  const edges = per === 'day' ? dayEdges(from, to) : per === 'hour' ? hourEdges(from, to) : [from, to];
  return withStore(v, async (s) => {
    const u = await s.usage({
      from: edges[0],
      to: edges[edges.length - 1],
      edges,
      by,
      top: Math.min(100, top.value),
      host: v.host as string | undefined,
      app: v.app as string | undefined,
      iface: v.interface as string | undefined,
    });
    if (!u.ok) return report(u.error);
    process.stdout.write(v.json ? JSON.stringify(u.value) + '\n' : formatUsage(u.value, per));
    return EXIT.ok;
  });
}

function hourEdges(from: number, to: number): number[] {
  const start = Math.floor(from / 3600) * 3600;
  const n = Math.min(400, Math.ceil((to - start) / 3600));
  return Array.from({ length: n + 1 }, (_, i) => start + i * 3600);
}

function help(): number {
  process.stdout.write(HELP);
  return EXIT.ok;
}

const pad = (s: string, n: number): string => (s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

export function formatUsage(u: UsageResult, per: string): string {
  const out: string[] = [];
  const total = u.totals.bytesIn + u.totals.bytesOut;
  out.push(
    `Usage ${new Date(u.from * 1000).toLocaleString()} .. ${new Date(u.to * 1000).toLocaleString()}: ` +
      `${formatBytes(total)} (in ${formatBytes(u.totals.bytesIn)}, out ${formatBytes(u.totals.bytesOut)})`,
  );
  if (u.groups.length === 0) {
    out.push('nothing was recorded in this range');
    return out.join('\n') + '\n';
  }
  out.push('', `${pad(u.by, 40)} ${lpad('in', 11)} ${lpad('out', 11)} ${lpad('total', 11)}  share`);
  for (const g of u.groups) {
    const t = g.bytesIn + g.bytesOut;
    const name = g.key === '' ? `(unknown ${u.by})` : g.key;
    out.push(
      `${pad(name, 40)} ${lpad(formatBytes(g.bytesIn), 11)} ${lpad(formatBytes(g.bytesOut), 11)} ` +
        `${lpad(formatBytes(t), 11)}  ${lpad(((t / Math.max(1, total)) * 100).toFixed(1), 5)}%`,
    );
  }
  if (per !== 'none' && u.buckets.length > 1) {
    const max = Math.max(1, ...u.buckets.map((b) => b.bytesIn + b.bytesOut));
    out.push('', `per ${per}:`);
    for (const b of u.buckets) {
      const t = b.bytesIn + b.bytesOut;
      const d = new Date(b.start * 1000);
      const label = per === 'day' ? d.toLocaleDateString() : d.toLocaleString();
      out.push(`${pad(label, 22)} ${lpad(formatBytes(t), 11)} ${'#'.repeat(Math.round((t / max) * 40))}`);
    }
  }
  return out.join('\n') + '\n';
}

async function sessions(args: string[]): Promise<number> {
  const p = parsed('sessions', args, { limit: { type: 'string' } });
  if (!p.ok) return report(p.error);
  const v = p.value.values;
  if (v.help) return help();
  const limit = intOption('history sessions', 'limit', v.limit, 50, 1);
  if (!limit.ok) return report(limit.error);
  return withStore(v, async (s) => {
    const list = await s.sessions({ limit: Math.min(1000, limit.value) });
    if (v.json) process.stdout.write(JSON.stringify(list) + '\n');
    else if (list.length === 0) process.stdout.write('no sessions in history yet\n');
    else {
      process.stdout.write(
        `${lpad('id', 5)}  ${pad('started', 22)} ${lpad('duration', 9)}  ${pad('interface', 14)} ${lpad('in', 11)} ${lpad('out', 11)} ${lpad('alerts', 6)}  end\n`,
      );
      for (const x of list) {
        const end = x.stoppedAt ?? x.lastSeen;
        process.stdout.write(
          `${lpad(String(x.id), 5)}  ${pad(new Date(x.startedAt * 1000).toLocaleString(), 22)} ${lpad(duration(end - x.startedAt), 9)}  ` +
            `${pad(x.kind === 'file' ? (x.file ?? 'file') : x.iface, 14)} ${lpad(formatBytes(x.bytesIn), 11)} ${lpad(formatBytes(x.bytesOut), 11)} ` +
            `${lpad(String(x.alerts), 6)}  ${x.stopReason ?? (x.stoppedAt === null ? 'not stopped (engine ended)' : '')}\n`,
        );
      }
    }
    return EXIT.ok;
  });
}

function duration(sec: number): string {
  if (sec < 60) return `${Math.round(sec)}s`;
  if (sec < 3600) return `${Math.floor(sec / 60)}m${String(Math.round(sec % 60)).padStart(2, '0')}s`;
  return `${Math.floor(sec / 3600)}h${String(Math.floor((sec % 3600) / 60)).padStart(2, '0')}m`;
}

async function session(args: string[]): Promise<number> {
  const p = parsed('session', args, {});
  if (!p.ok) return report(p.error);
  const v = p.value.values;
  if (v.help) return help();
  const id = Number(p.value.positionals[0]);
  if (!Number.isSafeInteger(id) || id < 1)
    return report({
      code: 'usage',
      message: 'history session: which one?',
      hint: 'netlens history session ID (see `netlens history sessions`)',
    });
  return withStore(v, async (s) => {
    const d = await s.session(id);
    if (!d.ok) return report(d.error);
    if (v.json) {
      process.stdout.write(JSON.stringify(d.value) + '\n');
      return EXIT.ok;
    }
    const x = d.value;
    const out = [
      `session ${x.session.id}: ${x.session.kind === 'file' ? x.session.file : x.session.iface}, ${new Date(x.session.startedAt * 1000).toLocaleString()}, in ${formatBytes(x.session.bytesIn)}, out ${formatBytes(x.session.bytesOut)}`,
      '',
      `alerts (${x.alerts.length}):`,
      ...x.alerts.map((a) => `  [${a.severity}] ${a.type}: ${a.summary}`),
      `suggestions (${x.suggestions.length}):`,
      ...x.suggestions.map((g) => `  ${g.title}`),
      'top hosts:',
      ...x.topHosts.map((g) => `  ${pad(g.key || '(unknown)', 40)} ${formatBytes(g.bytesIn + g.bytesOut)}`),
    ];
    process.stdout.write(out.join('\n') + '\n');
    return EXIT.ok;
  });
}

async function status(args: string[]): Promise<number> {
  const p = parsed('status', args, {});
  if (!p.ok) return report(p.error);
  const v = p.value.values;
  if (v.help) return help();
  return withStore(v, async (s) => {
    const st = await s.status();
    if (v.json) process.stdout.write(JSON.stringify(st) + '\n');
    else
      process.stdout.write(
        `${st.path}: ${formatBytes(st.bytes)} of ${formatBytes(st.maxBytes)}, ${st.sessions} sessions, ${st.flows} flows` +
          (st.oldest !== null ? `, from ${new Date(st.oldest * 1000).toLocaleString()}` : '') +
          '\n',
      );
    return EXIT.ok;
  });
}
