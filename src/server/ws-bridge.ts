/**
 * The WebSocket side of `netlens serve`: the same contract as the desktop IPC. Each text frame
 * `{ id, channel, args }` is validated, answered by the engine service (settings and app info
 * here), and replied as `{ id, reply }`; events go to every client as `{ event, data }`. A slow
 * client skips snapshots rather than making the server buffer without bound.
 */
import type { WebSocket } from 'ws';
import type {
  EngineChannel,
  EventMap,
  EventName,
  Handler,
  Handlers,
  HostChannel,
  Reply,
  RequestArgs,
  RequestChannel,
  WsEvent,
  WsReply,
} from '../api/contract.js';
import { fail, ok, type Result } from '../api/errors.js';
import type { EngineService } from '../service/engine-service.js';
import { jsonTooDeep, MAX_JSON_DEPTH, shown } from '../service/request-bounds.js';
import { validateRequest } from '../service/request-validators.js';
import type { ExportStore } from './export-store.js';
import { dataFile, logFolder, NO_EXPORT_PATH, type ServeRoots } from './serve-paths.js';
import type { ServeSettings } from './serve-settings.js';

/** A client this far behind misses snapshots until it catches up. */
const SLOW_CLIENT_BYTES = 1 << 20;

export interface BridgeDeps {
  service: EngineService;
  settings: ServeSettings;
  exports: ExportStore;
  /** The folders given on the command line: the only ones a browser's request may reach. */
  roots: ServeRoots;
  /** The URL path an export can be downloaded from (once). */
  exportUrl(id: string): string;
}

export class WsBridge {
  private readonly clients = new Set<WebSocket>();

  constructor(private readonly deps: BridgeDeps) {}

  get clientCount(): number {
    return this.clients.size;
  }

  add(ws: WebSocket): void {
    this.clients.add(ws);
    ws.on('close', () => this.clients.delete(ws));
    ws.on('error', () => this.clients.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (isBinary)
        return this.reply(
          ws,
          0,
          fail('invalid-argument', 'binary frames are not part of the protocol', 'send JSON text frames'),
        );
      void this.onText(ws, data.toString());
    });
    // A page opened after the session started gets where it stands at once, not at the next change.
    const session = this.deps.service.current;
    if (session) {
      this.send(ws, 'state', session.info());
      this.send(ws, 'snapshot', session.snapshot());
    }
  }

  private send<E extends EventName>(ws: WebSocket, event: E, data: EventMap[E]): void {
    if (ws.readyState !== ws.OPEN) return;
    const msg: WsEvent<E> = { event, data };
    ws.send(JSON.stringify(msg));
  }

  broadcast<E extends EventName>(event: E, data: EventMap[E]): void {
    if (this.clients.size === 0) return;
    const msg: WsEvent<E> = { event, data };
    const text = JSON.stringify(msg);
    for (const ws of this.clients) {
      if (ws.readyState !== ws.OPEN) continue;
      if (event === 'snapshot' && ws.bufferedAmount > SLOW_CLIENT_BYTES) continue;
      ws.send(text);
    }
  }

  closeAll(): void {
    for (const ws of this.clients) ws.close(1001, 'server stopping');
    this.clients.clear();
  }

  private async onText(ws: WebSocket, text: string): Promise<void> {
    // nesting is counted before parsing: JSON.parse would build every level first
    if (jsonTooDeep(text))
      return this.reply(
        ws,
        0,
        fail(
          'invalid-argument',
          `the message is nested deeper than ${MAX_JSON_DEPTH} levels`,
          'send { id, channel, args }',
        ),
      );
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      return this.reply(ws, 0, fail('invalid-argument', 'the message is not JSON', 'send { id, channel, args }'));
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg))
      return this.reply(ws, 0, fail('invalid-argument', 'the message must be an object', 'send { id, channel, args }'));
    const m = msg as Record<string, unknown>;
    const id = typeof m.id === 'number' && Number.isSafeInteger(m.id) ? m.id : 0;
    if (id === 0)
      return this.reply(
        ws,
        0,
        fail(
          'invalid-argument',
          'the message needs a numeric id',
          'send { id, channel, args } with an id of your choosing',
        ),
      );
    let reply: Result<unknown>;
    try {
      reply = await this.answer(m.channel, m.args);
    } catch (err) {
      reply = fail(
        'internal',
        `internal error answering ${shown(m.channel)}: ${err instanceof Error ? err.message : String(err)}`,
        'this is a bug in NetLens',
      );
    }
    this.reply(ws, id, reply);
  }

  /** What the server answers itself (app info, settings), and the channels it turns into a download or refuses. */
  private readonly handlers: Handlers<HostChannel> & Partial<Handlers<EngineChannel>> = {
    'app:info': () => ok(this.deps.service.appInfo('browser')),
    'settings:get': () => ok(this.deps.settings.get()),
    'settings:set': (patch) => {
      const log = patch.logging;
      if (log?.enabled && log.folder !== '') {
        const f = logFolder(this.deps.roots, log.folder);
        if (!f.ok) return f;
      }
      const r = this.deps.settings.set(patch);
      if (r.ok) this.deps.service.configure(this.deps.settings.forEngine());
      return r;
    },
    'file:open': (a) => {
      if (a.handle !== undefined)
        return fail('invalid-argument', 'file handles are the desktop app’s', 'give a path under --data DIR');
      if (a.path === undefined)
        return fail(
          'invalid-argument',
          "the browser cannot show this machine's files",
          'give the path of a capture file under the folder netlens serve was started with (--data DIR)',
        );
      const p = dataFile(this.deps.roots, a.path);
      return p.ok ? (this.deps.service.handle('file:open', { path: p.value }) as Promise<Reply<'file:open'>>) : p;
    },
    'capture:start': (a) => {
      if (a.log) {
        const f = logFolder(this.deps.roots, a.log.folder);
        if (!f.ok) return f;
      }
      return this.deps.service.handle('capture:start', a) as Promise<Reply<'capture:start'>>;
    },
    'export:run': async (a) => {
      const { service, exports } = this.deps;
      if (a.path !== undefined) return NO_EXPORT_PATH;
      const target = exports.prepare(a.kind);
      const r = (await service.handle('export:run', { ...a, path: target.path })) as Reply<'export:run'>;
      if (!r.ok) {
        exports.forget(target.id);
        return r;
      }
      return ok({ ...r.value, path: null, url: this.deps.exportUrl(target.id) });
    },
  };

  /** Validates, then answers with the server's own handler or the engine service's. */
  private async answer(channel: unknown, args: unknown): Promise<Result<unknown>> {
    const checked = validateRequest(channel, args);
    if (!checked.ok) return checked;
    const c = checked.value.channel;
    const own = (this.handlers as Partial<Handlers<RequestChannel>>)[c] as Handler<typeof c> | undefined;
    return own ? own(checked.value.args as RequestArgs<typeof c>) : this.deps.service.handle(c, checked.value.args);
  }

  private reply(ws: WebSocket, id: number, reply: Result<unknown>): void {
    if (ws.readyState !== ws.OPEN) return;
    const msg: WsReply = { id, reply: reply as WsReply['reply'] };
    ws.send(JSON.stringify(msg));
  }
}
