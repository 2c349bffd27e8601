import { describe, expect, it } from 'vitest';
import { bridgeApi, takeToken, wsApi, wsProtocols, wsUrlFor } from '../../renderer/lib/api.js';
import type { NetlensBridge } from '../../src/api/contract.js';

/** A WebSocket stand-in: records frames sent, lets the test open, answer and close it. */
class FakeSocket {
  static OPEN = 1;
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(s: string): void {
    this.sent.push(s);
  }
  close(): void {
    this.readyState = 3;
    this.onclose?.();
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(msg: unknown): void {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.();
  }
}

describe('the WebSocket transport', () => {
  it('takes the token out of the address bar into this tab, and sends it in the handshake only', () => {
    const stored = new Map<string, string>();
    const storage = {
      getItem: (k: string) => stored.get(k) ?? null,
      setItem: (k: string, v: string) => void stored.set(k, v),
    };
    const replaced: string[] = [];
    const history = { state: null, replaceState: (_s: unknown, _u: string, url: string) => void replaced.push(url) };
    const token = takeToken({ pathname: '/', search: '?token=a%2Bb&x=1', hash: '#flows' }, history, storage);
    expect(token).toBe('a+b');
    expect(replaced).toEqual(['/?x=1#flows']);
    expect(stored.get('netlens.token')).toBe('a+b');
    // a reload: the address has no token any more, this tab's storage has it
    expect(takeToken({ pathname: '/', search: '?x=1', hash: '' }, history, storage)).toBe('a+b');
    expect(replaced).toHaveLength(1);
    expect(takeToken({ pathname: '/', search: '', hash: '' }, history, null)).toBe('');
    expect(wsUrlFor({ protocol: 'http:', host: '127.0.0.1:4000' })).toBe('ws://127.0.0.1:4000/ws');
    expect(wsUrlFor({ protocol: 'https:', host: 'h' })).toBe('wss://h/ws');
    expect(wsProtocols('abc')).toEqual(['netlens', 'netlens.token.abc']);
  });

  it('queues until open, matches replies by id, delivers events', async () => {
    FakeSocket.all = [];
    const api = wsApi({
      url: 'ws://x/ws?token=t',
      WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
      retryDelaysMs: [1],
    });
    const states: string[] = [];
    api.onConnection((s) => states.push(s));
    const snaps: number[] = [];
    api.on('snapshot', (s) => snaps.push(s.seq));
    const p1 = api.request('interfaces:list');
    const p2 = api.request('flows:page', { offset: 0, limit: 10, sort: 'bytes', descending: true, search: '' });
    const sock = FakeSocket.all[0];
    expect(sock.sent).toEqual([]);
    sock.open();
    expect(states).toEqual(['connecting', 'open']);
    const frames = sock.sent.map((s) => JSON.parse(s));
    expect(frames.map((f) => f.channel)).toEqual(['interfaces:list', 'flows:page']);
    sock.receive({ id: frames[1].id, reply: { ok: true, value: { offset: 0, total: 0, all: 0, rows: [] } } });
    sock.receive({ id: frames[0].id, reply: { ok: false, error: { code: 'no-permission', message: 'm', hint: 'h' } } });
    sock.receive({ event: 'snapshot', data: { seq: 7 } });
    sock.onmessage?.({ data: 'not json' });
    const r2 = await p2;
    const r1 = await p1;
    expect(r2.ok && r2.value.total).toBe(0);
    expect(!r1.ok && r1.error.code).toBe('no-permission');
    expect(snaps).toEqual([7]);
    api.close();
  });

  it('answers requests in flight with an error when the connection drops, then reconnects', async () => {
    FakeSocket.all = [];
    const api = wsApi({
      url: 'ws://x/ws',
      WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
      retryDelaysMs: [5],
    });
    const states: string[] = [];
    api.onConnection((s) => states.push(s));
    FakeSocket.all[0].open();
    const p = api.request('settings:get');
    FakeSocket.all[0].drop();
    const r = await p;
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('unreachable');
    await new Promise((res) => setTimeout(res, 20));
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1].open();
    expect(states).toEqual(['connecting', 'open', 'closed', 'connecting', 'open']);
    api.close();
  });
});

describe('the desktop transport', () => {
  it('maps each channel to the preload function and turns a throw into an error value', async () => {
    const seen: string[] = [];
    const bridge = new Proxy(
      {},
      {
        get: (_t, name: string) => {
          if (name === 'on') return () => () => {};
          if (name === 'handleForFile') return () => 'f-0123';
          return async (args: unknown) => {
            seen.push(`${name}:${JSON.stringify(args ?? null)}`);
            if (name === 'captureStop') throw new Error('ipc closed');
            return { ok: true, value: name };
          };
        },
      },
    ) as NetlensBridge;
    const api = bridgeApi(bridge);
    expect(api.mode).toBe('desktop');
    await api.request('packets:detail', { frame: 3 });
    await api.request('app:info');
    const r = await api.request('capture:stop');
    expect(seen).toEqual(['packetsDetail:{"frame":3}', 'appInfo:null', 'captureStop:null']);
    expect(!r.ok && r.error.code).toBe('unreachable');
    expect(api.handleForFile({} as File)).toBe('f-0123');
  });
});
