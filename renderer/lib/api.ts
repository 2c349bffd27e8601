/**
 * The renderer's one transport to the engine, typed from the contract (src/api/contract.ts).
 *
 * - Desktop: the preload's `window.netlens` (one named function per channel, `on` → unsubscribe).
 * - Browser (`netlens serve`): a WebSocket to the host that served the page. The token comes in the
 *   page's address (`?token=…`), is moved into this tab's sessionStorage and out of the address bar
 *   at load, and goes in the WebSocket handshake (src/api/serve-protocol.ts), never in a cookie.
 *   The socket reconnects after a drop and says so through `onConnection`.
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
import { TOKEN_PARAM, TOKEN_STORAGE_KEY, WS_PATH, WS_PROTOCOL, WS_TOKEN_PREFIX } from '../../src/api/serve-protocol.js';

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
  /** A handle for a dropped File, for file:open { handle }: desktop only ('' in the browser). */
  handleForFile(file: File): string;
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
    handleForFile: (file) => bridge.handleForFile(file),
  };
}

/** What the WebSocket transport needs from its environment (tests give their own). */
export interface WsOptions {
  url: string;
  /** Subprotocols offered in the handshake (wsProtocols(token) carries the token). */
  protocols?: string[];
  /** What a lost request says instead of 'the connection to NetLens was lost'. */
  lostMessage?: string;
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
    const sock = new WS(opts.url, opts.protocols);
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
      for (const done of waiting) done(lost(opts.lostMessage ?? 'the connection to NetLens was lost'));
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
    handleForFile: () => '',
    close() {
      closedByUs = true;
      if (retryTimer) clearTimeout(retryTimer);
      ws?.close();
    },
  };
}

/** The WebSocket address for the page's own host (the token goes in the handshake, not here). */
export function wsUrlFor(loc: { protocol: string; host: string }): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}${WS_PATH}`;
}

/** The subprotocols that carry the token in the handshake: the server answers 'netlens'. */
export function wsProtocols(token: string): string[] {
  return [WS_PROTOCOL, `${WS_TOKEN_PREFIX}${token}`];
}

interface PageLocation {
  pathname: string;
  search: string;
  hash: string;
}
interface PageHistory {
  state: unknown;
  replaceState(state: unknown, unused: string, url: string): void;
}
interface TabStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * The serve token: taken from the address (then removed from it, so it is not in the address bar,
 * the history or a bookmark) into this tab's storage, or, after a reload, from that storage.
 */
export function takeToken(loc: PageLocation, history: PageHistory, storage: TabStorage | null): string {
  const params = new URLSearchParams(loc.search);
  const fromUrl = params.get(TOKEN_PARAM);
  if (fromUrl !== null) {
    try {
      storage?.setItem(TOKEN_STORAGE_KEY, fromUrl);
    } catch {
      // storage refused (a private window's quota): the token lives in memory for this page
    }
    params.delete(TOKEN_PARAM);
    const rest = params.toString();
    history.replaceState(history.state, '', `${loc.pathname}${rest ? `?${rest}` : ''}${loc.hash}`);
    return fromUrl;
  }
  try {
    return storage?.getItem(TOKEN_STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

const NO_TOKEN = 'this page was opened without its token: open the address netlens serve printed (it ends in ?token=…)';

function tabStorage(): TabStorage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** The transport for this page: the preload bridge in the desktop app, else the serve WebSocket. */
export function createApi(): Api {
  const bridge = (window as unknown as { netlens?: NetlensBridge }).netlens;
  if (bridge) return bridgeApi(bridge);
  const token = takeToken(window.location, window.history, tabStorage());
  return wsApi({
    url: wsUrlFor(window.location),
    protocols: wsProtocols(token),
    ...(token ? {} : { lostMessage: NO_TOKEN }),
  });
}
