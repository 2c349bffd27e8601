/**
 * The report's rows made from the analyzer's tables one at a time (conversations, endpoints), so
 * a report can be written as a stream, and the orders and top-N selections that the whole report
 * and its summary share.
 */
import type { Endpoint, IpConversation, PortConversation } from '../api/report.js';
import type { Analyzer } from './analyzer.js';

/** What the TCP, UDP and IP tables all answer for a row (see conversation-table.ts, tcp-streams.ts). */
export interface ConversationSource {
  readonly end: number;
  isLive(id: number): boolean;
  a(id: number): number;
  b(id: number): number;
  aPort(id: number): number;
  bPort(id: number): number;
  packetsAtoB(id: number): number;
  bytesAtoB(id: number): number;
  packetsBtoA(id: number): number;
  bytesBtoA(id: number): number;
  bytes(id: number): number;
  start(id: number): number;
  last(id: number): number;
  service(id: number): string;
  tunnel(id: number): string;
}

export function ipRow(an: Analyzer, t: ConversationSource, id: number): IpConversation {
  const addr = an.addresses;
  const start = t.start(id);
  return {
    a: addr.toString(t.a(id)),
    b: addr.toString(t.b(id)),
    packetsAtoB: t.packetsAtoB(id),
    bytesAtoB: t.bytesAtoB(id),
    packetsBtoA: t.packetsBtoA(id),
    bytesBtoA: t.bytesBtoA(id),
    start: round6(start),
    duration: round6(t.last(id) - start),
  };
}

export function portRow(an: Analyzer, t: ConversationSource, id: number): PortConversation {
  return { ...ipRow(an, t, id), aPort: t.aPort(id), bPort: t.bPort(id), service: t.service(id) };
}

/**
 * The JSON text of ipRow / portRow (same keys, same order, same numbers), made without an object:
 * the stream writes millions. Addresses are digits, dots and colons; the service is escaped.
 */
export function conversationJson(an: Analyzer, t: ConversationSource, id: number, ports: boolean): string {
  const addr = an.addresses;
  const start = t.start(id);
  const head =
    `{"a":"${addr.toString(t.a(id))}","b":"${addr.toString(t.b(id))}","packetsAtoB":${t.packetsAtoB(id)}` +
    `,"bytesAtoB":${t.bytesAtoB(id)},"packetsBtoA":${t.packetsBtoA(id)},"bytesBtoA":${t.bytesBtoA(id)}` +
    `,"start":${round6(start)},"duration":${round6(t.last(id) - start)}`;
  if (!ports) return head + '}';
  return head + `,"aPort":${t.aPort(id)},"bPort":${t.bPort(id)},"service":${JSON.stringify(t.service(id))}}`;
}

export function endpointRow(an: Analyzer, id: number): Endpoint {
  const a = an.addresses;
  const e: Endpoint = {
    address: a.toString(id),
    packets: a.txPackets[id] + a.rxPackets[id],
    bytes: a.txBytes[id] + a.rxBytes[id],
    txPackets: a.txPackets[id],
    txBytes: a.txBytes[id],
    rxPackets: a.rxPackets[id],
    rxBytes: a.rxBytes[id],
  };
  const name = an.hostnames.get(e.address);
  if (name !== undefined) e.name = name;
  return e;
}

/** Address ids in the endpoints' order: most bytes first, then in the order they were first seen. */
export function endpointOrder(an: Analyzer): Uint32Array {
  const a = an.addresses;
  const ids = new Uint32Array(a.size);
  for (let i = 0; i < ids.length; i++) ids[i] = i;
  const { txBytes: tx, rxBytes: rx } = a;
  return ids.sort((x, y) => tx[y] + rx[y] - (tx[x] + rx[x]) || x - y);
}

/**
 * The first `n` of `ids` (taken in their order) by `key`, largest first, ties in `ids` order: what
 * a stable sort by `key` descending and a slice would give, in one pass with `n` kept. Rows whose
 * key is not above `min` are left out.
 */
export function topBy(ids: Iterable<number>, n: number, key: (id: number) => number, min = -Infinity): number[] {
  const top: number[] = [];
  const keys: number[] = [];
  for (const id of ids) {
    const k = key(id);
    if (k <= min) continue;
    if (top.length === n && !(k > keys[n - 1])) continue;
    // after every kept row with a key >= k (earlier rows win ties)
    let at = top.length;
    while (at > 0 && keys[at - 1] < k) at--;
    top.splice(at, 0, id);
    keys.splice(at, 0, k);
    if (top.length > n) {
      top.pop();
      keys.pop();
    }
  }
  return top;
}

/** Live row ids of a table, in id order. */
export function* liveIds(t: { readonly end: number; isLive(id: number): boolean }): Generator<number> {
  for (let id = 0; id < t.end; id++) if (t.isLive(id)) yield id;
}

export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
