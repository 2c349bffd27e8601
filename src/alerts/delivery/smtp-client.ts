/**
 * A minimal SMTP client on node:net and node:tls (RFC 5321): greeting, EHLO, STARTTLS (RFC 3207)
 * or implicit TLS, AUTH PLAIN or LOGIN (RFC 4954) only over TLS, MAIL/RCPT/DATA with dot
 * stuffing, QUIT. Enough to hand an alert to a mail relay; one connection per message.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { DeliveryError } from './channel.js';

export interface SmtpOptions {
  host: string;
  port: number;
  security: 'starttls' | 'tls' | 'none';
  user: string;
  password: string;
  allowInvalidCertificate: boolean;
  /** The name given in EHLO (default: this machine's host name). */
  heloName?: string;
}

export interface SmtpMessage {
  from: string;
  to: string[];
  /** Headers and body, lines ending in CRLF (dot stuffing is done here). */
  data: string;
}

interface Reply {
  code: number;
  lines: string[];
}

/** Reads SMTP replies ("250-first", ..., "250 last") from a socket. */
class ReplyReader {
  private buf = '';
  private lines: string[] = [];
  private waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  private readonly ready: Reply[] = [];

  attach(sock: Socket | TLSSocket): void {
    sock.setEncoding('utf8');
    sock.on('data', (chunk: string) => this.feed(chunk));
  }

  fail(err: Error): void {
    this.failure = err;
    if (this.waiting) {
      this.waiting.reject(err);
      this.waiting = null;
    }
  }

  private feed(chunk: string): void {
    this.buf += chunk;
    if (this.buf.length > 1 << 20) return this.fail(new DeliveryError('the mail server sent an endless reply', true));
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, nl).replace(/\r$/, '');
      this.buf = this.buf.slice(nl + 1);
      const m = /^(\d{3})([ -])(.*)$/.exec(line);
      if (!m)
        return this.fail(
          new DeliveryError(`the mail server sent a line that is not SMTP: ${line.slice(0, 80)}`, false),
        );
      this.lines.push(m[3]);
      if (m[2] === ' ') {
        const r = { code: Number(m[1]), lines: this.lines };
        this.lines = [];
        if (this.waiting) {
          this.waiting.resolve(r);
          this.waiting = null;
        } else this.ready.push(r);
      }
    }
  }

  next(): Promise<Reply> {
    const r = this.ready.shift();
    if (r) return Promise.resolve(r);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }
}

function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}

/** Sends one message; rejects with a DeliveryError saying what failed (retry true for 4xx and network trouble). */
export async function sendMail(o: SmtpOptions, msg: SmtpMessage, signal: AbortSignal): Promise<void> {
  let sock: Socket | TLSSocket;
  let reader = new ReplyReader();
  const tlsOpts = {
    servername: /^[\d.:]+$/.test(o.host) ? undefined : o.host,
    rejectUnauthorized: !o.allowInvalidCertificate,
  };
  const opened = (s: Socket | TLSSocket, secureEvent: boolean): Promise<void> =>
    new Promise((resolve, reject) => {
      s.once(secureEvent ? 'secureConnect' : 'connect', () => resolve());
      s.once('error', (err) =>
        reject(
          new DeliveryError(
            `cannot reach the mail server ${o.host}:${o.port}: ${err.message}`,
            !/certificate|self.signed|CERT/i.test(err.message),
          ),
        ),
      );
    });
  if (o.security === 'tls') {
    sock = tlsConnect({ host: o.host, port: o.port, ...tlsOpts });
    reader.attach(sock);
  } else {
    sock = netConnect({ host: o.host, port: o.port });
    reader.attach(sock);
  }
  const onAbort = (): void => {
    reader.fail(signal.reason instanceof Error ? signal.reason : new DeliveryError('aborted', true));
    sock.destroy();
  };
  if (signal.aborted) onAbort();
  signal.addEventListener('abort', onAbort, { once: true });
  const closed = (): void => reader.fail(new DeliveryError('the mail server closed the connection', true));
  sock.on('close', closed);
  sock.on('error', (err) => reader.fail(new DeliveryError(`mail server connection: ${err.message}`, true)));
  const write = (line: string): void => {
    sock.write(line + '\r\n');
  };
  const expect = async (what: string, ok: (code: number) => boolean): Promise<Reply> => {
    const r = await reader.next();
    if (!ok(r.code)) {
      throw new DeliveryError(
        `the mail server refused ${what}: ${r.code} ${r.lines.join(' ').slice(0, 200)}`,
        r.code >= 400 && r.code < 500,
      );
    }
    return r;
  };
  try {
    await opened(sock, o.security === 'tls');
    await expect('the connection', (c) => c === 220);
    const helo = o.heloName ?? (hostname() || 'localhost');
    write(`EHLO ${helo}`);
    let ehlo = await expect('EHLO', (c) => c === 250);
    let secure = o.security === 'tls';
    if (o.security === 'starttls') {
      if (!ehlo.lines.some((l) => /^STARTTLS\b/i.test(l)))
        throw new DeliveryError(
          `the mail server ${o.host} does not offer STARTTLS (use security 'tls' for port 465)`,
          false,
        );
      write('STARTTLS');
      await expect('STARTTLS', (c) => c === 220);
      sock.removeListener('close', closed);
      const plain = sock;
      sock = tlsConnect({ socket: plain as Socket, ...tlsOpts });
      reader = new ReplyReader();
      reader.attach(sock);
      sock.on('close', closed);
      sock.on('error', (err) =>
        reader.fail(
          new DeliveryError(
            `mail server connection: ${err.message}`,
            !/certificate|self.signed|CERT/i.test(err.message),
          ),
        ),
      );
      await opened(sock, true);
      secure = true;
      write(`EHLO ${helo}`);
      ehlo = await expect('EHLO after STARTTLS', (c) => c === 250);
    }
    if (o.user) {
      if (!secure) throw new DeliveryError('not sending a password without TLS', false);
      const auth = ehlo.lines.find((l) => /^AUTH\b/i.test(l)) ?? '';
      const mechs = auth
        .toUpperCase()
        .split(/[\s=]+/)
        .slice(1);
      if (mechs.includes('PLAIN')) {
        write(`AUTH PLAIN ${b64(`\0${o.user}\0${o.password}`)}`);
        await expect('the user name or password (AUTH PLAIN)', (c) => c === 235);
      } else if (mechs.includes('LOGIN')) {
        write('AUTH LOGIN');
        await expect('AUTH LOGIN', (c) => c === 334);
        write(b64(o.user));
        await expect('the user name (AUTH LOGIN)', (c) => c === 334);
        write(b64(o.password));
        await expect('the password (AUTH LOGIN)', (c) => c === 235);
      } else
        throw new DeliveryError(
          `the mail server offers no AUTH PLAIN or LOGIN (it offers: ${mechs.join(' ') || 'none'})`,
          false,
        );
    }
    write(`MAIL FROM:<${msg.from}>`);
    await expect('the sender', (c) => c === 250);
    let accepted = 0;
    for (const rcpt of msg.to) {
      write(`RCPT TO:<${rcpt}>`);
      const r = await reader.next();
      if (r.code === 250 || r.code === 251) accepted++;
      else if (r.code >= 400 && r.code < 500)
        throw new DeliveryError(`the mail server deferred ${rcpt}: ${r.code} ${r.lines.join(' ')}`, true);
    }
    if (accepted === 0) throw new DeliveryError('the mail server accepted none of the recipients', false);
    write('DATA');
    await expect('DATA', (c) => c === 354);
    const body = msg.data.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    sock.write(body.endsWith('\r\n') ? body : body + '\r\n');
    write('.');
    await expect('the message', (c) => c === 250);
    write('QUIT');
    await reader.next().catch(() => undefined);
  } finally {
    signal.removeEventListener('abort', onAbort);
    sock.removeListener('close', closed);
    sock.destroy();
  }
}
