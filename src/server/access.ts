/**
 * Who may talk to `netlens serve`: whoever has the random token (src/api/serve-protocol.ts: the
 * page sends it in the WebSocket handshake; no cookie), on a Host name the server answers to (no
 * DNS-rebinding tricks), and for WebSocket upgrades from the page's own origin only. The page and
 * its scripts are public (they hold no data, as Jupyter's /static/); every piece of data goes
 * over the WebSocket, or is an export downloaded once by an unguessable id.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIPv4 } from 'node:net';
import { TOKEN_PARAM, WS_TOKEN_PREFIX } from '../api/serve-protocol.js';

export function newToken(): string {
  return randomBytes(24).toString('hex');
}

export function sameToken(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request carries: a handshake subprotocol (pages), a Bearer header or ?token= (scripts). */
export function tokenOf(req: IncomingMessage, url: URL): string | null {
  const offered = req.headers['sec-websocket-protocol'];
  if (typeof offered === 'string')
    for (const p of offered.split(',')) {
      const t = p.trim();
      if (t.startsWith(WS_TOKEN_PREFIX)) return t.slice(WS_TOKEN_PREFIX.length);
    }
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return url.searchParams.get(TOKEN_PARAM);
}

/** The request's target as a URL, or null when it is not one (`GET //[`): the caller answers 400. */
export function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

/** Is `host` this machine only: localhost, 127.0.0.0/8, ::1 (also as [::1] or ::ffff:127.x.y.z)? */
export function isLoopbackHost(host: string): boolean {
  const h = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1).toLowerCase() : host.toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIPv4(v4) && v4.startsWith('127.');
}

/** Host names the server answers to: loopback names when bound to loopback, plus the bound host. */
export function allowedHosts(bindHost: string, port: number): Set<string> {
  const names = new Set<string>();
  const add = (h: string): void => {
    names.add(`${h}:${port}`.toLowerCase());
  };
  // the usual loopback names when bound to the usual loopback; another address answers to itself only
  const usual = bindHost === '127.0.0.1' || bindHost === 'localhost' || bindHost === '::1';
  if (usual) ['127.0.0.1', 'localhost', '[::1]'].forEach(add);
  else add(bindHost.includes(':') ? `[${bindHost}]` : bindHost);
  return names;
}

/** Binding to every address: any Host may be used to reach it (the token still guards it). */
export function hostAllowed(req: IncomingMessage, hosts: Set<string>, bindHost: string): boolean {
  if (bindHost === '0.0.0.0' || bindHost === '::') return true;
  const h = (req.headers.host ?? '').toLowerCase();
  return hosts.has(h);
}

/** A browser's WebSocket must come from a page this server served: Origin = http(s)://<Host>. */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser (a script with the token)
  const host = req.headers.host ?? '';
  return origin === `http://${host}` || origin === `https://${host}`;
}
