/**
 * HTTP/1.x: a request line with Host, User-Agent and a cleartext-credentials flag, or a status line.
 * Only the first segment of a message is looked at (no reassembly here).
 */
import type { HttpRequestHint, HttpResponseHint } from '../app-hints.js';
import {
  ascii,
  headerValue,
  indexOfByte,
  indexOfNoCase,
  latin1,
  latin1Or,
  lineEnd,
  nextLine,
  startsWith,
  startsWithNoCase,
} from './ascii-scan.js';
import { field, type ProtocolDisplay } from '../layer-view.js';

/** Bytes of headers looked at. */
const MAX_HEADER_SCAN = 8192;
/** Bytes of a form body searched for a password field. */
const MAX_BODY_SCAN = 2048;

const HTTP_SLASH = ascii('HTTP/');
const H_HOST = ascii('host:');
const H_USER_AGENT = ascii('user-agent:');
const H_AUTHORIZATION = ascii('authorization:');
const H_PROXY_AUTHORIZATION = ascii('proxy-authorization:');
const M_POST = ascii('POST');
/** Form fields that carry a password (searched case-insensitively in a POST body). */
const PASSWORD_FIELDS = [ascii('password='), ascii('passwd='), ascii('pwd='), ascii('pass=')];

const METHOD_NAMES = ['GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'PATCH', 'TRACE'];
const METHODS = METHOD_NAMES.map(ascii);
// Common values are returned as constants rather than copied out of every packet.
const HTTP_11 = 'HTTP/1.1';
const HTTP_11_BYTES = ascii(HTTP_11);
const HTTP_10 = 'HTTP/1.0';
const HTTP_10_BYTES = ascii(HTTP_10);
const OK = 'OK';
const OK_BYTES = ascii(OK);

/** Index in METHOD_NAMES of the method (followed by a space) buf[p..] starts with, or -1. */
function methodIndex(buf: Buffer, p: number, end: number): number {
  const c = buf[p];
  // Quick reject on the first byte before trying the method list.
  if (c !== 0x47 && c !== 0x50 && c !== 0x48 && c !== 0x44 && c !== 0x4f && c !== 0x43 && c !== 0x54) return -1;
  for (let i = 0; i < METHODS.length; i++) {
    const m = METHODS[i];
    if (startsWith(buf, p, end, m) && p + m.length < end && buf[p + m.length] === 0x20) return i;
  }
  return -1;
}

function version(buf: Buffer, s: number, e: number): string {
  return e - s === 8 && buf[s + 7] === 0x30
    ? latin1Or(buf, s, e, HTTP_10, HTTP_10_BYTES)
    : latin1Or(buf, s, e, HTTP_11, HTTP_11_BYTES);
}

/** True when buf[p..] starts with a known method and a space. */
export function isHttpRequest(buf: Buffer, p: number, end: number): boolean {
  return methodIndex(buf, p, end) >= 0;
}

/** True when buf[p..] starts with "HTTP/1." or "HTTP/2" followed by a status code. */
export function isHttpResponse(buf: Buffer, p: number, end: number): boolean {
  return startsWith(buf, p, end, HTTP_SLASH) && p + 12 <= end && buf[p + 8] === 0x20;
}

export function parseHttpRequest(buf: Buffer, p: number, end: number): HttpRequestHint | null {
  const m = methodIndex(buf, p, end);
  if (m < 0) return null;
  const lim = p + MAX_HEADER_SCAN < end ? p + MAX_HEADER_SCAN : end;
  const le = lineEnd(buf, p, lim);
  const sp1 = p + METHODS[m].length;
  if (sp1 >= le) return null;
  let sp2 = indexOfByte(buf, 0x20, sp1 + 1, le);
  if (sp2 < 0) sp2 = le;
  const hint: HttpRequestHint = {
    kind: 'http-request',
    method: METHOD_NAMES[m],
    target: latin1(buf, sp1 + 1, sp2),
    version: sp2 < le ? version(buf, sp2 + 1, le) : '',
    host: null,
    userAgent: null,
    hasCredentials: false,
  };
  let q = nextLine(buf, le, lim);
  let bodyStart = -1;
  while (q < lim) {
    const e = lineEnd(buf, q, lim);
    if (e === q) {
      bodyStart = nextLine(buf, e, end);
      break;
    }
    const c = buf[q] | 0x20;
    if (c === 0x68 && hint.host === null) hint.host = headerValue(buf, q, e, H_HOST);
    else if (c === 0x75 && hint.userAgent === null) hint.userAgent = headerValue(buf, q, e, H_USER_AGENT);
    else if (
      (c === 0x61 && startsWithNoCase(buf, q, e, H_AUTHORIZATION)) ||
      (c === 0x70 && startsWithNoCase(buf, q, e, H_PROXY_AUTHORIZATION))
    )
      hint.hasCredentials = true;
    if (e >= lim) break;
    q = nextLine(buf, e, lim);
  }
  if (!hint.hasCredentials && bodyStart >= 0 && bodyStart < end && startsWith(buf, p, end, M_POST)) {
    const bodyEnd = bodyStart + MAX_BODY_SCAN < end ? bodyStart + MAX_BODY_SCAN : end;
    for (let i = 0; i < PASSWORD_FIELDS.length && !hint.hasCredentials; i++) {
      hint.hasCredentials = indexOfNoCase(buf, PASSWORD_FIELDS[i], bodyStart, bodyEnd) >= 0;
    }
  }
  return hint;
}

export function parseHttpResponse(buf: Buffer, p: number, end: number): HttpResponseHint | null {
  const le = lineEnd(buf, p, end);
  const sp1 = indexOfByte(buf, 0x20, p, le);
  if (sp1 < 0 || sp1 + 4 > le) return null;
  let status = 0;
  for (let i = sp1 + 1; i < sp1 + 4; i++) {
    const d = buf[i] - 0x30;
    if (d < 0 || d > 9) return null;
    status = status * 10 + d;
  }
  const r = sp1 + 4 < le && buf[sp1 + 4] === 0x20 ? sp1 + 5 : sp1 + 4;
  return { kind: 'http-response', version: version(buf, p, sp1), status, reason: latin1Or(buf, r, le, OK, OK_BYTES) };
}

export const HTTP_DISPLAY: ProtocolDisplay = {
  fields({ d }) {
    const h = d.hint;
    if (h?.kind === 'http-request')
      return [
        field('Request', `${h.method} ${h.target} ${h.version}`),
        field('Host', h.host ?? '(none)'),
        field('User-Agent', h.userAgent ?? '(none)'),
        field('Credentials in clear text', h.hasCredentials ? 'yes' : 'no'),
      ];
    if (h?.kind === 'http-response') return [field('Status', `${h.status} ${h.reason}`), field('Version', h.version)];
    return [];
  },
  info({ d }) {
    const h = d.hint;
    if (h?.kind === 'http-request') return `${h.method} ${h.target} ${h.version}`;
    if (h?.kind === 'http-response') return `${h.version} ${h.status} ${h.reason}`;
    return '';
  },
};
