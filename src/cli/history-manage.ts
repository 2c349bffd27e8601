/**
 * `netlens history export | forget | import | budget`: the commands that copy history out,
 * remove from it, add a capture file to it, or set data budgets.
 */
import { basename, resolve } from 'node:path';
import { EXIT } from '../api/errors.js';
import type { ForgetArgs, HistoryConfig } from '../api/history.js';
import { HISTORY_LIMITS } from '../history/history-config.js';
import { openCaptureFile } from '../capture/capture-file.js';
import { EXPORT_TABLES, type ExportTable } from '../history/history-export.js';
import { geoOf, HistoryRecorder } from '../history/history-recorder.js';
import { GeoResolver } from '../identity/geo-resolver.js';
import type { HistoryStore } from '../history/history-store.js';
import { toDto } from '../session/engine-alerts.js';
import { PacketPipeline } from '../session/pipeline.js';
import { parseRange, parseSize, parseTime } from './history-args.js';
import { COMMON, HELP, nowSec, openStore, report, type Values } from './history-command.js';
import { formatBytes } from './output.js';
import { intOption, parseCommandArgs } from './parse-args.js';

export async function run(what: 'export' | 'forget' | 'import' | 'budget' | 'config', args: string[]): Promise<number> {
  const p = parseCommandArgs(`history ${what}`, args, {
    ...COMMON,
    since: { type: 'string' },
    from: { type: 'string' },
    until: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string' },
    table: { type: 'string' },
    output: { type: 'string', short: 'o' },
    all: { type: 'boolean' },
    host: { type: 'string' },
    app: { type: 'string' },
    interface: { type: 'string', short: 'i' },
    network: { type: 'string' },
    monthly: { type: 'string' },
    weekly: { type: 'string' },
    'start-day': { type: 'string' },
    keep: { type: 'string' },
    'max-size': { type: 'string' },
    'minute-days': { type: 'string' },
    'hour-days': { type: 'string' },
    'flow-days': { type: 'string' },
  });
  if (!p.ok) return report(p.error);
  const v = p.value.values;
  if (v.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const s = await openStore(v);
  if (!s.ok) return report(s.error);
  try {
    switch (what) {
      case 'export':
        return await exportCmd(s.value, v);
      case 'forget':
        return await forgetCmd(s.value, v);
      case 'import':
        return await importCmd(s.value, p.value.positionals);
      case 'budget':
        return await budgetCmd(s.value, v, p.value.positionals);
      case 'config':
        return await configCmd(s.value, v);
    }
  } finally {
    await s.value.close();
  }
}

async function exportCmd(s: HistoryStore, v: Values): Promise<number> {
  if (typeof v.output !== 'string')
    return report({ code: 'usage', message: 'history export: where to?', hint: 'give -o FILE (.parquet or .csv)' });
  const format = (v.format ?? (String(v.output).endsWith('.csv') ? 'csv' : 'parquet')) as string;
  if (format !== 'parquet' && format !== 'csv')
    return report({ code: 'usage', message: `history export: --format ${format}?`, hint: '--format parquet or csv' });
  const table = (v.table ?? 'flows') as ExportTable;
  if (!EXPORT_TABLES.includes(table))
    return report({
      code: 'usage',
      message: `history export: --table ${table}?`,
      hint: `--table ${EXPORT_TABLES.join('|')}`,
    });
  const range = parseRange(v, nowSec(), '30d');
  if (!range.ok) return report(range.error);
  const r = await s.export({ table, format, path: resolve(v.output), ...range.value });
  if (!r.ok) return report(r.error);
  if (v.json) process.stdout.write(JSON.stringify(r.value) + '\n');
  else process.stdout.write(`wrote ${r.value.rows} ${table} rows to ${r.value.path}\n`);
  return EXIT.ok;
}

async function forgetCmd(s: HistoryStore, v: Values): Promise<number> {
  const a: ForgetArgs = {};
  if (v.all) a.all = true;
  const now = nowSec();
  for (const [opt, key] of [
    ['since', 'from'],
    ['from', 'from'],
    ['until', 'to'],
    ['to', 'to'],
  ] as const) {
    if (typeof v[opt] !== 'string') continue;
    const t = parseTime(opt, v[opt], now);
    if (!t.ok) return report(t.error);
    a[key] = t.value;
  }
  if (typeof v.host === 'string') a.host = v.host;
  if (typeof v.app === 'string') a.app = v.app;
  const r = await s.forget(a);
  if (!r.ok) return report({ ...r.error, code: 'usage' });
  if (v.json) process.stdout.write(JSON.stringify(r.value) + '\n');
  else process.stdout.write(`forgot ${r.value.rows} rows\n`);
  return EXIT.ok;
}

/** Replays a capture file into history: its packets' own times place it (a session of kind 'file'). */
async function importCmd(s: HistoryStore, files: string[]): Promise<number> {
  if (files.length !== 1)
    return report({ code: 'usage', message: 'history import: which file?', hint: 'netlens history import FILE.pcap' });
  const opened = openCaptureFile(files[0]);
  if (!opened.ok) return report(opened.error);
  const reader = opened.value;
  const pipeline = new PacketPipeline({});
  const started = nowSec();
  const base = {
    kind: 'file' as const,
    iface: '',
    network: '',
    filter: '',
    file: resolve(files[0]),
    started,
    stopped: null,
    lastSeen: started,
    stopReason: null,
    packets: 0,
    bytes: 0,
    dropped: null,
  };
  const id = await s.beginSession(base);
  const rec = new HistoryRecorder({
    sink: s,
    session: { ...base, id },
    analyzer: pipeline.analyzer,
    stats: () => ({ packets: pipeline.analyzer.packets, bytes: pipeline.analyzer.bytes, dropped: null }),
    geo: geoOf(new GeoResolver()),
    flushMs: 3_600_000,
  });
  pipeline.addObserver(rec);
  pipeline.alerts?.on('alert', (e) => rec.alert(toDto(e.alert, false)));
  let last = Date.now();
  try {
    while (reader.read((p) => pipeline.push(p), 8192) > 0) {
      if (Date.now() - last >= 2000 || rec.pendingMinutes >= 60) {
        await rec.flush();
        last = Date.now();
      }
    }
  } finally {
    reader.close();
  }
  pipeline.end();
  rec.flowsEnded(pipeline.flows());
  await rec.stop('end-of-file');
  const an = pipeline.analyzer;
  process.stdout.write(
    `imported ${basename(files[0])} as session ${id}: ${an.packets} packets, ${formatBytes(an.bytes)}, ${pipeline.flows().length} flows\n`,
  );
  return EXIT.ok;
}

async function budgetCmd(s: HistoryStore, v: Values, pos: string[]): Promise<number> {
  const [verb, arg] = pos;
  if (verb === undefined || verb === 'list') {
    const states = await s.budgetStates();
    if (v.json) process.stdout.write(JSON.stringify(states) + '\n');
    else if (states.length === 0)
      process.stdout.write('no budgets (add one: netlens history budget add -i wlan0 --monthly 50GB)\n');
    else
      for (const b of states)
        process.stdout.write(
          `${b.budget.id}: ${b.budget.scope} ${b.budget.name}, ${formatBytes(b.usedBytes)} of ${formatBytes(b.budget.allowanceBytes)} this ${b.budget.period} ` +
            `(${b.usedPct.toFixed(0)}%, ${b.level})` +
            (b.forecastBytes !== null
              ? `, forecast ${formatBytes(b.forecastBytes)} by ${new Date(b.cycleEnd * 1000).toLocaleDateString()}`
              : '') +
            '\n',
        );
    return EXIT.ok;
  }
  if (verb === 'remove') {
    const id = Number(arg);
    if (!Number.isSafeInteger(id))
      return report({
        code: 'usage',
        message: 'history budget remove: which id?',
        hint: 'see netlens history budget list',
      });
    const r = await s.deleteBudget(id);
    if (!r.ok) return report(r.error);
    process.stdout.write(r.value.removed ? `removed budget ${id}\n` : `there was no budget ${id}\n`);
    return EXIT.ok;
  }
  if (verb !== 'add') return report({ code: 'usage', message: `history budget ${verb}?`, hint: 'list, add or remove' });
  const scope = typeof v.network === 'string' ? 'network' : 'interface';
  const name = (scope === 'network' ? v.network : v.interface) as string | undefined;
  const amount = (v.monthly ?? v.weekly) as string | undefined;
  if (!name || !amount)
    return report({
      code: 'usage',
      message: 'history budget add: for what, and how much?',
      hint: '-i wlan0 --monthly 50GB (or --network SSID, --weekly)',
    });
  const size = parseSize(v.monthly ? 'monthly' : 'weekly', amount);
  if (!size.ok) return report(size.error);
  const period = v.monthly ? 'month' : 'week';
  const day = intOption('history budget', 'start-day', v['start-day'], period === 'month' ? 1 : 1, 0);
  if (!day.ok) return report(day.error);
  const r = await s.putBudget({ scope, name, period, allowanceBytes: size.value, startDay: day.value });
  if (!r.ok) return report({ ...r.error, code: 'usage' });
  process.stdout.write(
    v.json
      ? JSON.stringify(r.value) + '\n'
      : `budget ${r.value.id}: ${formatBytes(r.value.allowanceBytes)} per ${period} on ${scope} ${name}\n`,
  );
  return EXIT.ok;
}

/** Shows or changes what history keeps (the app's Settings → History changes the same). */
async function configCmd(s: HistoryStore, v: Values): Promise<number> {
  const c: Partial<HistoryConfig> = {};
  if (v.keep !== undefined) {
    if (v.keep !== 'on' && v.keep !== 'off')
      return report({
        code: 'usage',
        message: `history config: --keep ${String(v.keep)}?`,
        hint: '--keep on or --keep off',
      });
    c.enabled = v.keep === 'on';
  }
  if (typeof v['max-size'] === 'string') {
    const n = parseSize('max-size', v['max-size']);
    if (!n.ok) return report(n.error);
    if (n.value < HISTORY_LIMITS.minBytes)
      return report({
        code: 'usage',
        message: `history config: the cap must be at least ${formatBytes(HISTORY_LIMITS.minBytes)}`,
        hint: '--max-size 2GB',
      });
    c.maxBytes = n.value;
  }
  for (const [opt, key] of [
    ['minute-days', 'minuteDays'],
    ['hour-days', 'hourDays'],
    ['flow-days', 'flowDays'],
  ] as const) {
    const n = intOption('history config', opt, v[opt], 0, HISTORY_LIMITS.minDays);
    if (!n.ok) return report(n.error);
    if (v[opt] !== undefined) c[key] = Math.min(HISTORY_LIMITS.maxDays, n.value);
  }
  const now = Object.keys(c).length ? await s.configure(c) : s.db.settings;
  if (v.json) process.stdout.write(JSON.stringify(now) + '\n');
  else
    process.stdout.write(
      `history ${now.enabled ? 'on' : 'off'}; per-minute usage ${now.minuteDays} days, hourly ${now.hourDays} days, ` +
        `flows ${now.flowDays} days; at most ${formatBytes(now.maxBytes)}\n`,
    );
  return EXIT.ok;
}
