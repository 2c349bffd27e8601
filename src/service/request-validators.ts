/**
 * Checks every request's arguments before anything acts on them: the desktop app's IPC handlers,
 * the engine process and `netlens serve` all call validateRequest. Unknown channels, unknown
 * fields, wrong types and out-of-range values are `invalid-argument` errors, never exceptions.
 */
import { isAbsolute } from 'node:path';
import { isRequestChannel, REQUEST_CHANNELS, type RequestArgs, type RequestChannel } from '../api/contract.js';
import { fail, ok, type Result } from '../api/errors.js';
import type { ExportKind, FlowSortColumn } from '../api/views.js';
import { argsTooLarge, MAX_FILTER_CHARS, shown } from './request-bounds.js';
import { MAX_TIMELINE_BUCKETS } from '../session/timeline-query.js';
import { validateSettingsPatch } from './settings-schema.js';
import { normalizeFilter } from '../session/view-filter.js';
import { HISTORY_CHECKS } from './history-validators.js';

export const MAX_PAGE_SIZE = 1000;
/** Most alerts one `alerts:list` reply holds (all the engine keeps), and how many when not told. */
export const MAX_ALERTS_LISTED = 1000;
export const DEFAULT_ALERTS_LISTED = 500;
const MAX_PATH = 4096;
const MAX_CHARTS = 8;
const MAX_CHART_BYTES = 4 << 20;
const SORT_COLUMNS: readonly FlowSortColumn[] = [
  'start',
  'duration',
  'protocol',
  'a',
  'b',
  'service',
  'packets',
  'bytes',
  'bytesAtoB',
  'bytesBtoA',
  'state',
  'rtt',
  'retransmissions',
];
const EXPORT_KINDS: readonly ExportKind[] = ['pcap', 'flows-csv', 'session-json', 'html-report'];
const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;

type Obj = Record<string, unknown>;
/** Checks one channel's raw arguments; answers them normalized and typed. */
type Check<C extends RequestChannel> = (args: unknown) => Result<RequestArgs<C>>;

const bad = (message: string, hint: string): Result<never> => fail('invalid-argument', message, hint);

function object(channel: string, args: unknown, fields: readonly string[]): Result<Obj> {
  if (typeof args !== 'object' || args === null || Array.isArray(args))
    return bad(`${channel}: the argument must be an object`, `send { ${fields.join(', ')} }`);
  for (const k of Object.keys(args))
    if (!fields.includes(k)) return bad(`${channel}: unknown field ${shown(k)}`, `fields: ${fields.join(', ')}`);
  return ok(args as Obj);
}

function text(
  channel: string,
  o: Obj,
  key: string,
  max: number,
  opts?: { optional?: false; nonEmpty?: boolean },
): Result<string>;
function text(
  channel: string,
  o: Obj,
  key: string,
  max: number,
  opts: { optional: boolean; nonEmpty?: boolean },
): Result<string | undefined>;
function text(
  channel: string,
  o: Obj,
  key: string,
  max: number,
  opts: { optional?: boolean; nonEmpty?: boolean } = {},
): Result<string | undefined> {
  const v = o[key];
  if (v === undefined && opts.optional) return ok(undefined);
  if (typeof v !== 'string')
    return bad(`${channel}: ${key} must be text`, opts.optional ? `omit ${key} or give text` : `give ${key} as text`);
  if (v.length > max) return bad(`${channel}: ${key} is longer than ${max} characters`, 'shorten it');
  if (v.includes('\0')) return bad(`${channel}: ${key} contains a NUL character`, 'remove it');
  if (opts.nonEmpty && v.trim() === '') return bad(`${channel}: ${key} is empty`, `give a ${key}`);
  return ok(v);
}

function integer(channel: string, o: Obj, key: string, min: number, max: number): Result<number> {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    return bad(`${channel}: ${key} must be a whole number from ${min} to ${max}`, `got ${shown(v)}`);
  return ok(v);
}

function path(channel: string, o: Obj, key: string, optional: false): Result<string>;
function path(channel: string, o: Obj, key: string, optional: true): Result<string | undefined>;
function path(channel: string, o: Obj, key: string, optional: boolean): Result<string | undefined> {
  const t = text(channel, o, key, MAX_PATH, { optional, nonEmpty: true });
  if (!t.ok || t.value === undefined) return t;
  if (!isAbsolute(t.value))
    return bad(`${channel}: ${key} must be an absolute path`, 'give the full path, e.g. /home/me/capture.pcap');
  return t;
}

const none =
  <C extends RequestChannel>(channel: C): Check<C> =>
  (args) =>
    args === undefined || args === null
      ? ok(undefined as RequestArgs<C>)
      : bad(`${channel} takes no argument`, 'send nothing');

/** One check per channel: a channel without one does not compile. */
const CHECKS: { [C in RequestChannel]: Check<C> } = {
  'app:info': none('app:info'),
  'interfaces:list': none('interfaces:list'),
  'capture:pause': none('capture:pause'),
  'capture:resume': none('capture:resume'),
  'capture:stop': none('capture:stop'),
  'settings:get': none('settings:get'),
  'filter:check': (args) => {
    const o = object('filter:check', args, ['filter', 'interface']);
    if (!o.ok) return o;
    const f = text('filter:check', o.value, 'filter', MAX_FILTER_CHARS);
    if (!f.ok) return f;
    const i = text('filter:check', o.value, 'interface', 256, { nonEmpty: true });
    if (!i.ok) return i;
    return ok({ filter: f.value, interface: i.value });
  },
  'capture:start': (args) => {
    const o = object('capture:start', args, ['interface', 'filter', 'log']);
    if (!o.ok) return o;
    const i = text('capture:start', o.value, 'interface', 256, { nonEmpty: true });
    if (!i.ok) return i;
    const f = text('capture:start', o.value, 'filter', MAX_FILTER_CHARS);
    if (!f.ok) return f;
    const rawLog = o.value.log ?? null;
    if (rawLog === null) return ok({ interface: i.value, filter: f.value, log: null });
    const l = object('capture:start log', rawLog, ['folder', 'rotateMb']);
    if (!l.ok) return l;
    const folder = path('capture:start log', l.value, 'folder', false);
    if (!folder.ok) return folder;
    const rotate = integer('capture:start log', l.value, 'rotateMb', 0, 1_000_000);
    if (!rotate.ok) return rotate;
    return ok({ interface: i.value, filter: f.value, log: { folder: folder.value, rotateMb: rotate.value } });
  },
  'file:open': (args) => {
    const o = object('file:open', args ?? {}, ['path', 'handle']);
    if (!o.ok) return o;
    const p = path('file:open', o.value, 'path', true);
    if (!p.ok) return p;
    const h = text('file:open', o.value, 'handle', 64, { optional: true, nonEmpty: true });
    if (!h.ok) return h;
    return ok({
      ...(p.value === undefined ? {} : { path: p.value }),
      ...(h.value === undefined ? {} : { handle: h.value }),
    });
  },
  'view:setFilter': (args) => normalizeFilter(args),
  'flows:page': (args) => {
    const o = object('flows:page', args, ['offset', 'limit', 'sort', 'descending', 'search']);
    if (!o.ok) return o;
    const offset = integer('flows:page', o.value, 'offset', 0, 1e9);
    if (!offset.ok) return offset;
    const limit = integer('flows:page', o.value, 'limit', 1, MAX_PAGE_SIZE);
    if (!limit.ok) return limit;
    const sort = o.value.sort;
    if (typeof sort !== 'string' || !SORT_COLUMNS.includes(sort as FlowSortColumn))
      return bad(`flows:page: cannot sort by ${shown(sort)}`, `columns: ${SORT_COLUMNS.join(', ')}`);
    if (typeof o.value.descending !== 'boolean')
      return bad('flows:page: descending must be true or false', 'send descending: true for largest first');
    const search = text('flows:page', o.value, 'search', 256);
    if (!search.ok) return search;
    return ok({
      offset: offset.value,
      limit: limit.value,
      sort: sort as FlowSortColumn,
      descending: o.value.descending,
      search: search.value,
    });
  },
  'packets:page': (args) => {
    const o = object('packets:page', args, ['offset', 'limit']);
    if (!o.ok) return o;
    const offset = integer('packets:page', o.value, 'offset', 0, 1e9);
    if (!offset.ok) return offset;
    const limit = integer('packets:page', o.value, 'limit', 1, MAX_PAGE_SIZE);
    if (!limit.ok) return limit;
    return ok({ offset: offset.value, limit: limit.value });
  },
  'packets:detail': (args) => {
    const o = object('packets:detail', args, ['frame']);
    if (!o.ok) return o;
    const frame = integer('packets:detail', o.value, 'frame', 1, Number.MAX_SAFE_INTEGER);
    if (!frame.ok) return frame;
    return ok({ frame: frame.value });
  },
  'probe:add': (args) => {
    const o = object('probe:add', args, ['host']);
    if (!o.ok) return o;
    const host = text('probe:add', o.value, 'host', 253, { nonEmpty: true });
    if (!host.ok) return host;
    const h = host.value.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9.:%_-]*$/.test(h))
      return bad(`probe:add: '${h.slice(0, 60)}' is not a host name or address`, 'e.g. 192.168.1.1 or router.lan');
    return ok({ host: h });
  },
  'timeline:range': (args) => {
    const o = object('timeline:range', args ?? {}, ['from', 'to', 'buckets', 'filtered']);
    if (!o.ok) return o;
    const out: RequestArgs<'timeline:range'> = {};
    for (const key of ['from', 'to'] as const) {
      const v = o.value[key];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1e11)
        return bad(`timeline:range: ${key} must be epoch seconds`, 'omit it for the start or end of the session');
      out[key] = v;
    }
    if (out.from !== undefined && out.to !== undefined && out.from > out.to)
      return bad('timeline:range: from is after to', 'swap them');
    if (o.value.buckets !== undefined) {
      const b = integer('timeline:range', o.value, 'buckets', 10, MAX_TIMELINE_BUCKETS);
      if (!b.ok) return b;
      out.buckets = b.value;
    }
    if (o.value.filtered !== undefined) {
      if (typeof o.value.filtered !== 'boolean')
        return bad('timeline:range: filtered must be true or false', 'omit it to follow the view filter');
      out.filtered = o.value.filtered;
    }
    return ok(out);
  },
  'stream:follow': (args) => {
    const o = object('stream:follow', args, ['protocol', 'a', 'aPort', 'b', 'bPort']);
    if (!o.ok) return o;
    const protocol = o.value.protocol;
    if (protocol !== 'tcp' && protocol !== 'udp')
      return bad('stream:follow: protocol must be tcp or udp', 'follow a connection from the Connections view');
    const a = text('stream:follow', o.value, 'a', 64, { nonEmpty: true });
    if (!a.ok) return a;
    const b = text('stream:follow', o.value, 'b', 64, { nonEmpty: true });
    if (!b.ok) return b;
    const aPort = integer('stream:follow', o.value, 'aPort', 0, 65535);
    if (!aPort.ok) return aPort;
    const bPort = integer('stream:follow', o.value, 'bPort', 0, 65535);
    if (!bPort.ok) return bPort;
    return ok({ protocol, a: a.value, aPort: aPort.value, b: b.value, bPort: bPort.value });
  },
  'alerts:ack': (args) => {
    const o = object('alerts:ack', args, ['ids', 'all']);
    if (!o.ok) return o;
    const ids = o.value.ids;
    if (
      !Array.isArray(ids) ||
      ids.length > 10_000 ||
      !ids.every((id) => typeof id === 'string' && id.length > 0 && id.length <= 64)
    ) {
      return bad('alerts:ack: ids must be a list of alert ids', 'send { ids: ["a1", "a2"] } or { ids: [], all: true }');
    }
    const all = o.value.all ?? false;
    if (typeof all !== 'boolean') return bad('alerts:ack: all must be true or false', 'omit it, or send all: true');
    return ok({ ids: [...ids] as string[], all });
  },
  'alerts:list': (args) => {
    const o = object('alerts:list', args ?? {}, ['limit']);
    if (!o.ok) return o;
    // only its own field counts (never one inherited through a prototype)
    if (!Object.prototype.hasOwnProperty.call(o.value, 'limit') || o.value.limit === undefined)
      return ok({ limit: DEFAULT_ALERTS_LISTED });
    const limit = integer('alerts:list', o.value, 'limit', 1, MAX_ALERTS_LISTED);
    if (!limit.ok) return limit;
    return ok({ limit: limit.value });
  },
  'export:run': (args) => {
    const o = object('export:run', args, ['kind', 'path', 'charts']);
    if (!o.ok) return o;
    const kind = o.value.kind;
    if (typeof kind !== 'string' || !EXPORT_KINDS.includes(kind as ExportKind))
      return bad(`export:run: unknown kind ${shown(kind)}`, `kinds: ${EXPORT_KINDS.join(', ')}`);
    const p = path('export:run', o.value, 'path', true);
    if (!p.ok) return p;
    const charts = o.value.charts ?? [];
    if (!Array.isArray(charts) || charts.length > MAX_CHARTS)
      return bad(
        `export:run: charts must be a list of at most ${MAX_CHARTS} images`,
        'send { title, dataUrl } per chart',
      );
    const clean: { title: string; dataUrl: string }[] = [];
    for (const c of charts) {
      const co = object('export:run chart', c, ['title', 'dataUrl']);
      if (!co.ok) return co;
      const title = text('export:run chart', co.value, 'title', 200);
      if (!title.ok) return title;
      const url = co.value.dataUrl;
      if (typeof url !== 'string' || url.length > MAX_CHART_BYTES * 1.34 + 32 || !PNG_DATA_URL.test(url)) {
        return bad(
          'export:run: a chart image must be a PNG data URL (data:image/png;base64,...) of at most 4 MB',
          "use the canvas's toDataURL('image/png')",
        );
      }
      clean.push({ title: title.value!, dataUrl: url });
    }
    return ok({
      kind: kind as ExportKind,
      ...(p.value === undefined ? {} : { path: p.value }),
      ...(clean.length > 0 ? { charts: clean } : {}),
    });
  },
  'settings:set': (args) => validateSettingsPatch(args),
  ...HISTORY_CHECKS,
};

/** Validates a request: its channel, then its arguments (returned normalized). */
export function validateRequest(channel: unknown, args: unknown): Result<{ channel: RequestChannel; args: unknown }> {
  if (!isRequestChannel(channel))
    return bad(`unknown request ${shown(channel)}`, `requests: ${REQUEST_CHANNELS.join(', ')}`);
  const big = argsTooLarge(channel, args);
  if (big) return bad(big, 'send a smaller argument (files go as uploads, never inside a request)');
  const r = CHECKS[channel](args);
  if (!r.ok) return r;
  return ok({ channel, args: r.value });
}

/** The typed form, for hosts that already know the channel. */
export function validateArgs<C extends RequestChannel>(channel: C, args: unknown): Result<RequestArgs<C>> {
  return (CHECKS[channel] as Check<C>)(args);
}
