/**
 * The engine behind the contract: answers the engine's requests (interfaces, capture control,
 * files, the view filter, pages of flows and packets, alerts, export) and pushes its events. One
 * session at a time; starting another stops the current one. `netlens serve` runs it in its own
 * process and the desktop app in the engine's utility process; both hand it validated requests
 * (it validates again: it trusts no transport).
 */
import {
  dispatch,
  isHostChannel,
  type EngineChannel,
  type EventMap,
  type EventName,
  type Handlers,
  type RequestArgs,
} from '../api/contract.js';
import { fail, ok, type Result } from '../api/errors.js';
import type { ProbeTarget } from '../api/probe.js';
import type { AppInfo, CaptureStartArgs, PermissionProblem, SessionInfo } from '../api/session.js';
import type { Settings } from '../api/settings.js';
import type { ViewFilter } from '../api/views.js';
import { canCapture, permissionHint } from '../capture/capture-permission.js';
import { listInterfaces } from '../capture/interfaces.js';
import { defaultTargets } from '../probe/default-targets.js';
import type { HistoryApi } from '../history/history-store.js';
import { EngineDelivery } from './engine-delivery.js';
import { EngineHistory } from './engine-history.js';
import { privateTempDir, removeTempDir, SPOOL_PREFIX } from './temp-folders.js';
import { EngineSession, type EngineSessionOptions } from '../session/engine-session.js';
import { DEFAULT_ALERTS_LISTED, MAX_PAGE_SIZE, validateRequest } from './request-validators.js';
import { runExport } from '../export/session-export.js';
import { checkFilterOn } from '../session/session-source.js';
import { DEFAULT_PACKET_BYTES_KEPT, DEFAULT_PACKETS_KEPT, type SessionViewOptions } from '../session/session-view.js';
import { DEFAULT_SETTINGS } from './settings-schema.js';
import { WINDOW_SEC } from '../session/traffic-window.js';
import { EMPTY_FILTER, filterProtocolNames, filterProtocols } from '../session/view-filter.js';

export type Emit = <E extends EventName>(event: E, data: EventMap[E]) => void;

export interface EngineServiceOptions {
  emit: Emit;
  view?: SessionViewOptions;
  snapshotIntervalMs?: number;
  /** Probe latency during live sessions (the settings can turn it off too). Default true. */
  probe?: boolean;
  /** Keep history in this store (the user data folder's history.duckdb); absent or null: none. */
  history?: { path: string } | null;
  version?: string;
}

const IDLE: SessionInfo = {
  id: 0,
  state: 'idle',
  source: null,
  startedAt: null,
  stoppedAt: null,
  stopReason: null,
  progress: null,
  error: null,
  warnings: [],
  logging: null,
};

export class EngineService {
  private session: EngineSession | null = null;
  private nextId = 1;
  private filter: ViewFilter = EMPTY_FILTER;
  private settings: Settings = DEFAULT_SETTINGS;
  private permission: PermissionProblem | null = null;
  private readonly spoolDir = privateTempDir(SPOOL_PREFIX);
  /** The webhook and email channels of Settings → Delivery, fed by live sessions. */
  readonly delivery = new EngineDelivery();
  /** History across sessions (null: this engine keeps none). */
  readonly history: EngineHistory | null;

  constructor(private readonly opts: EngineServiceOptions) {
    this.history = opts.history
      ? new EngineHistory({
          path: opts.history.path,
          onAlert: (a, e) => {
            opts.emit('alert', a);
            this.delivery.offer(e);
          },
          onError: (e) => opts.emit('error', e),
        })
      : null;
  }

  /** A history channel's answer (the handler table's types hold the reply's shape). */
  private historyAsk<M extends keyof HistoryApi>(
    method: M,
    ...args: Parameters<HistoryApi[M]>
  ): Promise<Result<never>> {
    if (!this.history)
      return Promise.resolve(
        fail('not-found', 'this engine keeps no history', 'run netlens serve without --no-history, or use the app'),
      );
    return this.history.ask(method, ...args) as Promise<Result<never>>;
  }

  /** The settings that shape sessions (probe targets, thresholds, the view filter to start with). */
  configure(settings: Settings): void {
    this.settings = settings;
    this.delivery.configure(settings.delivery);
  }

  appInfo(
    mode: AppInfo['mode'],
    versions: AppInfo['versions'] = { node: process.versions.node, electron: null, chrome: null },
  ): AppInfo {
    const possible = canCapture();
    const problem =
      this.permission ?? (possible === false ? permissionProblem('capture is not allowed for this program') : null);
    return {
      name: 'NetLens',
      version: this.opts.version ?? '0.1.0',
      platform: process.platform,
      arch: process.arch,
      mode,
      versions,
      capture: { possible: this.permission ? false : possible, problem },
      protocols: filterProtocols(),
      protocolNames: filterProtocolNames(),
      limits: {
        maxPageSize: MAX_PAGE_SIZE,
        packetsKept: this.opts.view?.packetsKept ?? DEFAULT_PACKETS_KEPT,
        packetBytesKept: this.opts.view?.packetBytesKept ?? DEFAULT_PACKET_BYTES_KEPT,
        timelineWindowSec: WINDOW_SEC,
      },
    };
  }

  /** One handler per channel the engine answers (the host answers app info and settings). */
  private readonly handlers: Handlers<EngineChannel> = {
    'interfaces:list': () => listInterfaces(),
    'filter:check': (a) => checkFilterOn(a.interface, a.filter),
    'capture:start': (a) => this.startLive(a),
    'capture:pause': () => this.withSession((s) => ok(s.pause())),
    'capture:resume': () => this.withSession((s) => ok(s.resume())),
    'capture:stop': () => ok(this.session ? this.session.stop('user') : IDLE),
    'file:open': (a) =>
      a.path === undefined
        ? fail('invalid-argument', 'file:open needs a path here', 'give the absolute path of a .pcap or .pcapng file')
        : this.startSession({ kind: 'file', path: a.path }, null),
    'view:setFilter': (f) => {
      this.filter = f;
      this.session?.setFilter(f);
      if (this.session) this.opts.emit('snapshot', this.session.snapshot());
      return ok(f);
    },
    'flows:page': (a) => this.withSession((s) => ok(s.flowsPage(a))),
    'packets:page': (a) => this.withSession((s) => ok(s.packetsPage(a.offset, a.limit))),
    'packets:detail': (a) => this.withSession((s) => s.packetDetail(a.frame)),
    'probe:add': (a) => this.withSession((s) => s.addProbeTarget(a.host)),
    'timeline:range': (a) => this.withSession((s) => ok(s.timeline(a))),
    'stream:follow': (a) => this.withSession((s) => ok(s.follow(a))),
    'alerts:ack': (a) => this.withSession((s) => ok({ acknowledged: s.ackAlerts(a.ids, a.all === true) })),
    // no session yet: no alerts (a window loading at start asks before anything is open)
    'alerts:list': (a) => ok(this.session ? this.session.latestAlerts(a.limit ?? DEFAULT_ALERTS_LISTED) : []),
    'history:usage': (a) => this.historyAsk('usage', a),
    'history:sessions': (a) => this.historyAsk('sessions', a ?? {}),
    'history:session': (a) => this.historyAsk('session', a.id),
    'history:flows': (a) => this.historyAsk('flows', a),
    'history:forget': (a) => this.historyAsk('forget', a),
    'history:status': () => this.historyAsk('status'),
    'history:configure': (a) => this.historyAsk('configure', a),
    'history:budgets': () => this.historyAsk('budgetStates'),
    'history:budgetSet': (a) => this.historyAsk('putBudget', a),
    'history:budgetDelete': (a) => this.historyAsk('deleteBudget', a.id),
    'export:run': (a) => {
      const path = a.path;
      if (path === undefined)
        return fail('invalid-argument', 'export:run needs a path here', 'give the absolute path to write');
      return this.withSession((s) => {
        const r = runExport(s, a.kind, path, a.charts ?? []);
        return r.ok ? ok({ kind: a.kind, path, url: null, bytes: r.value.bytes }) : r;
      });
    },
  };

  /** Answers one request (validated here again: it trusts no transport). Never throws for expected failures. */
  async handle(channel: unknown, rawArgs: unknown): Promise<Result<unknown>> {
    const checked = validateRequest(channel, rawArgs);
    if (!checked.ok) return checked;
    const c = checked.value.channel;
    if (isHostChannel(c))
      return fail(
        'invalid-argument',
        `the engine does not answer ${c}`,
        'ask the host (settings and app info are answered there)',
      );
    return dispatch(this.handlers, c, checked.value.args as RequestArgs<typeof c>);
  }

  private withSession<T>(f: (s: EngineSession) => Result<T>): Result<T> {
    if (!this.session)
      return fail('no-session', 'there is no capture or file open yet', 'start a capture or open a file first');
    return f(this.session);
  }

  private async startLive(a: CaptureStartArgs): Promise<Result<SessionInfo>> {
    const list = await listInterfaces();
    const iface = list.ok ? list.value.find((i) => i.name === a.interface) : undefined;
    const probing = this.opts.probe !== false && this.settings.probe.enabled;
    const found = probing ? await defaultTargets() : null;
    const probeTargets = found ? this.probeTargets(found.targets) : null;
    const r = await this.startSession(
      {
        kind: 'live',
        device: a.interface,
        filter: a.filter,
        log: a.log,
        localAddresses: iface ? [...iface.ipv4, ...iface.ipv6] : [],
      },
      probeTargets,
      found ? { probeNotes: found.notProbed ?? [], noGateway: !found.targets.some((t) => t.kind === 'gateway') } : {},
    );
    if (!r.ok && r.error.code === 'no-permission') this.permission = permissionProblem(r.error.message);
    if (r.ok) this.permission = null;
    return r;
  }

  private probeTargets(found: ProbeTarget[]): ProbeTarget[] {
    const seen = new Set(found.map((t) => t.host));
    const custom = this.settings.probe.targets
      .filter((t) => !seen.has(t.host))
      .map((t) => ({ host: t.host, kind: 'custom' as const }));
    return [...found, ...custom].slice(0, 8);
  }

  /**
   * Starts a session; the current one keeps running until the new one has opened (a file that
   * cannot be opened leaves it as it was), then ends silently: its events stop at once, so the
   * window never sees the old session after the new one.
   */
  private async startSession(
    spec: Parameters<typeof EngineSession.start>[0]['spec'],
    probeTargets: ProbeTarget[] | null,
    probing: Pick<EngineSessionOptions, 'probeNotes' | 'noGateway'> = {},
  ): Promise<Result<SessionInfo>> {
    const emit = this.opts.emit;
    const gate = { open: true };
    const through =
      <A>(f: (a: A) => void) =>
      (a: A): void => {
        if (gate.open) f(a);
      };
    const r = await EngineSession.start({
      id: this.nextId++,
      spec,
      spoolDir: this.spoolDir,
      view: this.opts.view,
      filter: this.filter,
      snapshotIntervalMs: this.opts.snapshotIntervalMs,
      probeTargets,
      ...probing,
      thresholds: this.settings.thresholds,
      deliveryStatus: () => this.delivery.status(),
      events: {
        snapshot: through((s) => emit('snapshot', s)),
        state: through((s) => {
          if (s.state === 'stopped') void this.history?.finish(s.stopReason ?? undefined);
          emit('state', s);
        }),
        error: through((e) => emit('error', e)),
        alert: through((a) => emit('alert', a)),
      },
    });
    if (!r.ok) return r;
    if (this.session) {
      this.closeGate();
      this.session.dispose();
    }
    this.session = r.value;
    this.closeGate = () => (gate.open = false);
    if (spec.kind === 'live') {
      r.value.pipeline.alerts?.on('alert', (e) => this.delivery.offer(e));
      this.history?.record(r.value, spec.localAddresses ?? []);
    }
    return ok(r.value.info());
  }

  /** Silences the current session's events (it is being replaced). */
  private closeGate: () => void = () => {};

  /** The current session (tests and the serve host's export download read it). */
  get current(): EngineSession | null {
    return this.session;
  }

  /** dispose(), then history's last write and close (what a host awaits before it exits). */
  async shutdown(): Promise<void> {
    this.dispose();
    await this.history?.close();
  }

  dispose(): void {
    this.session?.dispose();
    this.session = null;
    void this.history?.close();
    void this.delivery.close(2000);
    removeTempDir(this.spoolDir);
  }
}

/** The permission page's content for this OS (the binary to give rights to is this process's own). */
export function permissionProblem(
  message: string,
  platform: NodeJS.Platform = process.platform,
  exe = process.execPath,
): PermissionProblem {
  const hint = permissionHint(platform);
  let steps: string[];
  switch (platform) {
    case 'linux':
      steps = [
        'Capturing needs the capabilities CAP_NET_RAW and CAP_NET_ADMIN; running the whole app as root is not needed (nor wise).',
        `Give them to the program that captures, once (ask an administrator if you cannot use sudo): sudo setcap cap_net_raw,cap_net_admin=eip "${exe}"`,
        'Or capture with a distribution package that sets this up (Wireshark\'s "wireshark" group works the same way for dumpcap).',
        'Then start NetLens again and press Start.',
      ];
      break;
    case 'darwin':
      steps = [
        'macOS lets programs capture when your user can read the BPF devices /dev/bpf*.',
        'Install Wireshark\'s "ChmodBPF" (it comes with Wireshark: "Install ChmodBPF.pkg"); it adds your user to the access_bpf group at every boot.',
        'Log out and back in (group membership changes at login), then start NetLens again.',
      ];
      break;
    case 'win32':
      steps = [
        'Windows captures through Npcap.',
        'Download it from https://npcap.com and install it with "Install Npcap in WinPcap API-compatible Mode" ticked.',
        'If you ticked "Restrict Npcap driver\'s access to Administrators only", run NetLens as administrator, or reinstall Npcap without that option.',
        'Then start NetLens again.',
      ];
      break;
    default:
      steps = [hint];
  }
  return { platform, message, hint, steps };
}
