/**
 * A test client for `netlens serve`'s WebSocket: typed requests, recorded events, waits.
 */
import WebSocket from 'ws';
import type { EventMap, EventName, Reply, RequestChannel, WsEvent, WsReply } from '../../src/api/contract.js';

export interface TestClient {
  request<C extends RequestChannel>(channel: C, args?: unknown): Promise<Reply<C>>;
  /** Every event received so far, with its raw size in bytes. */
  events: { event: EventName; data: unknown; bytes: number; at: number }[];
  waitFor<E extends EventName>(event: E, pred?: (d: EventMap[E]) => boolean, timeoutMs?: number): Promise<EventMap[E]>;
  sendRaw(text: string): void;
  close(): void;
}

/** The WebSocket URL for a server URL printed as http://host:port/?token=… */
export function wsUrl(serverUrl: string, token?: string | null): string {
  const u = new URL(serverUrl);
  const t = token === undefined ? u.searchParams.get('token') : token;
  return `ws://${u.host}/ws${t === null ? '' : `?token=${encodeURIComponent(t ?? '')}`}`;
}

/** Resolves with the HTTP status when the upgrade is refused, or 101 when it is accepted. */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', () => resolve(-1));
  });
}

export function connect(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    let nextId = 1;
    const pending = new Map<number, (r: unknown) => void>();
    const events: TestClient['events'] = [];
    const waiters: (() => void)[] = [];
    ws.on('message', (data) => {
      const text = data.toString();
      const msg = JSON.parse(text) as WsReply | WsEvent;
      if ('id' in msg) {
        pending.get(msg.id)?.(msg.reply);
        pending.delete(msg.id);
      } else {
        events.push({ event: msg.event, data: msg.data, bytes: Buffer.byteLength(text), at: performance.now() });
        for (const w of [...waiters]) w();
      }
    });
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        events,
        request: (channel, args) =>
          new Promise((res) => {
            const id = nextId++;
            pending.set(id, res as (r: unknown) => void);
            ws.send(JSON.stringify({ id, channel, args }));
          }),
        waitFor: (event, pred = () => true, timeoutMs = 30_000) =>
          new Promise((res, rej) => {
            const check = (): boolean => {
              const hit = events.find((e) => e.event === event && pred(e.data as never));
              if (hit) res(hit.data as never);
              return hit !== undefined;
            };
            if (check()) return;
            const w = (): void => {
              if (check()) {
                waiters.splice(waiters.indexOf(w), 1);
                clearTimeout(t);
              }
            };
            const t = setTimeout(() => {
              waiters.splice(waiters.indexOf(w), 1);
              rej(new Error(`no ${event} event within ${timeoutMs} ms`));
            }, timeoutMs);
            waiters.push(w);
          }),
        sendRaw: (text) => ws.send(text),
        close: () => ws.close(),
      }),
    );
  });
}
