/**
 * The contract between the engine's hosts (Electron main over IPC, `netlens serve` over a
 * WebSocket) and the renderer: one request/response map and one push-event map, channel names
 * `area:verb`. Both transports carry exactly these types; both ends use generic helpers typed
 * from these lists. Add channels and fields, never rename them (the lists hold no data at run time).
 *
 * Every reply is a Result: `{ ok: true, value }`, or `{ ok: false, error: { code, message, hint } }`
 * for expected failures (bad arguments, no permission, no session, a packet no longer kept).
 */
import type { ErrorInfo, Result } from './errors.js';
import type { AlertDto } from './alerts-view.js';
import type {
  AppInfo,
  CaptureStartArgs,
  FileOpenArgs,
  FilterCheckArgs,
  FilterCheckResult,
  InterfaceDto,
  SessionInfo,
} from './session.js';
import type {
  BudgetDto,
  BudgetState,
  ForgetArgs,
  HistoryConfig,
  HistoryFlowsArgs,
  HistoryFlowsPage,
  HistorySession,
  HistorySessionDetail,
  HistoryStatus,
  UsageArgs,
  UsageResult,
} from './history.js';
import type { ProbeTarget } from './probe.js';
import type { Settings, SettingsPatch } from './settings.js';
import type { Snapshot } from './snapshot.js';
import type {
  AlertAckArgs,
  AlertAckResult,
  AlertListArgs,
  ExportArgs,
  ExportResult,
  FlowsPage,
  FlowsPageArgs,
  PacketDetail,
  PacketDetailArgs,
  PacketsPage,
  PacketsPageArgs,
  StreamArgs,
  StreamText,
  TimelineArgs,
  TimelineRange,
  ViewFilter,
} from './views.js';

/** One request channel: what the caller sends (`void`: nothing) and what a successful reply holds. */
export interface Channel<Args, Value> {
  /** Types only: never read at run time. */
  readonly args?: Args;
  readonly value?: Value;
}

/** A channel's entry in REQUESTS: carries its types, holds nothing at run time. */
function request<Args, Value>(): Channel<Args, Value> {
  return {};
}

/**
 * Every request channel, once. The types (RequestMap, RequestArgs, Reply), the preload's named
 * functions, the validators and each host's handler table are all derived from this list, so a
 * channel added here without a validator or a handler is a compile error.
 */
export const REQUESTS = {
  /** Version, platform, whether live capture is possible here (and if not, this OS's fix). */
  'app:info': request<void, AppInfo>(),
  /** Interfaces that can be captured on, with friendly names, addresses and marks. */
  'interfaces:list': request<void, InterfaceDto[]>(),
  /** Checks a BPF capture filter before start (error `invalid-filter` with libpcap's message). */
  'filter:check': request<FilterCheckArgs, FilterCheckResult>(),
  /** Starts a live capture (stops any current session first). */
  'capture:start': request<CaptureStartArgs, SessionInfo>(),
  'capture:pause': request<void, SessionInfo>(),
  'capture:resume': request<void, SessionInfo>(),
  'capture:stop': request<void, SessionInfo>(),
  /**
   * Opens a pcap/pcapng file as a new session (stops any current one). Without `path`, the desktop
   * app shows its open dialog (error `cancelled` if the user cancels); the browser mode needs a path
   * on the server's machine.
   */
  'file:open': request<FileOpenArgs, SessionInfo>(),
  /** Sets the live view filter: every view (totals, charts, top lists, flows, packets) follows it. Returns it normalized. */
  'view:setFilter': request<ViewFilter, ViewFilter>(),
  /** A page of flows, sorted by a column, searched, and filtered by the view filter. */
  'flows:page': request<FlowsPageArgs, FlowsPage>(),
  /** A page of the latest packets (those still kept), filtered by the view filter, oldest first. */
  'packets:page': request<PacketsPageArgs, PacketsPage>(),
  /** One packet's decoded layers as a tree and its bytes as hex (error `not-found` once it is no longer kept). */
  'packets:detail': request<PacketDetailArgs, PacketDetail>(),
  /**
   * The session's traffic over a span of capture time (default: all of it), in buckets from 10 ms
   * to 1 h chosen to fit, filtered by the view filter; with the paused spans.
   */
  'timeline:range': request<TimelineArgs, TimelineRange>(),
  /** The bytes of one TCP or UDP conversation as text, from the kept packets (Follow stream). */
  'stream:follow': request<StreamArgs, StreamText>(),
  /** Probes one more host during the live capture (the latency panel's Add target); answers the targets. */
  'probe:add': request<{ host: string }, ProbeTarget[]>(),
  /** Acknowledges alerts (by id, or all). */
  'alerts:ack': request<AlertAckArgs, AlertAckResult>(),
  /**
   * The session's alerts (the engine keeps up to 1000), newest first by latest evidence, at most
   * `limit`: a window opened or reloaded late sees more than a snapshot's latest 20. No session: [].
   */
  'alerts:list': request<AlertListArgs, AlertDto[]>(),
  /**
   * Exports the session: pcap, flows CSV, session JSON or an HTML report (send the charts as PNG
   * data URLs). Without `path`, the desktop app shows its save dialog; the browser mode answers
   * with a `url` to download from.
   */
  'export:run': request<ExportArgs, ExportResult>(),
  'settings:get': request<void, Settings>(),
  /** Changes some settings; answers with all of them as stored. */
  'settings:set': request<SettingsPatch, Settings>(),
  /** History (issue 14): usage between two times, grouped, in the buckets asked for. */
  'history:usage': request<UsageArgs, UsageResult>(),
  /** Past sessions, newest first, with their totals and alert counts. */
  'history:sessions': request<{ limit?: number; offset?: number }, HistorySession[]>(),
  /** One past session: alerts, suggestions, top hosts and apps, per-minute timeline. */
  'history:session': request<{ id: number }, HistorySessionDetail>(),
  /** Flows of a past range matching the view's filter fields, a page at a time. */
  'history:flows': request<HistoryFlowsArgs, HistoryFlowsPage>(),
  /** Forgets everything, a range, or one host or app; answers how many rows went. */
  'history:forget': request<ForgetArgs, { rows: number }>(),
  /** Where the store is, how big, what it holds, whether it is on (error: why it is off). */
  'history:status': request<void, HistoryStatus>(),
  /** Changes what history keeps (on/off, retention, the disk cap); answers all of it. */
  'history:configure': request<Partial<HistoryConfig>, HistoryConfig>(),
  /** The data budgets and how each stands this cycle (used, forecast, level). */
  'history:budgets': request<void, BudgetState[]>(),
  /** Adds a budget (no id) or replaces one (its id). */
  'history:budgetSet': request<Omit<BudgetDto, 'id'> & { id?: number }, BudgetDto>(),
  'history:budgetDelete': request<{ id: number }, { removed: boolean }>(),
} as const;

export type RequestMap = typeof REQUESTS;
export type RequestChannel = keyof RequestMap;
export type RequestArgs<C extends RequestChannel> = RequestMap[C] extends Channel<infer A, unknown> ? A : never;
export type RequestValue<C extends RequestChannel> = RequestMap[C] extends Channel<unknown, infer V> ? V : never;

/** The channels, at run time (the IPC handlers and the preload register one per entry). */
export const REQUEST_CHANNELS = Object.keys(REQUESTS) as RequestChannel[];

export function isRequestChannel(c: unknown): c is RequestChannel {
  return typeof c === 'string' && Object.prototype.hasOwnProperty.call(REQUESTS, c);
}

export type Reply<C extends RequestChannel> = Result<RequestValue<C>>;

/** Answered by the host itself (Electron main, `netlens serve`): app info and settings. */
export const HOST_CHANNELS = ['app:info', 'settings:get', 'settings:set'] as const satisfies readonly RequestChannel[];
export type HostChannel = (typeof HOST_CHANNELS)[number];
/** Answered by the engine service (the host forwards them, adding a dialog or a download where needed). */
export type EngineChannel = Exclude<RequestChannel, HostChannel>;

/** Answers one channel's validated arguments. */
export type Handler<C extends RequestChannel> = (args: RequestArgs<C>) => Promise<Reply<C>> | Reply<C>;
/** One handler per channel of `Cs`: a table missing one does not compile. */
export type Handlers<Cs extends RequestChannel> = { [C in Cs]: Handler<C> };

export function isHostChannel(c: RequestChannel): c is HostChannel {
  return (HOST_CHANNELS as readonly RequestChannel[]).includes(c);
}

/** Calls the table's handler for `channel` (the one place that needs the correlated cast). */
export async function dispatch<Cs extends RequestChannel, C extends Cs>(
  handlers: Handlers<Cs>,
  channel: C,
  args: RequestArgs<C>,
): Promise<Reply<C>> {
  return (handlers[channel] as Handler<C>)(args);
}

/** Where the desktop app asks the renderer to go (menu items, a clicked notification). */
export interface NavigateEvent {
  view: 'dashboard' | 'connections' | 'packets' | 'alerts' | 'suggestions' | 'path' | 'settings' | 'permission';
  /** The alert to show (from a clicked notification). */
  alertId?: string;
}

/** Menu commands the renderer carries out itself (they need its state: the charts, the filter). */
export interface CommandEvent {
  command: 'export' | 'start' | 'stop' | 'pause' | 'resume' | 'focus-filter';
  /** For 'export': which kind the menu item asked for. */
  exportKind?: ExportArgs['kind'];
}

/** One push event: the data it carries. */
export interface Event<Data> {
  /** Types only: never read at run time. */
  readonly data?: Data;
}

function event<Data>(): Event<Data> {
  return {};
}

/** Every push event, once (the preload forwards exactly these). */
export const EVENTS = {
  /** At most 10 per second while a session runs, bounded in size (under 64 KB). */
  snapshot: event<Snapshot>(),
  /** The session's state changed (started, paused, stopped, failed, file read to the end). */
  state: event<SessionInfo>(),
  /** An alert was raised or updated. */
  alert: event<AlertDto>(),
  /** Something went wrong outside a request (interface gone, logging failed). */
  error: event<ErrorInfo>(),
  /** Desktop app only. */
  navigate: event<NavigateEvent>(),
  /** Desktop app only. */
  command: event<CommandEvent>(),
} as const;

export type EventMap = { [E in keyof typeof EVENTS]: (typeof EVENTS)[E] extends Event<infer D> ? D : never };
export type EventName = keyof EventMap;
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

/** The one IPC channel that carries every push event to the desktop window. */
export const IPC_EVENT_CHANNEL = 'netlens:event';
/** The preload's one synchronous message: the path of a dropped file, answered by an opaque handle. */
export const IPC_GRANT_FILE_CHANNEL = 'netlens:grant-file';

/**
 * The WebSocket protocol of `netlens serve` (JSON text frames), the same contract as IPC:
 *   client → server  { id, channel, args }     (id: a number the client picks, echoed back)
 *   server → client  { id, reply }             (reply: Result of that channel)
 *   server → client  { event, data }           (push events)
 */
export interface WsRequest<C extends RequestChannel = RequestChannel> {
  id: number;
  channel: C;
  args: RequestArgs<C>;
}
export interface WsReply<C extends RequestChannel = RequestChannel> {
  id: number;
  reply: Reply<C>;
}
export interface WsEvent<E extends EventName = EventName> {
  event: E;
  data: EventMap[E];
}

/** The preload's function for a channel: 'capture:start' → 'captureStart', 'app:info' → 'appInfo'. */
export type BridgeMethod<C extends RequestChannel> = C extends `${infer Area}:${infer Verb}`
  ? `${Area}${Capitalize<Verb>}`
  : never;

export function bridgeMethod<C extends RequestChannel>(channel: C): BridgeMethod<C> {
  const i = channel.indexOf(':');
  return (channel.slice(0, i) + channel.charAt(i + 1).toUpperCase() + channel.slice(i + 2)) as BridgeMethod<C>;
}

/**
 * What the desktop preload exposes as `window.netlens`: one named function per request channel
 * (each is `ipcRenderer.invoke(channel, args)`), `on(event, cb) → unsubscribe`, and the one thing
 * only the preload can do: the path of a dropped file.
 */
export type NetlensBridge = {
  [C in RequestChannel as BridgeMethod<C>]: RequestArgs<C> extends void
    ? () => Promise<Reply<C>>
    : (args: RequestArgs<C>) => Promise<Reply<C>>;
} & {
  on<E extends EventName>(event: E, cb: (data: EventMap[E]) => void): () => void;
  /**
   * An opaque handle for a File dropped on the window ('' when it has no path): main learns the
   * path from the preload and hands the window only this, for file:open { handle }.
   */
  handleForFile(file: File): string;
};
