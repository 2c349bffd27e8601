/**
 * The renderer's one transport to the engine, typed from the contract (src/api/contract.ts).
 *
 * - Desktop: the preload's `window.netlens` (one named function per channel, `on` → unsubscribe).
 * - Browser (`netlens serve`): a WebSocket to the host that served the page, carrying the token
 *   from the page's URL (`?token=…`); it reconnects after a drop and says so through `onConnection`.
 *
 * This is the only file that touches `window.netlens` (ESLint enforces it). Replies are Results:
 * a lost connection is an error value too (code 'unreachable'), never a throw.
 */
import {
  bridgeMethod,
  type EventMap,
  type EventName,
  type NetlensBridge,
  type Reply,
  type RequestArgs,
  type RequestChannel,
  type WsEvent,
  type WsReply,
  type WsRequest,
} from '../../src/api/contract.js';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface Api {
  readonly mode: 'desktop' | 'browser';
  request<C extends RequestChannel>(
    channel: C,
    ...args: RequestArgs<C> extends void ? [] : [RequestArgs<C>]
  ): Promise<Reply<C>>;
  on<E extends EventName>(event: E, cb: (data: EventMap[E]) => void): () => void;
  /** Connection changes (the desktop bridge is always 'open'). Called at once with the current state. */
  onConnection(cb: (state: ConnectionState) => void): () => void;
  /** The file-system path of a dropped File: desktop only ('' in the browser). */
  pathForFile(file: File): string;
}

function lost<C extends RequestChannel>(message: string): Reply<C> {
  return {
    ok: false,
    error: {
      code: 'unreachable',
      message,
      hint: 'Check that NetLens is still running; the page reconnects by itself.',
    },
  };
}

/** The desktop transport: every call goes through the preload's named functions. */
export function bridgeApi(bridge: NetlensBridge): Api {
  return {
    mode: 'desktop',
    async request(channel, ...args) {
      const method = bridge[bridgeMethod(channel)] as (a?: unknown) => Promise<Reply<typeof channel>>;
      try {
        return await method.call(bridge, args[0]);
      } catch (err) {
        return lost(`the app did not answer ${channel}: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    on: (event, cb) => bridge.on(event, cb),
    onConnection(cb) {
      cb('open');
      return () => {};
    },
    pathForFile: (file) => bridge.pathForFile(file),
  };
}

/** What the WebSocket transport needs from its environment (tests give their own). */
export interface WsOptions {
  url: string;
  /** Defaults to the global WebSocket. */
  WebSocketImpl?: typeof WebSocket;
  /** Reconnect delays in ms, growing to the last (default 250 ms up to 5 s). */
  retryDelaysMs?: number[];
}

type Listener = (data: unknown) => void;

/** The browser transport: JSON frames `{ id, channel, args }` ⇄ `{ id, reply }`, pushes `{ event, data }`. */
export function wsApi(opts: WsOptions): Api & { close(): void } {
  const WS = opts.WebSocketImpl ?? WebSocket;
  const delays = opts.retryDelaysMs ?? [250, 500, 1000, 2000, 5000];
  const listeners = new Map<string, Set<Listener>>();
  const connListeners = new Set<(s: ConnectionState) => void>();
  const pending = new Map<number, (reply: Reply<RequestChannel>) => void>();
  let queue: string[] = [];
  let nextId = 1;
  let ws: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let attempt = 0;
  let closedByUs = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const setState = (s: ConnectionState): void => {
    if (s === state) return;
    state = s;
    for (const cb of connListeners) cb(s);
  };

  const connect = (): void => {
    retryTimer = null;
    setState('connecting');
    const sock = new WS(opts.url);
    ws = sock;
    sock.onopen = () => {
      attempt = 0;
      setState('open');
      const q = queue;
      queue = [];
      for (const frame of q) sock.send(frame);
    };
    sock.onmessage = (ev: MessageEvent) => {
      if (typeof ev.data !== 'string') return;
      let msg: Partial<WsReply & WsEvent>;
      try {
        msg = JSON.parse(ev.data) as Partial<WsReply & WsEvent>;
      } catch {
        return;
      }
      if (typeof msg.id === 'number' && msg.reply) {
        const done = pending.get(msg.id);
        pending.delete(msg.id);
        done?.(msg.reply);
      } else if (typeof msg.event === 'string') {
        const set = listeners.get(msg.event);
        if (set) for (const cb of [...set]) cb(msg.data);
      }
    };
    sock.onclose = () => {
      if (ws !== sock) return;
      ws = null;
      // requests in flight will never be answered: answer them now
      const waiting = [...pending.values()];
      pending.clear();
      for (const done of waiting) done(lost('the connection to NetLens was lost'));
      setState('closed');
      if (!closedByUs) {
        const delay = delays[Math.min(attempt, delays.length - 1)];
        attempt++;
        retryTimer = setTimeout(connect, delay);
      }
    };
  };
  connect();

  return {
    mode: 'browser',
    request(channel, ...args) {
      const id = nextId++;
      const frame: WsRequest = { id, channel, args: args[0] as RequestArgs<RequestChannel> };
      const text = JSON.stringify(frame);
      return new Promise((resolve) => {
        pending.set(id, resolve as (r: Reply<RequestChannel>) => void);
        if (ws && ws.readyState === WS.OPEN) ws.send(text);
        else queue.push(text);
      });
    },
    on(event, cb) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = cb as Listener;
      set.add(l);
      return () => set.delete(l);
    },
    onConnection(cb) {
      connListeners.add(cb);
      cb(state);
      return () => connListeners.delete(cb);
    },
    pathForFile: () => '',
    close() {
      closedByUs = true;
      if (retryTimer) clearTimeout(retryTimer);
      ws?.close();
    },
  };
}

/** The WebSocket address for the page's own host, with the token the page was opened with. */
export function wsUrlFor(loc: { protocol: string; host: string; search: string }): string {
  const token = new URLSearchParams(loc.search).get('token') ?? '';
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}/ws?token=${encodeURIComponent(token)}`;
}

/** The transport for this page: the preload bridge in the desktop app, else the serve WebSocket. */
export function createApi(): Api {
  const bridge = (window as unknown as { netlens?: NetlensBridge }).netlens;
  if (bridge) return bridgeApi(bridge);
  return wsApi({ url: wsUrlFor(window.location) });
}
