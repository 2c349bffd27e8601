/**
 * Who may talk to `netlens serve`: whoever has the random token (from the printed URL's
 * `?token=`, then a cookie the first page load sets, or an `Authorization: Bearer` header), on a
 * Host name the server answers to (no DNS-rebinding tricks), and for WebSocket upgrades from the
 * page's own origin only.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIPv4 } from 'node:net';

export function newToken(): string {
  return randomBytes(24).toString('hex');
}

export function sameToken(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The cookie is per port: two servers on one machine must not overwrite each other's. */
export function cookieName(port: number): string {
  return `netlens_token_${port}`;
}

function cookie(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decoded(part.slice(eq + 1).trim());
  }
  return null;
}

/** A percent-encoded value, or null when it is not valid percent-encoding (a forged cookie). */
function decoded(v: string): string | null {
  try {
    return decodeURIComponent(v);
  } catch {
    return null;
  }
}

/** The request's target as a URL, or null when it is not one (`GET //[`): the caller answers 400. */
export function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

/** The token a request carries, and whether it came in the URL (then the page gets the cookie). */
export function tokenOf(req: IncomingMessage, url: URL, port: number): { token: string | null; fromQuery: boolean } {
  const q = url.searchParams.get('token');
  if (q !== null) return { token: q, fromQuery: true };
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return { token: auth.slice(7).trim(), fromQuery: false };
  return { token: cookie(req, cookieName(port)), fromQuery: false };
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
