/**
 * cleartext: passwords or whole sessions readable by anyone on the path: HTTP logins (a form or an
 * Authorization header), FTP, Telnet, POP3, IMAP and SMTP AUTH without TLS. Looks only at the
 * first bytes of client segments to those ports; keyed by numbers, no per-packet strings.
 */
import type { Suggestion } from '../../api/alerts.js';
import type { HttpRequestHint } from '../../decode/app-hints.js';
import { cleanText, listSome, plural } from '../summary-format.js';

const FTP = 1;
const TELNET = 2;
const POP3 = 3;
const IMAP = 4;
const SMTP = 5;
const HTTP = 6;

const NAMES = ['', 'FTP', 'Telnet', 'POP3', 'IMAP', 'SMTP', 'HTTP'];
const FIXES = [
  '',
  'Use SFTP (over SSH) or FTPS instead of FTP, and turn FTP off on the server.',
  'Use SSH instead of Telnet, and turn Telnet off on the device (routers and printers often have it on).',
  'In the mail app, choose SSL/TLS (port 995) for POP3, or STARTTLS, and never "none".',
  'In the mail app, choose SSL/TLS (port 993) for IMAP, or STARTTLS, and never "none".',
  'In the mail app, choose STARTTLS (port 587) or SSL/TLS (port 465) for sending mail.',
  'Log in only over HTTPS (the address must start with https://); if the site has no HTTPS, do not reuse that password anywhere.',
];

/** Ports whose client-to-server bytes are looked at, to the service code. */
export const CLEARTEXT_PORTS = new Uint8Array(65_536);
CLEARTEXT_PORTS[21] = FTP;
CLEARTEXT_PORTS[23] = TELNET;
CLEARTEXT_PORTS[110] = POP3;
CLEARTEXT_PORTS[143] = IMAP;
CLEARTEXT_PORTS[25] = SMTP;
CLEARTEXT_PORTS[587] = SMTP;

class Exposure {
  sessions = 0;
  credentials = 0;
  packets = 0;
  readonly clients = new Set<number>();
  readonly frames: number[] = [];
  readonly hosts = new Set<string>();
  constructor(
    readonly service: number,
    readonly server: number,
  ) {}
}

const MAX_EXPOSURES = 1000;

function startsWithCi(buf: Buffer, at: number, len: number, word: string): boolean {
  if (len < word.length) return false;
  for (let i = 0; i < word.length; i++) {
    let c = buf[at + i];
    if (c >= 97 && c <= 122) c -= 32;
    if (c !== word.charCodeAt(i)) return false;
  }
  return true;
}

function containsCi(buf: Buffer, at: number, len: number, word: string): boolean {
  const n = Math.min(len, 96) - word.length;
  for (let i = 0; i <= n; i++) if (startsWithCi(buf, at + i, word.length, word)) return true;
  return false;
}

export class CleartextTracker {
  private readonly exposures = new Map<number, Exposure>();

  private get(service: number, server: number): Exposure | null {
    const key = server * 8 + service;
    let e = this.exposures.get(key);
    if (e === undefined) {
      if (this.exposures.size >= MAX_EXPOSURES) return null;
      e = new Exposure(service, server);
      this.exposures.set(key, e);
    }
    return e;
  }

  /** Client payload to a cleartext port (service = CLEARTEXT_PORTS[dstPort]). */
  payload(
    service: number,
    client: number,
    server: number,
    buf: Buffer,
    at: number,
    len: number,
    frame: number,
    newSession: boolean,
  ): void {
    const e = this.get(service, server);
    if (e === null) return;
    e.packets++;
    if (newSession || !e.clients.has(client)) {
      e.sessions++;
      if (e.clients.size < 256) e.clients.add(client);
    }
    let cred = false;
    switch (service) {
      case FTP:
      case POP3:
        cred =
          startsWithCi(buf, at, len, 'PASS ') ||
          startsWithCi(buf, at, len, 'APOP ') ||
          startsWithCi(buf, at, len, 'AUTH ');
        break;
      case IMAP:
        cred = containsCi(buf, at, len, ' LOGIN ') || containsCi(buf, at, len, ' AUTHENTICATE ');
        break;
      case SMTP:
        cred = startsWithCi(buf, at, len, 'AUTH ');
        break;
      case TELNET:
        // everything typed goes in clear, the login included
        cred = e.credentials === 0;
        break;
    }
    if (cred) {
      e.credentials++;
      if (e.frames.length < 10) e.frames.push(frame);
    }
  }

  http(h: HttpRequestHint, client: number, server: number, frame: number): void {
    if (!h.hasCredentials) return;
    const e = this.get(HTTP, server);
    if (e === null) return;
    e.credentials++;
    e.sessions++;
    if (e.clients.size < 256) e.clients.add(client);
    if (e.frames.length < 10) e.frames.push(frame);
    if (h.host && e.hosts.size < 5) e.hosts.add(cleanText(h.host, 80));
  }

  advice(addr: (id: number) => string): Suggestion[] {
    const out: Suggestion[] = [];
    for (const e of this.exposures.values()) {
      // FTP, POP3, IMAP, SMTP sessions without a login seen are not worth a suggestion on their own
      if (e.credentials === 0) continue;
      const svc = NAMES[e.service];
      const server = addr(e.server);
      const where = e.hosts.size ? `${listSome([...e.hosts], 2)} (${server})` : server;
      const clients = [...e.clients].map(addr);
      const what =
        e.service === TELNET
          ? 'a Telnet session (everything typed, the password included)'
          : e.service === HTTP
            ? `${plural(e.credentials, 'login')} over plain HTTP`
            : `${plural(e.credentials, 'login')}`;
      out.push({
        id: `s-cleartext-${svc.toLowerCase()}-${server}`,
        kind: 'cleartext',
        title: `Passwords sent in clear text: ${svc} to ${where}`,
        why: `${listSome(clients, 3)} sent ${what} to ${where} without encryption (frames ${listSome(e.frames, 5)}): anyone on the same Wi-Fi or along the path can read the user name and password.`,
        action: `${FIXES[e.service]} Change the passwords that were sent this way.`,
        evidence: {
          service: svc,
          server,
          hosts: [...e.hosts],
          clients,
          credentialMessages: e.credentials,
          sessions: e.sessions,
          frames: e.frames.slice(),
        },
      });
    }
    return out;
  }
}
