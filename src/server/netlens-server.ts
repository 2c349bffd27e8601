/**
 * `netlens serve`'s server: HTTP for the built renderer and exports, a WebSocket at /ws for the
 * contract, both behind the token. Binds 127.0.0.1 unless told otherwise.
 *
 *   const r = await startServer({ port: 0 });
 *   if (r.ok) console.log(r.value.url);   // http://127.0.0.1:PORT/?token=…
 *   await r.value.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { EventMap, EventName } from '../api/contract.js';
import { fail, ok, type Result } from '../api/errors.js';
import { WS_PATH, WS_PROTOCOL } from '../api/serve-protocol.js';
import { EngineService, type EngineServiceOptions } from '../service/engine-service.js';
import { MAX_REQUEST_BYTES } from '../service/request-bounds.js';
import { allowedHosts, hostAllowed, newToken, originAllowed, requestUrl, sameToken, tokenOf } from './access.js';
import { ConnectionLimits, MAX_WEBSOCKETS, SERVER_LIMITS } from './connection-limits.js';
import { ExportStore } from './export-store.js';
import { ServeSettings } from './serve-settings.js';
import { defaultRendererDir, plain, securityHeaders, serveStatic } from './static-files.js';
import { WsBridge } from './ws-bridge.js';

export interface ServerOptions {
  /** 0 picks a free port. Default 8765. */
  port?: number;
  /** Default 127.0.0.1. Anything else is an explicit choice (the CLI's --host). */
  host?: string;
  /** Folder of the built renderer (default: this package's dist/renderer/). */
  rendererDir?: string;
  /** A fixed token (tests); default: a fresh random one. */
  token?: string;
  /** Passed to the engine service (snapshot cadence, retention, probing). */
  engine?: Omit<EngineServiceOptions, 'emit'>;
  /** `--data DIR`: the folder the browser may open capture files from (default: none). */
  dataDir?: string | null;
  /** `--log-dir DIR`: the folder the browser may log live captures to (default: none). */
  logDir?: string | null;
}

export interface RunningServer {
  url: string;
  token: string;
  port: number;
  host: string;
  service: EngineService;
  clients(): number;
  close(): Promise<void>;
}

export async function startServer(opts: ServerOptions = {}): Promise<Result<RunningServer>> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? newToken();
  const rendererDir = opts.rendererDir ?? defaultRendererDir();
  let port = opts.port ?? 8765;
  let bridge: WsBridge | null = null;
  const emit = <E extends EventName>(event: E, data: EventMap[E]): void => bridge?.broadcast(event, data);
  const service = new EngineService({ ...opts.engine, emit });
  const settings = new ServeSettings();
  service.configure(settings.forEngine());
  const exports = new ExportStore();
  bridge = new WsBridge({
    service,
    settings,
    exports,
    roots: { data: opts.dataDir ?? null, logs: opts.logDir ?? null },
    exportUrl: (id) => `/export/${id}`,
  });
  const wss = new WebSocketServer({
    noServer: true,
    // the largest request any channel takes: a bigger frame closes the socket unread (1009)
    maxPayload: MAX_REQUEST_BYTES,
    // a page offers 'netlens' beside its token: the answer names 'netlens', never the token
    handleProtocols: (offered) => (offered.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  let hosts = allowedHosts(host, port);

  const server = createServer(SERVER_LIMITS, (req: IncomingMessage, res: ServerResponse) => {
    securityHeaders(res);
    if (!hostAllowed(req, hosts, host)) return plain(res, 403, 'forbidden: unknown Host');
    const url = requestUrl(req);
    if (!url) return plain(res, 400, 'bad request: the target is not a URL');
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'method not allowed');
    // no token over plain HTTP: the page is public code, an export's id is its one-time key
    const m = /^\/export\/([0-9a-f]{24})$/.exec(url.pathname);
    if (m) return exports.serve(m[1], res, req.method === 'HEAD');
    if (url.pathname === WS_PATH) return plain(res, 426, 'upgrade required');
    serveStatic(rendererDir, url.pathname, res);
  });

  const limits = new ConnectionLimits(server);

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // the socket is ours from here: a client that resets it mid-handshake must not crash the server
    socket.on('error', () => socket.destroy());
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const url = requestUrl(req);
    if (!url) return refuse(400, 'Bad Request');
    if (url.pathname !== WS_PATH) return refuse(404, 'Not Found');
    if (!hostAllowed(req, hosts, host)) return refuse(403, 'Forbidden');
    if (!originAllowed(req)) return refuse(403, 'Forbidden');
    if (!sameToken(tokenOf(req, url), token)) return refuse(403, 'Forbidden');
    if (bridge!.clientCount >= MAX_WEBSOCKETS) return refuse(503, 'Service Unavailable');
    wss.handleUpgrade(req, socket, head, (ws) => {
      limits.upgraded(socket as Socket);
      bridge!.add(ws);
    });
  });

  const listening = await new Promise<Result<void>>((resolve) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE')
        resolve(
          fail('usage', `port ${port} on ${host} is already in use`, 'pick another with --port (0 picks a free one)'),
        );
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND')
        resolve(
          fail(
            'usage',
            `cannot listen on ${host}: no such address here`,
            'give an address of this machine with --host, or leave it out for 127.0.0.1',
          ),
        );
      else if (err.code === 'EACCES')
        resolve(
          fail(
            'no-permission',
            `no permission to listen on port ${port}`,
            'ports below 1024 need privileges: use a higher --port',
          ),
        );
      else resolve(fail('internal', `cannot listen on ${host}:${port}: ${err.message}`, 'check --host and --port'));
    });
    server.listen(port, host, () => resolve(ok(undefined)));
  });
  if (!listening.ok) {
    service.dispose();
    exports.dispose();
    return listening;
  }
  const addr = server.address();
  if (addr && typeof addr === 'object') port = addr.port;
  hosts = allowedHosts(host, port);
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  let closed: Promise<void> | null = null;
  return ok({
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    port,
    host,
    service,
    clients: () => bridge!.clientCount,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        bridge!.closeAll();
        wss.close();
        // the history store writes its last batch and closes before the server says it is done
        const history = service.shutdown();
        exports.dispose();
        server.closeAllConnections();
        server.close(() => void history.then(() => resolve()));
      });
      return closed;
    },
  });
}
