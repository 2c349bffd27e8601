/**
 * The contract between the engine's hosts (Electron main over IPC, `netlens serve` over a
 * WebSocket) and the renderer: one request/response map and one push-event map, channel names
 * `area:verb`. Both transports carry exactly these types; both ends use generic helpers typed
 * from these maps. Types only: add channels and fields, never rename them.
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
  ViewFilter,
} from './views.js';

/** One request channel: what the caller sends (`void`: nothing) and what a successful reply holds. */
export interface Channel<Args, Value> {
  args: Args;
  value: Value;
}

export interface RequestMap {
  /** Version, platform, whether live capture is possible here (and if not, this OS's fix). */
  'app:info': Channel<void, AppInfo>;
  /** Interfaces that can be captured on, with friendly names, addresses and marks. */
  'interfaces:list': Channel<void, InterfaceDto[]>;
  /** Checks a BPF capture filter before start (error `invalid-filter` with libpcap's message). */
  'filter:check': Channel<FilterCheckArgs, FilterCheckResult>;
  /** Starts a live capture (stops any current session first). */
  'capture:start': Channel<CaptureStartArgs, SessionInfo>;
  'capture:pause': Channel<void, SessionInfo>;
  'capture:resume': Channel<void, SessionInfo>;
  'capture:stop': Channel<void, SessionInfo>;
  /**
   * Opens a pcap/pcapng file as a new session (stops any current one). Without `path`, the desktop
   * app shows its open dialog (error `cancelled` if the user cancels); the browser mode needs a path
   * on the server's machine.
   */
  'file:open': Channel<FileOpenArgs, SessionInfo>;
  /** Sets the live view filter: every view (totals, charts, top lists, flows, packets) follows it. Returns it normalized. */
  'view:setFilter': Channel<ViewFilter, ViewFilter>;
  /** A page of flows, sorted by a column, searched, and filtered by the view filter. */
  'flows:page': Channel<FlowsPageArgs, FlowsPage>;
  /** A page of the latest packets (those still kept), filtered by the view filter, oldest first. */
  'packets:page': Channel<PacketsPageArgs, PacketsPage>;
  /** One packet's decoded layers as a tree and its bytes as hex (error `not-found` once it is no longer kept). */
  'packets:detail': Channel<PacketDetailArgs, PacketDetail>;
  /** Acknowledges alerts (by id, or all). */
  'alerts:ack': Channel<AlertAckArgs, AlertAckResult>;
  /**
   * The session's alerts (the engine keeps up to 1000), newest first by latest evidence, at most
   * `limit`: a window opened or reloaded late sees more than a snapshot's latest 20. No session: [].
   */
  'alerts:list': Channel<AlertListArgs, AlertDto[]>;
  /**
   * Exports the session: pcap, flows CSV, session JSON or an HTML report (send the charts as PNG
   * data URLs). Without `path`, the desktop app shows its save dialog; the browser mode answers
   * with a `url` to download from.
   */
  'export:run': Channel<ExportArgs, ExportResult>;
  'settings:get': Channel<void, Settings>;
  /** Changes some settings; answers with all of them as stored. */
  'settings:set': Channel<SettingsPatch, Settings>;
}

export type RequestChannel = keyof RequestMap;
export type RequestArgs<C extends RequestChannel> = RequestMap[C]['args'];
export type RequestValue<C extends RequestChannel> = RequestMap[C]['value'];
export type Reply<C extends RequestChannel> = Result<RequestValue<C>>;

/** Where the desktop app asks the renderer to go (menu items, a clicked notification). */
export interface NavigateEvent {
  view: 'dashboard' | 'connections' | 'packets' | 'alerts' | 'suggestions' | 'settings' | 'permission';
  /** The alert to show (from a clicked notification). */
  alertId?: string;
}

/** Menu commands the renderer carries out itself (they need its state: the charts, the filter). */
export interface CommandEvent {
  command: 'export' | 'start' | 'stop' | 'pause' | 'resume' | 'focus-filter';
  /** For 'export': which kind the menu item asked for. */
  exportKind?: ExportArgs['kind'];
}

export interface EventMap {
  /** At most 10 per second while a session runs, bounded in size (under 64 KB). */
  snapshot: Snapshot;
  /** The session's state changed (started, paused, stopped, failed, file read to the end). */
  state: SessionInfo;
  /** An alert was raised or updated. */
  alert: AlertDto;
  /** Something went wrong outside a request (interface gone, logging failed). */
  error: ErrorInfo;
  /** Desktop app only. */
  navigate: NavigateEvent;
  /** Desktop app only. */
  command: CommandEvent;
}

export type EventName = keyof EventMap;

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

/**
 * What the desktop preload exposes as `window.netlens`: one named function per request channel
 * (each is `ipcRenderer.invoke(channel, args)`), `on(event, cb) → unsubscribe`, and the one thing
 * only the preload can do: the path of a dropped file.
 */
export interface NetlensBridge {
  appInfo(): Promise<Reply<'app:info'>>;
  listInterfaces(): Promise<Reply<'interfaces:list'>>;
  checkFilter(args: FilterCheckArgs): Promise<Reply<'filter:check'>>;
  startCapture(args: CaptureStartArgs): Promise<Reply<'capture:start'>>;
  pauseCapture(): Promise<Reply<'capture:pause'>>;
  resumeCapture(): Promise<Reply<'capture:resume'>>;
  stopCapture(): Promise<Reply<'capture:stop'>>;
  openFile(args: FileOpenArgs): Promise<Reply<'file:open'>>;
  setViewFilter(args: ViewFilter): Promise<Reply<'view:setFilter'>>;
  flowsPage(args: FlowsPageArgs): Promise<Reply<'flows:page'>>;
  packetsPage(args: PacketsPageArgs): Promise<Reply<'packets:page'>>;
  packetDetail(args: PacketDetailArgs): Promise<Reply<'packets:detail'>>;
  ackAlerts(args: AlertAckArgs): Promise<Reply<'alerts:ack'>>;
  listAlerts(args: AlertListArgs): Promise<Reply<'alerts:list'>>;
  exportSession(args: ExportArgs): Promise<Reply<'export:run'>>;
  getSettings(): Promise<Reply<'settings:get'>>;
  setSettings(args: SettingsPatch): Promise<Reply<'settings:set'>>;
  on<E extends EventName>(event: E, cb: (data: EventMap[E]) => void): () => void;
  /** The file-system path of a File dropped on the window ('' when it has none). */
  pathForFile(file: File): string;
}

/** Which bridge function serves which channel (the renderer's one transport maps through this). */
export interface BridgeMethodFor {
  'app:info': 'appInfo';
  'interfaces:list': 'listInterfaces';
  'filter:check': 'checkFilter';
  'capture:start': 'startCapture';
  'capture:pause': 'pauseCapture';
  'capture:resume': 'resumeCapture';
  'capture:stop': 'stopCapture';
  'file:open': 'openFile';
  'view:setFilter': 'setViewFilter';
  'flows:page': 'flowsPage';
  'packets:page': 'packetsPage';
  'packets:detail': 'packetDetail';
  'alerts:ack': 'ackAlerts';
  'alerts:list': 'listAlerts';
  'export:run': 'exportSession';
  'settings:get': 'getSettings';
  'settings:set': 'setSettings';
}
