/**
 * Bounds on `netlens serve`'s connections, in nginx's spirit (client_header_timeout,
 * worker_connections): headers must arrive within HEADERS_TIMEOUT_MS and a whole request within
 * REQUEST_TIMEOUT_MS, and at most MAX_CONNECTIONS sockets are open at once. Past the cap, the
 * oldest socket that is not busy (one still waiting for its headers, or idle between requests)
 * makes room for the new one: a flood of half-open connections churns through itself while a
 * real request, which completes its headers at once, still gets an answer. WebSocket clients
 * (the open pages) and requests being answered are never the ones closed.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;
/** How often Node checks those two timeouts (its default, 30 s, would let a stalled socket live 40 s). */
export const TIMEOUT_CHECK_MS = 1000;
export const KEEP_ALIVE_TIMEOUT_MS = 5000;
export const MAX_CONNECTIONS = 256;
/** Open pages (WebSocket clients) at once: a person has a few tabs, not hundreds. */
export const MAX_WEBSOCKETS = 32;
/** Request headers larger than this are refused (431): Node's default, said here. */
export const MAX_HEADER_BYTES = 16 << 10;

/** The createServer options that carry the timeouts above. */
export const SERVER_LIMITS = {
  headersTimeout: HEADERS_TIMEOUT_MS,
  requestTimeout: REQUEST_TIMEOUT_MS,
  connectionsCheckingInterval: TIMEOUT_CHECK_MS,
  keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
  maxHeaderSize: MAX_HEADER_BYTES,
} as const;

type State = 'waiting' | 'busy' | 'upgraded';

export class ConnectionLimits {
  /** Open sockets, oldest first (a Map keeps insertion order), and what each is doing. */
  private readonly sockets = new Map<Socket, State>();
  /** Sockets closed to make room (figures for tests and the curious). */
  evicted = 0;

  constructor(
    server: Server,
    private readonly max = MAX_CONNECTIONS,
  ) {
    server.on('connection', (s: Socket) => this.onConnection(s));
    server.on('request', (req, res) => {
      const s = req.socket as Socket;
      if (!this.sockets.has(s)) return;
      this.sockets.set(s, 'busy');
      const idle = (): void => {
        if (this.sockets.get(s) === 'busy') this.sockets.set(s, 'waiting');
      };
      if (res.writableFinished) idle();
      else res.once('finish', idle);
    });
  }

  get open(): number {
    return this.sockets.size;
  }

  /** The socket became a WebSocket: it is an open page now, never evicted. */
  upgraded(s: Socket): void {
    if (this.sockets.has(s)) this.sockets.set(s, 'upgraded');
  }

  private onConnection(s: Socket): void {
    if (this.sockets.size >= this.max && !this.evictOne()) {
      s.destroy();
      return;
    }
    this.sockets.set(s, 'waiting');
    s.once('close', () => this.sockets.delete(s));
  }

  private evictOne(): boolean {
    for (const [s, state] of this.sockets) {
      if (state !== 'waiting') continue;
      this.sockets.delete(s);
      s.destroy();
      this.evicted++;
      return true;
    }
    return false;
  }
}
