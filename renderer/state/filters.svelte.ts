/**
 * The filters bar: protocol, source and destination (address or CIDR), port, host-name search.
 * What the user types is checked here as they type; a valid filter is sent to the engine
 * (`view:setFilter`), which applies it to every view without restarting capture.
 */
import type { Api } from '../lib/api.js';
import type { ViewFilter, ViewFilterStatus } from '../../src/api/views.js';
import { addressOrCidrProblem, parsePort } from '../lib/net.js';

export const EMPTY_FILTER: ViewFilter = { protocol: '', src: '', dst: '', port: null, host: '' };

export function sameFilter(a: ViewFilter, b: ViewFilter): boolean {
  return a.protocol === b.protocol && a.src === b.src && a.dst === b.dst && a.port === b.port && a.host === b.host;
}

export class FiltersState {
  protocol = $state('');
  src = $state('');
  dst = $state('');
  port = $state('');
  host = $state('');
  /** What the engine applies now (normalized by it). */
  applied = $state.raw<ViewFilter>(EMPTY_FILTER);
  /** From the latest snapshot: how much of the session the filtered counts cover. */
  status = $state.raw<ViewFilterStatus | null>(null);
  /** The engine refused the filter: its message. */
  serverError = $state('');

  srcProblem = $derived(addressOrCidrProblem(this.src));
  dstProblem = $derived(addressOrCidrProblem(this.dst));
  portProblem = $derived(parsePort(this.port) === undefined ? 'A port is a whole number from 0 to 65535.' : '');
  valid = $derived(this.srcProblem === '' && this.dstProblem === '' && this.portProblem === '');
  active = $derived(!sameFilter(this.applied, EMPTY_FILTER));

  private timer: ReturnType<typeof setTimeout> | null = null;
  private sent = 0;
  /** Called after the engine took a new filter (views re-query then). */
  onApplied: (f: ViewFilter) => void = () => {};

  constructor(
    private readonly api: Api,
    private readonly debounceMs = 250,
  ) {}

  /** The filter as typed, or null while some part is invalid. */
  draft(): ViewFilter | null {
    if (!this.valid) return null;
    return {
      protocol: this.protocol.trim().toLowerCase(),
      src: this.src.trim(),
      dst: this.dst.trim(),
      port: parsePort(this.port) ?? null,
      host: this.host.trim(),
    };
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
    const f = this.draft();
    if (!f) return false;
    if (!force && sameFilter(f, this.applied) && this.serverError === '') return true;
    const asked = ++this.sent;
    const r = await this.api.request('view:setFilter', f);
    if (asked !== this.sent) return false; // a newer filter was sent meanwhile
    if (!r.ok) {
      this.serverError = r.error.message;
      return false;
    }
    this.serverError = '';
    this.applied = r.value;
    this.onApplied(r.value);
    return true;
  }

  /** Fills the bar with a filter (from settings or the engine) without sending it. */
  load(f: ViewFilter): void {
    this.protocol = f.protocol;
    this.src = f.src;
    this.dst = f.dst;
    this.port = f.port === null ? '' : String(f.port);
    this.host = f.host;
  }

  /** Empties the bar and applies that. */
  async clear(): Promise<void> {
    this.load(EMPTY_FILTER);
    await this.apply();
  }

  /** A snapshot said what the engine applies. */
  applyStatus(s: ViewFilterStatus): void {
    this.status = s;
    if (!sameFilter(s.filter, this.applied)) this.applied = s.filter;
  }
}
