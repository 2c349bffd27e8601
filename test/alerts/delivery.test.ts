/**
 * Delivery channels against receivers the test starts on 127.0.0.1 (acceptance 3): a webhook
 * (node:http) and a small SMTP server (node:net / node:tls, with STARTTLS, implicit TLS, AUTH
 * PLAIN and LOGIN). Delivered once; retried when the receiver fails; never blocking: a receiver
 * that hangs does not slow the packet path.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as httpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as netServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket, createServer as tlsServer } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import type { Alert, AlertEvent, EmailSettings } from '../../src/api/alerts.js';
import { defaultEmailSettings, defaultWebhookSettings, resolveAlertConfig } from '../../src/alerts/config.js';
import { AlertDelivery } from '../../src/alerts/delivery/alert-delivery.js';
import { Channel } from '../../src/alerts/delivery/channel.js';
import { emailTransport } from '../../src/alerts/delivery/email.js';
import { webhookTransport } from '../../src/alerts/delivery/webhook.js';
import { SYN, Traffic } from './traffic.js';

const temps: string[] = [];
const servers: { close(): void }[] = [];
afterAll(() => {
  for (const s of servers) s.close();
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

const alert = (over: Partial<Alert> = {}): Alert => ({
  id: 'a1',
  type: 'port-scan',
  severity: 'warning',
  firstTime: 1_700_000_000,
  lastTime: 1_700_000_005,
  source: '10.0.0.5',
  target: '10.0.0.2',
  summary: '10.0.0.5 tried 200 TCP ports on 10.0.0.2 in 5 seconds (a SYN scan); none answered.',
  evidence: { distinctPorts: 200 },
  updates: 0,
  ...over,
});
const ev = (over: Partial<Alert> = {}, change: AlertEvent['change'] = 'new'): AlertEvent => ({
  change,
  alert: alert(over),
});

function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const iv = setInterval(() => {
      if (cond()) {
        clearInterval(iv);
        resolve();
      } else if (Date.now() - t0 > ms) {
        clearInterval(iv);
        reject(new Error('timed out'));
      }
    }, 5);
  });
}

// ---------------------------------------------------------------- webhook

interface Hook {
  url: string;
  bodies: unknown[];
  requests: number;
  server: Server;
}

/** An HTTP receiver answering each request with the next status of `statuses` (the last one repeats); 0 = never answer. */
async function hook(statuses: number[]): Promise<Hook> {
  const h: Hook = { url: '', bodies: [], requests: 0, server: null as unknown as Server };
  const hanging: ServerResponse[] = [];
  h.server = httpServer((req: IncomingMessage, res: ServerResponse) => {
    const status = statuses[Math.min(h.requests, statuses.length - 1)];
    h.requests++;
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      if (status === 0) {
        hanging.push(res);
        return;
      }
      if (status >= 200 && status < 300) h.bodies.push(JSON.parse(body));
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => h.server.listen(0, '127.0.0.1', () => r()));
  const addr = h.server.address() as { port: number };
  h.url = `http://127.0.0.1:${addr.port}/hook`;
  servers.push({
    close: () => {
      for (const r of hanging) r.destroy();
      h.server.closeAllConnections();
      h.server.close();
    },
  });
  return h;
}

const fastRetry = { retryBaseMs: 30, timeoutMs: 2000 };

describe('webhook delivery', () => {
  it('an alert from the engine is POSTed once as JSON, with a text line chat tools show; updates are not resent', async () => {
    const h = await hook([200]);
    const cfg = resolveAlertConfig({ delivery: { webhook: { url: h.url, ...fastRetry } } });
    expect(cfg.ok).toBe(true);
    const delivery = new AlertDelivery(cfg.ok ? cfg.value.delivery : { webhook: null, email: null });
    const tr = new Traffic();
    delivery.attach(tr.engine);
    for (let round = 0; round < 3; round++) {
      for (let p = 1; p <= 100; p++)
        tr.tcpFrame('10.0.0.5', '10.0.0.2', 40000, round * 100 + p, SYN, { seq: 1, dt: 0.01 });
      tr.advance(10);
    }
    tr.end();
    await waitFor(() => h.bodies.length >= 1);
    await delivery.close(3000);
    expect(h.requests).toBe(1);
    const body = h.bodies[0] as { text: string; content: string; change: string; alert: Alert };
    expect(body.change).toBe('new');
    expect(body.alert).toMatchObject({
      type: 'port-scan',
      severity: 'warning',
      source: '10.0.0.5',
      target: '10.0.0.2',
    });
    expect(body.text).toMatch(/^NetLens alert \[warning\] port-scan: 10\.0\.0\.5 tried \d+ TCP ports on 10\.0\.0\.2/);
    expect(body.content).toBe(body.text);
    expect(delivery.status()).toEqual([
      { channel: 'webhook', sent: 1, failed: 0, retried: 0, dropped: 0, queued: 0, lastError: null },
    ]);
  });

  it('retried when the receiver fails (500, then 200), with backoff; a 400 is not retried', async () => {
    const h = await hook([500, 503, 200]);
    const c = new Channel(
      'webhook',
      { ...defaultWebhookSettings(h.url), ...fastRetry },
      webhookTransport(defaultWebhookSettings(h.url)),
    );
    const t0 = Date.now();
    c.offer(ev());
    await waitFor(() => c.status().sent === 1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(30 + 60 - 5); // 30 ms, then 60 ms
    expect(h.requests).toBe(3);
    expect(c.status()).toMatchObject({ sent: 1, retried: 2, failed: 0, lastError: 'the webhook answered HTTP 503' });

    const bad = await hook([400]);
    const c2 = new Channel(
      'webhook',
      { ...defaultWebhookSettings(bad.url), ...fastRetry },
      webhookTransport(defaultWebhookSettings(bad.url)),
    );
    c2.offer(ev());
    await waitFor(() => c2.status().failed === 1);
    expect(bad.requests).toBe(1);
    expect(c2.status()).toMatchObject({ sent: 0, retried: 0, lastError: 'the webhook answered HTTP 400' });
  });

  it('gives up after maxAttempts, and an unreachable receiver is a retried network error', async () => {
    const h = await hook([500]);
    const c = new Channel(
      'webhook',
      { ...defaultWebhookSettings(h.url), ...fastRetry, maxAttempts: 3 },
      webhookTransport(defaultWebhookSettings(h.url)),
    );
    c.offer(ev());
    await waitFor(() => c.status().failed === 1);
    expect(h.requests).toBe(3);
    // a port nobody listens on
    const closed = `http://127.0.0.1:${(h.server.address() as { port: number }).port + 1}/`;
    const c2 = new Channel(
      'webhook',
      { ...defaultWebhookSettings(closed), ...fastRetry, maxAttempts: 2 },
      webhookTransport(defaultWebhookSettings(closed)),
    );
    c2.offer(ev());
    await waitFor(() => c2.status().failed === 1);
    expect(c2.status().retried).toBe(1);
    expect(c2.status().lastError).toMatch(/cannot reach the webhook 127\.0\.0\.1:\d+: connect ECONNREFUSED/);
  });

  it('minimum severity, rate limit and a bounded queue', async () => {
    const h = await hook([200]);
    const c = new Channel(
      'webhook',
      { ...defaultWebhookSettings(h.url), ...fastRetry, minSeverity: 'critical', perMinute: 2, maxQueue: 3 },
      webhookTransport(defaultWebhookSettings(h.url)),
    );
    expect(c.offer(ev({ severity: 'warning' }))).toBe(false);
    for (let i = 0; i < 6; i++) expect(c.offer(ev({ id: `a${i}`, severity: 'critical' }))).toBe(true);
    await waitFor(() => c.status().sent === 2);
    await new Promise((r) => setTimeout(r, 200));
    // two per minute: the rest wait (the queue keeps the newest 3 of the 6)
    expect(c.status()).toMatchObject({ sent: 2, dropped: 3, queued: 1 });
    expect(h.requests).toBe(2);
    await c.close(50);
    expect(c.status()).toMatchObject({ sent: 2, dropped: 4, queued: 0 });
  });

  it('never blocking: with a receiver that hangs, offering takes microseconds and packet processing keeps its speed', async () => {
    const h = await hook([0]);
    const opened: AlertDelivery[] = [];
    const run = (withDelivery: boolean): number => {
      const tr = new Traffic();
      let delivery: AlertDelivery | null = null;
      if (withDelivery) {
        delivery = new AlertDelivery({
          webhook: {
            ...defaultWebhookSettings(h.url),
            minSeverity: 'info',
            sendUpdates: true,
            timeoutMs: 60_000,
            maxQueue: 10_000,
          },
          email: null,
        });
        delivery.attach(tr.engine);
      }
      const t0 = performance.now();
      // 40 scans, each its own alert, among 100,000 packets
      for (let i = 0; i < 40; i++) {
        for (let p = 1; p <= 60; p++) tr.tcpFrame(`10.1.${i}.5`, '10.0.0.2', 40000, p, SYN, { seq: 1, dt: 0.001 });
        for (let k = 0; k < 2440; k++) tr.udpFrame('10.0.0.7', '10.0.0.8', 5000, 6000, [1, 2, 3], 0.0005);
      }
      tr.end();
      const ms = performance.now() - t0;
      if (delivery) {
        // everything offered is queued: nothing went out yet, the packet path never waited for it
        expect(delivery.status()[0]).toMatchObject({ queued: 40, sent: 0 });
        opened.push(delivery);
      }
      return ms;
    };
    run(false); // warm up the JIT
    const without = Math.min(run(false), run(false));
    const withHang = Math.min(run(true), run(true));
    console.log(
      `100,000 packets with 40 alerts: ${without.toFixed(0)} ms without delivery, ${withHang.toFixed(0)} ms with a hanging webhook`,
    );
    expect(withHang).toBeLessThan(without * 1.5 + 50);
    // once the event loop runs, the first request reaches the receiver, which never answers
    await waitFor(() => h.requests > 0);
    expect(opened[0].status()[0]).toMatchObject({ sent: 0, failed: 0 });
    await Promise.all(opened.map((d) => d.close(10)));

    const c = new Channel(
      'webhook',
      { ...defaultWebhookSettings(h.url), timeoutMs: 60_000 },
      webhookTransport(defaultWebhookSettings(h.url)),
    );
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) c.offer(ev({ id: `x${i}` }));
    const perOffer = ((performance.now() - t0) * 1000) / 1000;
    console.log(`offer() with a hanging receiver: ${perOffer.toFixed(1)} µs each`);
    expect(perOffer).toBeLessThan(200);
    await c.close(10);
  });
});

// ---------------------------------------------------------------- email

interface Mail {
  from: string;
  to: string[];
  data: string;
  user: string | null;
  tls: boolean;
}

interface SmtpServer {
  port: number;
  mails: Mail[];
  log: string[];
}

interface SmtpOpts {
  implicitTls?: boolean;
  starttls?: boolean;
  auth?: string[];
  /** MAIL FROM answers with these codes first (then 250). */
  mailCodes?: number[];
  password?: string;
}

let tlsFiles: { key: string; cert: string } | null | undefined;
function certs(): { key: string; cert: string } | null {
  if (tlsFiles !== undefined) return tlsFiles;
  const dir = mkdtempSync(join(tmpdir(), 'nl-smtp-'));
  temps.push(dir);
  const r = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
    ],
    { encoding: 'utf8' },
  );
  tlsFiles =
    r.status === 0
      ? { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') }
      : null;
  return tlsFiles;
}
const HAVE_OPENSSL = certs() !== null;
if (!HAVE_OPENSSL) console.warn('openssl is missing (Debian: openssl): the TLS mail tests are skipped');

/** A small SMTP server: EHLO, STARTTLS, AUTH PLAIN/LOGIN, MAIL, RCPT, DATA, QUIT. */
async function smtp(o: SmtpOpts = {}): Promise<SmtpServer> {
  const srv: SmtpServer = { port: 0, mails: [], log: [] };
  const mailCodes = [...(o.mailCodes ?? [])];
  const serve = (raw: Socket | TLSSocket, secure: boolean): void => {
    let sock: Socket | TLSSocket = raw;
    let buf = '';
    let mail: Mail = { from: '', to: [], data: '', user: null, tls: secure };
    let state: 'cmd' | 'data' | 'login-user' | 'login-pass' = 'cmd';
    let loginUser = '';
    const send = (l: string): void => {
      sock.write(l + '\r\n');
    };
    const onLine = (line: string): void => {
      srv.log.push(line);
      if (state === 'data') {
        if (line === '.') {
          srv.mails.push(mail);
          mail = { from: '', to: [], data: '', user: mail.user, tls: mail.tls };
          state = 'cmd';
          send('250 queued');
        } else mail.data += line + '\n';
        return;
      }
      if (state === 'login-user') {
        loginUser = Buffer.from(line, 'base64').toString();
        state = 'login-pass';
        send('334 UGFzc3dvcmQ6');
        return;
      }
      if (state === 'login-pass') {
        state = 'cmd';
        const ok = Buffer.from(line, 'base64').toString() === (o.password ?? 'secret');
        if (ok) mail.user = loginUser;
        send(ok ? '235 ok' : '535 bad credentials');
        return;
      }
      const [verb, ...rest] = line.split(' ');
      switch (verb.toUpperCase()) {
        case 'EHLO': {
          const caps = ['250-localhost'];
          if (o.starttls && !mail.tls) caps.push('250-STARTTLS');
          if (mail.tls && o.auth) caps.push(`250-AUTH ${o.auth.join(' ')}`);
          caps.push('250 8BITMIME');
          for (const c of caps) send(c);
          return;
        }
        case 'STARTTLS': {
          send('220 go ahead');
          const c = certs()!;
          sock.removeAllListeners('data');
          const secured = new TLSSocket(sock as Socket, { isServer: true, key: c.key, cert: c.cert });
          sock = secured;
          mail.tls = true;
          buf = '';
          secured.setEncoding('utf8');
          secured.on('data', onData);
          secured.on('error', () => undefined);
          return;
        }
        case 'AUTH': {
          if (rest[0]?.toUpperCase() === 'PLAIN') {
            const [, user, pass] = Buffer.from(rest[1] ?? '', 'base64')
              .toString()
              .split('\0');
            const ok = pass === (o.password ?? 'secret');
            if (ok) mail.user = user;
            send(ok ? '235 ok' : '535 bad credentials');
          } else {
            state = 'login-user';
            send('334 VXNlcm5hbWU6');
          }
          return;
        }
        case 'MAIL': {
          const code = mailCodes.shift();
          if (code !== undefined) {
            send(`${code} try later`);
            return;
          }
          mail.from = /<(.*)>/.exec(line)?.[1] ?? '';
          send('250 ok');
          return;
        }
        case 'RCPT':
          mail.to.push(/<(.*)>/.exec(line)?.[1] ?? '');
          send('250 ok');
          return;
        case 'DATA':
          state = 'data';
          send('354 end with .');
          return;
        case 'QUIT':
          send('221 bye');
          sock.end();
          return;
        default:
          send('500 what');
      }
    };
    const onData = (chunk: string): void => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        onLine(line);
      }
    };
    sock.setEncoding('utf8');
    sock.on('data', onData);
    sock.on('error', () => undefined);
    send('220 test ESMTP');
  };
  const server = o.implicitTls
    ? tlsServer({ key: certs()!.key, cert: certs()!.cert }, (s) => serve(s, true))
    : netServer((s) => serve(s, false));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  srv.port = (server.address() as { port: number }).port;
  servers.push({ close: () => server.close() });
  return srv;
}

function mailSettings(port: number, over: Partial<EmailSettings> = {}): EmailSettings {
  return {
    ...defaultEmailSettings('127.0.0.1', 'netlens@example.org', ['admin@example.org', 'noc@example.org']),
    port,
    retryBaseMs: 30,
    timeoutMs: 5000,
    ...over,
  };
}

describe('email delivery', () => {
  it('plain SMTP to a local relay: one message with the summary as subject and the evidence in the body', async () => {
    const srv = await smtp();
    const s = mailSettings(srv.port, { security: 'none' });
    const c = new Channel('email', s, emailTransport(s));
    c.offer(ev());
    await waitFor(() => c.status().sent === 1);
    expect(srv.mails).toHaveLength(1);
    const m = srv.mails[0];
    expect(m).toMatchObject({
      from: 'netlens@example.org',
      to: ['admin@example.org', 'noc@example.org'],
      user: null,
      tls: false,
    });
    expect(m.data).toMatch(
      /^From: NetLens <netlens@example\.org>\nTo: admin@example\.org, noc@example\.org\nSubject: \[NetLens\] warning: 10\.0\.0\.5 tried 200 TCP ports/,
    );
    expect(m.data).toContain('"distinctPorts": 200');
    expect(srv.log).toContain('QUIT');
  });

  it.skipIf(!HAVE_OPENSSL)('STARTTLS then AUTH PLAIN (the password never crosses in clear)', async () => {
    const srv = await smtp({ starttls: true, auth: ['PLAIN', 'LOGIN'] });
    const s = mailSettings(srv.port, {
      security: 'starttls',
      user: 'alerts',
      password: 'secret',
      allowInvalidCertificate: true,
    });
    const c = new Channel('email', s, emailTransport(s));
    c.offer(ev());
    await waitFor(() => c.status().sent === 1 || c.status().failed === 1);
    expect(c.status().lastError).toBeNull();
    expect(srv.mails[0]).toMatchObject({ user: 'alerts', tls: true });
    // what the server read before TLS: the greeting exchange only
    const beforeTls = srv.log.slice(0, srv.log.indexOf('STARTTLS') + 1);
    expect(beforeTls.join('\n')).not.toMatch(/AUTH|secret|c2VjcmV0/);
  });

  it.skipIf(!HAVE_OPENSSL)(
    'implicit TLS (port 465 style) with AUTH LOGIN; a certificate that does not verify is refused unless allowed',
    async () => {
      const srv = await smtp({ implicitTls: true, auth: ['LOGIN'] });
      const s = mailSettings(srv.port, {
        security: 'tls',
        user: 'alerts',
        password: 'secret',
        allowInvalidCertificate: true,
      });
      const c = new Channel('email', s, emailTransport(s));
      c.offer(ev());
      await waitFor(() => c.status().sent === 1 || c.status().failed === 1);
      expect(srv.mails[0]).toMatchObject({ user: 'alerts', tls: true });

      const strict = mailSettings(srv.port, { security: 'tls', user: 'alerts', password: 'secret', maxAttempts: 2 });
      const c2 = new Channel('email', strict, emailTransport(strict));
      c2.offer(ev());
      await waitFor(() => c2.status().failed === 1);
      expect(c2.status().retried).toBe(0);
      expect(c2.status().lastError).toMatch(/certificate/i);
    },
  );

  it.skipIf(!HAVE_OPENSSL)('a temporary 451 is retried; wrong credentials (535) are not', async () => {
    const srv = await smtp({ starttls: true, auth: ['PLAIN'], mailCodes: [451] });
    const s = mailSettings(srv.port, { user: 'alerts', password: 'secret', allowInvalidCertificate: true });
    const c = new Channel('email', s, emailTransport(s));
    c.offer(ev());
    await waitFor(() => c.status().sent === 1 || c.status().failed === 1);
    expect(c.status()).toMatchObject({ sent: 1, retried: 1 });
    expect(srv.mails).toHaveLength(1);

    const wrong = mailSettings(srv.port, { user: 'alerts', password: 'nope', allowInvalidCertificate: true });
    const c2 = new Channel('email', wrong, emailTransport(wrong));
    c2.offer(ev());
    await waitFor(() => c2.status().failed === 1);
    expect(c2.status()).toMatchObject({ retried: 0, sent: 0 });
    expect(c2.status().lastError).toMatch(/refused the user name or password \(AUTH PLAIN\): 535/);
  });

  it('network text cannot add mail headers, and a line starting with a dot survives', async () => {
    const srv = await smtp();
    const s = mailSettings(srv.port, { security: 'none' });
    const c = new Channel('email', s, emailTransport(s));
    c.offer(ev({ summary: 'name evil.example\r\nBcc: victim@example.org', evidence: { note: '\n.hidden' } }));
    await waitFor(() => c.status().sent === 1);
    const headers = srv.mails[0].data.split('\n\n')[0];
    expect(headers).not.toMatch(/^Bcc:/m);
    expect(headers).toMatch(/^Subject: \[NetLens\] warning: name evil\.example\?\?Bcc: victim@example\.org$/m);
  });

  it('settings: a user without TLS, a bad address or an unknown field are refused with the field named', () => {
    const bad = (x: unknown): string => {
      const r = resolveAlertConfig(x);
      return r.ok ? 'ok' : r.error.message;
    };
    expect(
      bad({
        delivery: { email: { host: 'smtp.example.org', from: 'a@b.c', to: ['x@y.z'], security: 'none', user: 'u' } },
      }),
    ).toMatch(/delivery\.email\.security/);
    expect(bad({ delivery: { email: { host: 'smtp.example.org', from: 'not an address', to: ['x@y.z'] } } })).toMatch(
      /delivery\.email\.from/,
    );
    expect(bad({ delivery: { webhook: { url: 'ftp://x' } } })).toMatch(/delivery\.webhook\.url/);
    expect(bad({ delivery: { webhook: { url: 'https://x', retries: 3 } } })).toMatch(
      /unknown field 'delivery\.webhook\.retries'/,
    );
    expect(bad({ delivery: { webhook: { url: 'https://x', headers: { 'X-Token': 'a\r\nb' } } } })).toMatch(/headers/);
    const ok = resolveAlertConfig({
      delivery: { email: { host: 'smtp.example.org', from: 'a@b.c', to: ['x@y.z'], security: 'tls' } },
    });
    expect(ok.ok && ok.value.delivery.email?.port).toBe(465);
  });
});
