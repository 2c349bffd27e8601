/**
 * The renderer's root state, and the one place where the engine's events are bridged into state
 * (`connect`). Views read these classes; they never subscribe to the transport themselves.
 */
import type { Api, ConnectionState } from '../lib/api.js';
import type { CommandEvent, NavigateEvent } from '../../src/api/contract.js';
import type { ErrorInfo } from '../../src/api/errors.js';
import type { AppInfo, PermissionProblem, SessionInfo } from '../../src/api/session.js';
import type { Snapshot } from '../../src/api/snapshot.js';
import type { ExportKind, ViewFilter } from '../../src/api/views.js';
import { AlertsState } from './alerts.svelte.js';
import { CaptureState } from './capture.svelte.js';
import { FiltersState } from './filters.svelte.js';
import { FlowsState } from './flows.svelte.js';
import { PacketsState } from './packets.svelte.js';
import { PathState } from './path.svelte.js';
import { SessionState } from './session.svelte.js';
import { SettingsState } from './settings.svelte.js';
import { StreamState } from './stream.svelte.js';
import { TimelineState } from './timeline.svelte.js';
import { EMPTY_FILTER, type TimeRange } from './filters.svelte.js';

export type ViewName = NavigateEvent['view'];

export const VIEWS: { id: ViewName; label: string }[] = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'connections', label: 'Connections' },
  { id: 'packets', label: 'Packets' },
  { id: 'alerts', label: 'Alerts' },
  { id: 'suggestions', label: 'Suggestions' },
  { id: 'path', label: 'Path' },
  { id: 'settings', label: 'Settings' },
];

export interface Notice {
  id: number;
  error: ErrorInfo;
}

export interface AppOptions {
  /** Least time between two re-fetches of the visible flows while data moves (default 1000 ms). */
  flowsRefreshMs?: number;
  /** The same for the packets list (default 300 ms). */
  packetsRefreshMs?: number;
  /** Debounce of typed filters (default 250 ms). */
  filterDebounceMs?: number;
  now?: () => number;
  /** The menu's Export command: the renderer carries it out (the HTML report needs the charts). */
  onExport?: (kind: ExportKind) => void;
}

export class AppState {
  #view = $state<ViewName>('dashboard');
  #connection = $state<ConnectionState>('connecting');
  #info = $state.raw<AppInfo | null>(null);
  #notices = $state.raw<Notice[]>([]);
  #focusAlert = $state<string | null>(null);
  #focusFilterTick = $state(0);
  /** A problem from a failed start, when app:info has none. */
  #startProblem = $state.raw<PermissionProblem | null>(null);

  readonly permission = $derived<PermissionProblem | null>(this.#info?.capture.problem ?? this.#startProblem);

  readonly session = new SessionState();
  /** The Path view: each path's rounds across snapshots, the target and moment shown. */
  readonly path = new PathState();
  readonly filters: FiltersState;
  readonly flows: FlowsState;
  readonly packets: PacketsState;
  readonly alerts: AlertsState;
  readonly settings: SettingsState;
  readonly capture: CaptureState;
  readonly timeline: TimelineState;
  readonly stream: StreamState;

  private noticeId = 0;
  private unsubscribe: (() => void)[] = [];
  private readonly flowsThrottle: Throttle;
  private readonly packetsThrottle: Throttle;
  private readonly timelineThrottle: Throttle;
  private lastFlowsCount = -1;
  private lastPacketsMatching = -1;
  private readonly opts: Required<AppOptions>;

  constructor(
    readonly api: Api,
    opts: AppOptions = {},
  ) {
    this.opts = {
      flowsRefreshMs: 1000,
      packetsRefreshMs: 300,
      filterDebounceMs: 250,
      now: () => performance.now(),
      onExport: () => {},
      ...opts,
    };
    this.flowsThrottle = new Throttle(() => void this.flows.rows.refresh(), this.opts.flowsRefreshMs, this.opts.now);
    this.packetsThrottle = new Throttle(
      // following the newest: fetch the end of the list as long as the latest count says it is
      () => void (this.packets.follow ? this.packets.rows.tail(this.lastPacketsMatching) : this.packets.rows.refresh()),
      this.opts.packetsRefreshMs,
      this.opts.now,
    );
    this.timelineThrottle = new Throttle(() => this.refreshTimeline(), 1000, this.opts.now);
    this.filters = new FiltersState(api, {
      debounceMs: this.opts.filterDebounceMs,
      onApplied: (f) => {
        // the packet shown may not match any more: its details go with the old list
        this.packets.clearSelection();
        this.flows.requery();
        this.packets.requery();
        this.refreshPackets();
        this.refreshTimeline();
        // kept for the next start: what was typed, not a zoom or a drill-down into this session
        const { time: _time, hosts: _hosts, ...typed } = f;
        void this.settings.patch({ viewFilter: typed });
      },
    });
    this.timeline = new TimelineState(api);
    this.stream = new StreamState(api);
    this.flows = new FlowsState(api);
    this.packets = new PacketsState(api);
    this.alerts = new AlertsState(api);
    this.settings = new SettingsState(api);
    this.capture = new CaptureState(api, {
      settings: () => this.settings.current,
      onSession: (s) => this.onState(s),
    });
  }

  /** The view on screen. */
  get view(): ViewName {
    return this.#view;
  }

  get connection(): ConnectionState {
    return this.#connection;
  }

  get info(): AppInfo | null {
    return this.#info;
  }

  get notices(): Notice[] {
    return this.#notices;
  }

  /** The alert to bring into view (a clicked notification); the Alerts view calls alertFocused(). */
  get focusAlert(): string | null {
    return this.#focusAlert;
  }

  /** Ticks when the menu asks to focus the filters bar. */
  get focusFilterTick(): number {
    return this.#focusFilterTick;
  }

  /** Puts the cursor in the filters bar's search (the `/` key, the menu's Find). */
  focusFilter(): void {
    this.#focusFilterTick++;
  }

  alertFocused(): void {
    this.#focusAlert = null;
  }

  /** Subscribes to the engine's events and loads what the app needs to start. */
  async connect(): Promise<void> {
    const api = this.api;
    this.unsubscribe.push(
      api.onConnection((c) => {
        const wasClosed = this.#connection === 'closed';
        this.#connection = c;
        if (c === 'open' && wasClosed) void this.load(); // the serve process may have restarted
      }),
      api.on('snapshot', (s) => this.onSnapshot(s)),
      api.on('state', (s) => this.onState(s)),
      api.on('alert', (a) => this.alerts.upsert(a)),
      api.on('error', (e) => this.notify(e)),
      api.on('navigate', (n) => this.navigate(n)),
      api.on('command', (c) => this.command(c)),
    );
    await this.load();
  }

  disconnect(): void {
    for (const u of this.unsubscribe.splice(0)) u();
  }

  /**
   * app:info, settings, interfaces, the alerts of a session already running; the stored view
   * filter is put back in the bar and applied.
   */
  async load(): Promise<void> {
    const info = await this.api.request('app:info');
    if (info.ok) this.#info = info.value;
    else this.notify(info.error);
    // a window reloaded during or after a session: all its alerts, not only a snapshot's latest
    void this.alerts.load();
    if (await this.settings.load()) {
      this.filters.load(this.settings.current!.viewFilter);
      // always sent: the engine then applies what this window shows, and answers with a snapshot
      // of the session already running (a window opened or reloaded late sees it at once)
      void this.filters.apply(true);
    }
    await this.capture.loadInterfaces(this.settings.current?.lastInterface ?? '');
    if (this.#info?.capture.possible === false && this.#view === 'dashboard' && !this.session.info)
      this.#view = 'permission';
  }

  navigate(n: NavigateEvent): void {
    this.#view = n.view;
    if (n.alertId) this.#focusAlert = n.alertId;
  }

  show(view: ViewName): void {
    this.#view = view;
    if (view === 'connections') void this.flows.rows.refresh();
    if (view === 'packets') this.refreshPackets();
    if (view === 'dashboard') this.refreshTimeline();
  }

  /** The dashboard's time axis again (the zoom, the live window, or the whole session). */
  refreshTimeline(): void {
    if (!this.session.info || this.session.info.id === 0) return;
    const started = this.session.info.startedAt;
    void this.timeline.refresh(
      this.session.live && this.session.running,
      this.filters.time,
      started !== null ? started / 1000 : null,
    );
  }

  /** A chart was zoomed (dragged over): every view shows that time range. */
  zoom(range: TimeRange | null): void {
    void this.filters.setTime(range);
  }

  /**
   * A drill-down: `filter`'s parts (the rest of the bar is emptied) applied at once, then `view`
   * shown: an alert's packets, a talker's connections, a connection's packets.
   */
  async drill(filter: Partial<ViewFilter>, view: ViewName): Promise<void> {
    await this.filters.show({ ...EMPTY_FILTER, ...filter });
    if (view === 'packets') this.packets.setFollow(false);
    this.show(view);
  }

  /** The packets list again: its end when following the newest, else the rows on screen. */
  refreshPackets(): void {
    const expected = this.session.current?.counts.packetsMatching ?? 0;
    void (this.packets.follow ? this.packets.rows.tail(expected) : this.packets.rows.refresh());
  }

  notify(error: ErrorInfo): void {
    this.#notices = [...this.#notices.slice(-4), { id: ++this.noticeId, error }];
  }

  dismiss(id: number): void {
    this.#notices = this.#notices.filter((n) => n.id !== id);
  }

  /** Starts a live capture, remembering the interface and filter; no permission shows its page. */
  async startCapture(): Promise<boolean> {
    const ok = await this.capture.start();
    if (ok) {
      void this.settings.patch({
        lastInterface: this.capture.selected,
        captureFilter: this.capture.bpf.trim(),
      });
      if (this.#view === 'permission') this.#view = 'dashboard';
      return true;
    }
    const err = this.capture.error;
    if (err?.code === 'no-permission') {
      const info = await this.api.request('app:info');
      if (info.ok) this.#info = info.value;
      if (!this.#info?.capture.problem) {
        this.#startProblem = { platform: this.#info?.platform ?? '', message: err.message, hint: err.hint, steps: [] };
      }
      this.#view = 'permission';
    }
    return false;
  }

  /** Log-to-file toggle and folder from the toolbar: kept in the settings. */
  async setLogging(enabled: boolean, folder: string): Promise<void> {
    await this.settings.patch({ logging: { enabled, folder, rotateMb: this.capture.logging.rotateMb } });
  }

  /** Follow the newest packets or not; following fetches the end of the list at once. */
  followPackets(follow: boolean): void {
    this.packets.setFollow(follow);
    if (follow) this.refreshPackets();
  }

  private command(c: CommandEvent): void {
    switch (c.command) {
      case 'start':
        void this.startCapture();
        break;
      case 'stop':
        void this.capture.stop();
        break;
      case 'pause':
        void this.capture.pause();
        break;
      case 'resume':
        void this.capture.resume();
        break;
      case 'focus-filter':
        this.#focusFilterTick++;
        break;
      case 'export':
        this.opts.onExport(c.exportKind ?? 'html-report');
        break;
    }
  }

  private onState(s: SessionInfo): void {
    const first = this.session.info === null;
    if (this.session.applyInfo(s)) this.newSession(first && s.id > 0);
    else if (s.state !== 'running') this.refreshTimeline(); // a pause, a stop, a file read to its end
    if (s.error && s.stopReason === 'error') this.notify(s.error);
  }

  private onSnapshot(s: Snapshot): void {
    const first = this.session.info === null;
    if (this.session.applySnapshot(s)) this.newSession(first);
    else if (this.session.snapshot !== s) return; // stale
    this.alerts.applySummary(s.alerts);
    this.filters.applyStatus(s.filter);
    this.path.ingest(s);
    if (!s.filter.active) this.filters.notePresent(s.protocols);
    this.refreshLists(s);
    if (this.#view === 'dashboard' && (this.session.running || this.timeline.range === null))
      this.timelineThrottle.run();
  }

  /**
   * A session began: what the lists held belongs to the old one. `seenLate`: the first session
   * this page sees, perhaps begun (and alerting) before it loaded: its alerts are asked for; a
   * session begun while the page watches has none yet beyond what its events bring.
   */
  private newSession(seenLate: boolean): void {
    this.path.clear();
    this.alerts.clear();
    this.timeline.clear();
    // a file opens at its first packet (as Wireshark does); a live capture follows the newest
    this.packets.setFollow(this.session.live);
    // a zoom or a drill-down into the old session's time and hosts means nothing in the new one
    void this.filters.dropDrill();
    if (seenLate) void this.alerts.load();
    this.packets.clearSelection();
    this.flows.requery();
    this.packets.requery();
    this.refreshPackets();
    this.lastFlowsCount = -1;
    this.lastPacketsMatching = -1;
  }

  /**
   * Re-fetch the visible rows of the view on screen when the data under them moved. Throttled,
   * with a trailing call: the last change (a file read to its end, a capture stopped) is always shown.
   */
  private refreshLists(s: Snapshot): void {
    const moving = s.session.state === 'running' || s.session.state === 'starting';
    if (this.#view === 'connections' && (s.counts.flows !== this.lastFlowsCount || moving)) {
      this.lastFlowsCount = s.counts.flows;
      this.flowsThrottle.run();
    }
    if (this.#view === 'packets' && (s.counts.packetsMatching !== this.lastPacketsMatching || moving)) {
      this.lastPacketsMatching = s.counts.packetsMatching;
      this.packetsThrottle.run();
    }
  }
}

/** Calls `fn` at most once per `ms`; a call that comes too soon runs once the interval is over. */
export class Throttle {
  private last = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly fn: () => void,
    private readonly ms: number,
    private readonly now: () => number,
  ) {}

  run(): void {
    const wait = this.last + this.ms - this.now();
    if (wait <= 0) {
      this.fire();
      return;
    }
    this.timer ??= setTimeout(() => this.fire(), wait);
  }

  private fire(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.last = this.now();
    this.fn();
  }
}
