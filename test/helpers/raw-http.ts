/**
 * Raw HTTP for tests that send what a browser never would: exact bytes on a fresh connection,
 * and a plain GET that says how long the answer took.
 */
import { connect, type Socket } from 'node:net';
import { request } from 'node:http';

/** Sends `bytes` on a new connection and collects what comes back until the server closes or `ms` pass. */
export function rawExchange(port: number, bytes: string | Buffer, ms = 3000): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const s = connect(port, '127.0.0.1');
    const done = (): void => {
      clearTimeout(t);
      s.destroy();
      resolve(got);
    };
    const t = setTimeout(done, ms);
    s.on('data', (d) => {
      got += d.toString('latin1');
      // one answer is enough (the server may keep the connection open)
      if (/\r\n\r\n/.test(got) && /content-length: 0\r\n|\r\n\r\n[\s\S]*\n$/i.test(got)) done();
    });
    s.on('error', done);
    s.on('close', done);
    s.write(bytes);
  });
}

/** The first status code of a raw answer, or 0. */
export function statusOf(answer: string): number {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(answer);
  return m ? Number(m[1]) : 0;
}

/** GET `path` with `headers`; resolves with the status and the time it took, or status 0 after `ms`. */
export function timedGet(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  ms = 10_000,
): Promise<{ status: number; body: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - t0 }));
    });
    req.setTimeout(ms, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - t0 }));
    req.end();
  });
}

/** Opens `n` connections that send half a request line and then nothing (slowloris). */
export async function halfOpen(port: number, n: number): Promise<Socket[]> {
  const socks: Socket[] = [];
  for (let i = 0; i < n; i++) {
    const s = connect(port, '127.0.0.1');
    s.on('error', () => {});
    s.resume(); // read what the server answers (a 408), so its close is seen
    s.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    socks.push(s);
    if (i % 200 === 199) await new Promise((r) => setImmediate(r));
  }
  return socks;
}
