/**
 * The view filter: checks and normalizes what the renderer sends, and compiles it into a matcher
 * over the packet ring's compact records. Address parts (IP or CIDR) and the host-name search are
 * decided once per address id and cached, so matching a packet is a few array reads.
 */
import { BlockList, isIP } from 'node:net';
import { fail, ok, type Result } from '../api/errors.js';
import type { ViewFilter } from '../api/views.js';
import { appForPorts } from '../decode/app/services.js';
import { PROTO, PROTO_NAMES, protoName, protoPlainName } from '../decode/protocols.js';

export const EMPTY_FILTER: ViewFilter = { protocol: '', src: '', dst: '', port: null, host: '' };
const MAX_TEXT = 256;

/** Fields a filter may have beyond EMPTY_FILTER's (optional: absent means any). */
const OPTIONAL_FIELDS = ['time', 'hosts'] as const;
const MAX_HOSTS = 2;

export function isFilterActive(f: ViewFilter): boolean {
  return (
    f.protocol !== '' ||
    f.src !== '' ||
    f.dst !== '' ||
    f.port !== null ||
    f.host !== '' ||
    (f.time !== undefined && f.time !== null) ||
    (f.hosts !== undefined && f.hosts.length > 0)
  );
}

/** Protocol names the filter accepts (tshark's), without the placeholder 'unknown'. */
export function filterProtocols(): string[] {
  return PROTO_NAMES.filter((n) => n !== 'unknown');
}

/** The plain name of each protocol filterProtocols() lists. */
export function filterProtocolNames(): Record<string, string> {
  return Object.fromEntries(PROTO_NAMES.map((n, id) => [n, protoPlainName(id)]).filter(([n]) => n !== 'unknown'));
}

/** Parses "10.0.0.5", "10.0.0.0/8", "2001:db8::/32" into a BlockList, or explains what is wrong. */
export function parseCidr(text: string, what: string): Result<BlockList> {
  const m = /^([^/\s]+)(?:\/(\d{1,3}))?$/.exec(text);
  const addr = m?.[1] ?? '';
  const family = isIP(addr);
  if (!m || family === 0) {
    return fail(
      'invalid-argument',
      `${what} '${text}' is not an IP address or CIDR`,
      'write an address (10.0.0.5, fe80::1) or a network (10.0.0.0/8, 2001:db8::/32)',
    );
  }
  const max = family === 4 ? 32 : 128;
  const prefix = m[2] === undefined ? max : Number(m[2]);
  if (prefix > max)
    return fail(
      'invalid-argument',
      `${what} '${text}': the prefix length must be at most ${max}`,
      `e.g. ${family === 4 ? '10.0.0.0/8' : '2001:db8::/32'}`,
    );
  const list = new BlockList();
  list.addSubnet(addr, prefix, family === 4 ? 'ipv4' : 'ipv6');
  return ok(list);
}

/** Checks a filter from outside and returns it normalized (trimmed, lower-case protocol). */
export function normalizeFilter(raw: unknown): Result<ViewFilter> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail('invalid-argument', 'the view filter must be an object', 'send { protocol, src, dst, port, host }');
  }
  const r = raw as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (!Object.hasOwn(EMPTY_FILTER, key) && !(OPTIONAL_FIELDS as readonly string[]).includes(key))
      return fail(
        'invalid-argument',
        `the view filter has no field ${/^\w{1,32}$/.test(key) ? `'${key}'` : `of that name`}`,
        'fields: protocol, src, dst, port, host, time, hosts',
      );
  }
  const text = (key: 'protocol' | 'src' | 'dst' | 'host'): Result<string> => {
    const v = r[key] ?? '';
    if (typeof v !== 'string') return fail('invalid-argument', `view filter: ${key} must be text`, "use '' for any");
    if (v.length > MAX_TEXT)
      return fail('invalid-argument', `view filter: ${key} is longer than ${MAX_TEXT} characters`, 'shorten it');
    return ok(v.trim());
  };
  const out: ViewFilter = { ...EMPTY_FILTER };
  for (const key of ['protocol', 'src', 'dst', 'host'] as const) {
    const t = text(key);
    if (!t.ok) return t;
    out[key] = t.value;
  }
  out.protocol = out.protocol.toLowerCase();
  if (out.protocol !== '' && (!Object.hasOwn(PROTO, out.protocol) || out.protocol === 'unknown')) {
    return fail(
      'invalid-argument',
      `unknown protocol '${out.protocol}'`,
      'pick one of the names app:info lists (tcp, udp, dns, tls, http, arp, icmp, ...)',
    );
  }
  for (const key of ['src', 'dst'] as const) {
    if (out[key] !== '') {
      const c = parseCidr(out[key], key === 'src' ? 'source' : 'destination');
      if (!c.ok) return c;
    }
  }
  const port = r.port ?? null;
  if (port !== null && (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535)) {
    return fail(
      'invalid-argument',
      'view filter: port is not a port number',
      'a whole number from 0 to 65535, or null for any',
    );
  }
  out.port = port as number | null;
  const time = normalizeTime(r.time);
  if (!time.ok) return time;
  if (time.value) out.time = time.value;
  const hosts = normalizeHosts(r.hosts);
  if (!hosts.ok) return hosts;
  if (hosts.value.length > 0) out.hosts = hosts.value;
  return ok(out);
}

function normalizeTime(raw: unknown): Result<{ from: number; to: number } | null> {
  if (raw === undefined || raw === null) return ok(null);
  const t = raw as { from?: unknown; to?: unknown };
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < 1e11;
  if (typeof raw !== 'object' || !finite(t.from) || !finite(t.to) || t.from > t.to || Object.keys(raw).length !== 2)
    return fail(
      'invalid-argument',
      'view filter: time must be { from, to } in epoch seconds, from <= to',
      'zoom the chart again, or clear the time filter',
    );
  return ok({ from: t.from, to: t.to });
}

function normalizeHosts(raw: unknown): Result<string[]> {
  if (raw === undefined || raw === null) return ok([]);
  if (!Array.isArray(raw) || raw.length > MAX_HOSTS || raw.some((h) => typeof h !== 'string'))
    return fail('invalid-argument', `view filter: hosts must be up to ${MAX_HOSTS} addresses`, 'e.g. ["10.0.0.5"]');
  const out: string[] = [];
  for (const h of raw as string[]) {
    const text = h.trim();
    if (text === '') continue;
    const c = parseCidr(text, 'host');
    if (!c.ok) return c;
    out.push(text);
  }
  return ok(out);
}

/** What the matcher reads to decide whether an address id matches a part of the filter. */
export interface AddressLookup {
  toString(id: number): string;
  isV4(id: number): boolean;
  nameOf(address: string): string | undefined;
}

/** Per address id: 0 unknown, 1 matches, 2 does not. */
class IdCache {
  private a = new Uint8Array(1024);
  get(id: number): number {
    return id < this.a.length ? this.a[id] : 0;
  }
  set(id: number, v: number): void {
    if (id >= this.a.length) {
      const b = new Uint8Array(Math.max(id + 1, this.a.length * 2));
      b.set(this.a);
      this.a = b;
    }
    this.a[id] = v;
  }
  clear(): void {
    this.a.fill(0);
  }
}

/** The compiled form of a normalized filter. Records are described by plain numbers. */
export class FilterMatcher {
  readonly active: boolean;
  private readonly protoWord: number;
  private readonly protoBit: number;
  private readonly src: BlockList | null;
  private readonly dst: BlockList | null;
  private readonly hostText: string;
  private readonly from: number;
  private readonly to: number;
  private readonly ends: BlockList[];
  private readonly endCaches: IdCache[];
  private readonly srcCache = new IdCache();
  private readonly dstCache = new IdCache();
  private readonly hostCache = new IdCache();

  constructor(
    readonly filter: ViewFilter,
    private readonly lookup: AddressLookup,
  ) {
    this.active = isFilterActive(filter);
    const proto = filter.protocol === '' ? -1 : (PROTO as Record<string, number>)[filter.protocol];
    this.protoWord = proto >= 0 ? proto >>> 5 : -1;
    this.protoBit = proto >= 0 ? 1 << (proto & 31) : 0;
    this.src = filter.src ? unwrap(parseCidr(filter.src, 'source')) : null;
    this.dst = filter.dst ? unwrap(parseCidr(filter.dst, 'destination')) : null;
    this.hostText = filter.host.toLowerCase();
    this.from = filter.time ? filter.time.from : -Infinity;
    this.to = filter.time ? filter.time.to : Infinity;
    this.ends = (filter.hosts ?? []).map((h) => unwrap(parseCidr(h, 'host')));
    this.endCaches = this.ends.map(() => new IdCache());
  }

  /** Host names are learned as traffic goes: forget the host-search answers now and then. */
  refreshNames(): void {
    if (this.hostText) this.hostCache.clear();
  }

  /**
   * `protoBits` is the record's protocol bitmask (3 words from `protoOffset`). Ports are -1 when
   * absent; `time` is the packet's capture time (epoch seconds).
   */
  matches(
    time: number,
    src: number,
    dst: number,
    srcPort: number,
    dstPort: number,
    protoBits: Uint32Array,
    protoOffset: number,
  ): boolean {
    if (!this.active) return true;
    if (time < this.from || time > this.to) return false;
    if (this.protoWord >= 0 && (protoBits[protoOffset + this.protoWord] & this.protoBit) === 0) return false;
    const port = this.filter.port;
    if (port !== null && srcPort !== port && dstPort !== port) return false;
    if (this.src !== null && !this.addressIn(this.src, this.srcCache, src)) return false;
    if (this.dst !== null && !this.addressIn(this.dst, this.dstCache, dst)) return false;
    if (this.hostText !== '' && !this.hostMatches(src) && !this.hostMatches(dst)) return false;
    return this.endsMatch(src, dst);
  }

  /** Each of `hosts` is one end of the packet (with two, one end each). */
  private endsMatch(x: number, y: number): boolean {
    const e = this.ends;
    if (e.length === 0) return true;
    const c = this.endCaches;
    if (e.length === 1) return this.addressIn(e[0], c[0], x) || this.addressIn(e[0], c[0], y);
    return (
      (this.addressIn(e[0], c[0], x) && this.addressIn(e[1], c[1], y)) ||
      (this.addressIn(e[0], c[0], y) && this.addressIn(e[1], c[1], x))
    );
  }

  /**
   * The same test for a flow, whichever side is the source; `start` and `end` (epoch seconds) are
   * its first and latest packets: it matches a time filter it overlaps.
   */
  matchesFlow(
    a: number,
    b: number,
    aPort: number,
    bPort: number,
    protocol: 'tcp' | 'udp',
    service: string,
    start = 0,
    end = Infinity,
  ): boolean {
    if (!this.active) return true;
    if (end < this.from || start > this.to) return false;
    if (!this.endsMatch(a, b)) return false;
    const f = this.filter;
    if (f.protocol !== '' && !this.flowHasProtocol(a, aPort, bPort, protocol, service)) return false;
    if (f.port !== null && aPort !== f.port && bPort !== f.port) return false;
    const dirOk = (s: number, d: number): boolean =>
      (this.src === null || this.addressIn(this.src, this.srcCache, s)) &&
      (this.dst === null || this.addressIn(this.dst, this.dstCache, d));
    if (!dirOk(a, b) && !dirOk(b, a)) return false;
    if (this.hostText !== '' && !this.hostMatches(a) && !this.hostMatches(b)) return false;
    return true;
  }

  /**
   * A flow's protocols, known without its packets: its transport, IP version, the application its
   * ports name and its service. Link layers are not known per flow: every flow matches them.
   */
  private flowHasProtocol(a: number, aPort: number, bPort: number, protocol: 'tcp' | 'udp', service: string): boolean {
    const p = this.filter.protocol;
    const id = (PROTO as Record<string, number>)[p];
    if (id < PROTO.arp) return true;
    if (p === protocol || p === service) return true;
    if (p === (this.lookup.isV4(a) ? 'ip' : 'ipv6')) return true;
    return protoName(appForPorts(aPort, bPort, protocol === 'udp')) === p;
  }

  private addressIn(list: BlockList, cache: IdCache, id: number): boolean {
    if (id < 0) return false;
    let v = cache.get(id);
    if (v === 0) {
      v = list.check(this.lookup.toString(id), this.lookup.isV4(id) ? 'ipv4' : 'ipv6') ? 1 : 2;
      cache.set(id, v);
    }
    return v === 1;
  }

  private hostMatches(id: number): boolean {
    if (id < 0) return false;
    let v = this.hostCache.get(id);
    if (v === 0) {
      const address = this.lookup.toString(id);
      const name = this.lookup.nameOf(address);
      v =
        address.toLowerCase().includes(this.hostText) ||
        (name !== undefined && name.toLowerCase().includes(this.hostText))
          ? 1
          : 2;
      this.hostCache.set(id, v);
    }
    return v === 1;
  }
}

function unwrap(r: Result<BlockList>): BlockList {
  if (!r.ok) throw new Error(`view filter was not normalized: ${r.error.message}`);
  return r.value;
}
