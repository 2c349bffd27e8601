/**
 * A scripted transport for the state classes' unit tests (test code only: the app has one real
 * transport, renderer/lib/api.ts). Handlers answer requests; emit() pushes events.
 */
import type { Api, ConnectionState } from '../../renderer/lib/api.js';
import type { EventMap, EventName, Reply, RequestArgs, RequestChannel, RequestValue } from '../../src/api/contract.js';
import type { ErrorCode } from '../../src/api/errors.js';

type Handler<C extends RequestChannel> = (args: RequestArgs<C>) => Reply<C> | Promise<Reply<C>>;

export class FakeApi implements Api {
  readonly mode: 'desktop' | 'browser';
  readonly calls: { channel: RequestChannel; args: unknown }[] = [];
  private handlers = new Map<RequestChannel, Handler<RequestChannel>>();
  private listeners = new Map<string, Set<(d: unknown) => void>>();
  private conn = new Set<(s: ConnectionState) => void>();
  connection: ConnectionState = 'open';

  constructor(mode: 'desktop' | 'browser' = 'browser') {
    this.mode = mode;
  }

  handle<C extends RequestChannel>(channel: C, h: Handler<C>): this {
    this.handlers.set(channel, h as unknown as Handler<RequestChannel>);
    return this;
  }

  /** Answers `channel` with this value every time. */
  answer<C extends RequestChannel>(channel: C, value: RequestValue<C>): this {
    return this.handle(channel, () => ({ ok: true, value }) as Reply<C>);
  }

  fail<C extends RequestChannel>(channel: C, code: ErrorCode, message: string = code, hint = ''): this {
    return this.handle(channel, () => ({ ok: false, error: { code, message, hint } }));
  }

  async request<C extends RequestChannel>(
    channel: C,
    ...args: RequestArgs<C> extends void ? [] : [RequestArgs<C>]
  ): Promise<Reply<C>> {
    this.calls.push({ channel, args: args[0] });
    const h = this.handlers.get(channel);
    if (!h) return { ok: false, error: { code: 'internal', message: `no fake handler for ${channel}`, hint: '' } };
    return (await h(args[0] as RequestArgs<RequestChannel>)) as Reply<C>;
  }

  callsTo(channel: RequestChannel): unknown[] {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.args);
  }

  on<E extends EventName>(event: E, cb: (data: EventMap[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(cb as (d: unknown) => void);
    return () => set.delete(cb as (d: unknown) => void);
  }

  emit<E extends EventName>(event: E, data: EventMap[E]): void {
    for (const cb of this.listeners.get(event) ?? []) cb(data);
  }

  onConnection(cb: (s: ConnectionState) => void): () => void {
    this.conn.add(cb);
    cb(this.connection);
    return () => this.conn.delete(cb);
  }

  setConnection(s: ConnectionState): void {
    this.connection = s;
    for (const cb of this.conn) cb(s);
  }

  handleForFile(): string {
    return '';
  }
}

/** Resolves after pending promise callbacks have run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}
