/**
 * The filters bar: protocol, source and destination (address or CIDR), port, host-name search.
 * What the user types (`draft`, which the bar's fields bind to) is checked here as they type; a
 * valid filter is sent to the engine (`view:setFilter`), which applies it to every view without
 * restarting capture.
 */
import type { Api } from '../lib/api.js';
import type { ProtocolShare } from '../../src/api/snapshot.js';
import type { ViewFilter, ViewFilterStatus } from '../../src/api/views.js';
import { addressOrCidrProblem, parsePort } from '../lib/net.js';

export const EMPTY_FILTER: ViewFilter = { protocol: '', src: '', dst: '', port: null, host: '' };

/** A time range of the view filter (a zoomed chart, an alert's span). */
export type TimeRange = NonNullable<ViewFilter['time']>;

export function sameFilter(a: ViewFilter, b: ViewFilter): boolean {
  return (
    a.protocol === b.protocol &&
    a.src === b.src &&
    a.dst === b.dst &&
    a.port === b.port &&
    a.host === b.host &&
    (a.time?.from ?? null) === (b.time?.from ?? null) &&
    (a.time?.to ?? null) === (b.time?.to ?? null) &&
    (a.hosts ?? []).join(' ') === (b.hosts ?? []).join(' ')
  );
}

/** The bar's fields as typed (the port as text). */
export interface FilterDraft {
  protocol: string;
  src: string;
  dst: string;
  port: string;
  host: string;
}

export interface FiltersOptions {
  /** Debounce of typed filters in ms (default 250). */
  debounceMs?: number;
  /** Called after the engine took a new filter (views re-query then). */
  onApplied?: (f: ViewFilter) => void;
}

function draftOf(f: ViewFilter): FilterDraft {
  return { protocol: f.protocol, src: f.src, dst: f.dst, port: f.port === null ? '' : String(f.port), host: f.host };
}

export class FiltersState {
  /** What the user typed: the bar's fields bind to its members. */
  readonly draft = $state<FilterDraft>(draftOf(EMPTY_FILTER));
  /** Set by zooming a chart or an alert's "Show these packets", not typed. */
  #time = $state.raw<TimeRange | null>(null);
  /** Set by "Filter on this" and drill-downs: addresses that must be an end of each packet. */
  #hosts = $state.raw<string[]>([]);
  /** The protocols in the session, with their packet counts (from an unfiltered snapshot). */
  #present = $state.raw<ProtocolShare[]>([]);
  #applied = $state.raw<ViewFilter>(EMPTY_FILTER);
  #status = $state.raw<ViewFilterStatus | null>(null);
  #serverError = $state('');

  readonly srcProblem = $derived(addressOrCidrProblem(this.draft.src));
  readonly dstProblem = $derived(addressOrCidrProblem(this.draft.dst));
  readonly portProblem = $derived(
    parsePort(this.draft.port) === undefined ? 'A port is a whole number from 0 to 65535.' : '',
  );
  readonly valid = $derived(this.srcProblem === '' && this.dstProblem === '' && this.portProblem === '');
  readonly active = $derived(!sameFilter(this.#applied, EMPTY_FILTER));
  /** Something is typed or applied (the Clear button has work to do). */
  readonly clearable = $derived(
    this.active || this.#time !== null || this.#hosts.length > 0 || Object.values(this.draft).some((v) => v !== ''),
  );

  private timer: ReturnType<typeof setTimeout> | null = null;
  private sent = 0;
  private readonly debounceMs: number;
  private readonly onApplied: (f: ViewFilter) => void;

  constructor(
    private readonly api: Api,
    opts: FiltersOptions = {},
  ) {
    this.debounceMs = opts.debounceMs ?? 250;
    this.onApplied = opts.onApplied ?? (() => {});
  }

  /** What the engine applies now (normalized by it). */
  get applied(): ViewFilter {
    return this.#applied;
  }

  /** From the latest snapshot: how much of the session the filtered counts cover. */
  get status(): ViewFilterStatus | null {
    return this.#status;
  }

  /** The time range set (by zooming), or null. */
  get time(): TimeRange | null {
    return this.#time;
  }

  /** The addresses set by a drill-down (each an end of every packet shown). */
  get hosts(): string[] {
    return this.#hosts;
  }

  /** Zoom: the views show this time range (null: all of it); applied at once. */
  setTime(t: TimeRange | null): Promise<boolean> {
    this.#time = t;
    return this.apply();
  }

  /** A new session: a zoom or a drill-down into the old one's time and hosts means nothing there. */
  dropDrill(): Promise<boolean> {
    if (this.#time === null && this.#hosts.length === 0) return Promise.resolve(true);
    this.#time = null;
    this.#hosts = [];
    return this.apply();
  }

  /** Drops one drill-down address (its chip's ×). */
  removeHost(h: string): Promise<boolean> {
    this.#hosts = this.#hosts.filter((x) => x !== h);
    return this.apply();
  }

  /** A drill-down: the bar shows this filter and the engine applies it at once. */
  show(f: ViewFilter): Promise<boolean> {
    this.load(f);
    return this.apply();
  }

  get present(): ProtocolShare[] {
    return this.#present;
  }

  /** An unfiltered snapshot's protocol counts: what the protocol list offers. */
  notePresent(list: ProtocolShare[]): void {
    if (list.length !== this.#present.length || list.some((p, i) => p.packets !== this.#present[i].packets))
      this.#present = list;
  }

  /** The engine refused the filter: its message. */
  get serverError(): string {
    return this.#serverError;
  }

  /** The filter as typed, or null while some part is invalid. */
  typed(): ViewFilter | null {
    if (!this.valid) return null;
    const d = this.draft;
    const f: ViewFilter = {
      protocol: d.protocol.trim().toLowerCase(),
      src: d.src.trim(),
      dst: d.dst.trim(),
      port: parsePort(d.port) ?? null,
      host: d.host.trim(),
    };
    if (this.#time) f.time = this.#time;
    if (this.#hosts.length > 0) f.hosts = this.#hosts;
    return f;
  }

  /** Something was typed: apply it after a short pause (immediately when `now`). */
  changed(now = false): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (now || this.debounceMs <= 0) void this.apply();
    else this.timer = setTimeout(() => void this.apply(), this.debounceMs);
  }

  /** Sends the typed filter if it is valid and differs from what is applied (always when `force`). */
  async apply(force = false): Promise<boolean> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const f = this.typed();
    if (!f) return false;
    if (!force && sameFilter(f, this.#applied) && this.#serverError === '') return true;
    const asked = ++this.sent;
    const r = await this.api.request('view:setFilter', f);
    if (asked !== this.sent) return false; // a newer filter was sent meanwhile
    if (!r.ok) {
      this.#serverError = r.error.message;
      return false;
    }
    this.#serverError = '';
    this.#applied = r.value;
    this.onApplied(r.value);
    return true;
  }

  /** Fills the bar with a filter (from settings or the engine) without sending it. */
  load(f: ViewFilter): void {
    Object.assign(this.draft, draftOf(f));
    this.#time = f.time ?? null;
    this.#hosts = f.hosts ?? [];
  }

  /** Empties the bar and applies that. */
  async clear(): Promise<void> {
    this.load(EMPTY_FILTER);
    await this.apply();
  }

  /** A snapshot said what the engine applies. */
  applyStatus(s: ViewFilterStatus): void {
    this.#status = s;
    if (!sameFilter(s.filter, this.#applied)) this.#applied = s.filter;
  }
}
