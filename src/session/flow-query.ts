/**
 * flows:page: TCP streams and UDP conversations, filtered by the view filter, searched, sorted by
 * a column. The sorted order is cached for a moment, so scrolling a 100,000-row table asks for
 * pages without re-sorting each time; new flows and counts show within a second.
 */
import type { FlowDto, FlowsPage, FlowsPageArgs, FlowSortColumn, FlowState } from '../api/views.js';
import type { Analyzer } from '../analysis/analyzer.js';
import { round6, type ConversationSource } from '../analysis/report-rows.js';
import type { FilterMatcher } from './view-filter.js';

const CACHE_MS = 1000;
const UDP_ACTIVE_SEC = 30;

/** A flow in the sorted list: its row times 2, plus 1 for UDP (no object per flow). */
type Entry = number;
const rowOf = (e: Entry): number => e >>> 1;
const isTcp = (e: Entry): boolean => (e & 1) === 0;

export class FlowQuery {
  private cacheKey = '';
  private cacheAt = 0;
  private cacheAll = -1;
  private cached: Entry[] = [];

  constructor(private readonly an: Analyzer) {}

  page(args: FlowsPageArgs, matcher: FilterMatcher, now = Date.now()): FlowsPage {
    const key = `${args.sort}|${args.descending}|${args.search}|${JSON.stringify(matcher.filter)}`;
    const an = this.an;
    const all = an.tcpStreams.size + an.udpConversations.size;
    const added = an.tcpStreams.added + an.udpConversations.added;
    // rebuilt when new flows arrived too: a list cached while a file was still being read would
    // otherwise be answered for up to CACHE_MS after its end, and a window asking then kept it
    if (key !== this.cacheKey || now - this.cacheAt > CACHE_MS || added !== this.cacheAll) {
      this.cached = this.build(args, matcher);
      this.cacheKey = key;
      this.cacheAt = now;
      this.cacheAll = added;
    }
    const rows = this.cached
      .slice(args.offset, args.offset + args.limit)
      .filter((e) => this.table(e).isLive(rowOf(e)))
      .map((e) => this.dto(e));
    return { offset: args.offset, total: this.cached.length, all, rows };
  }

  private table(e: Entry): ConversationSource {
    return isTcp(e) ? this.an.tcpStreams : this.an.udpConversations;
  }

  private build(args: FlowsPageArgs, matcher: FilterMatcher): Entry[] {
    const an = this.an;
    const out: Entry[] = [];
    const search = args.search.trim().toLowerCase();
    const add = (t: ConversationSource, tcp: boolean): void => {
      for (let id = 0; id < t.end; id++) {
        if (!t.isLive(id)) continue;
        const a = t.a(id);
        const b = t.b(id);
        const proto = tcp ? 'tcp' : 'udp';
        if (!matcher.matchesFlow(a, b, t.aPort(id), t.bPort(id), proto, t.service(id), t.start(id), t.last(id)))
          continue;
        const e = id * 2 + (tcp ? 0 : 1);
        if (search !== '' && !this.matchesSearch(e, search)) continue;
        out.push(e);
      }
    };
    add(an.tcpStreams, true);
    add(an.udpConversations, false);
    const cmp = this.comparator(args.sort);
    const sign = args.descending ? -1 : 1;
    const start = (e: Entry): number => this.table(e).start(rowOf(e));
    out.sort((x, y) => sign * cmp(x, y) || start(x) - start(y) || (x & 1) - (y & 1) || rowOf(x) - rowOf(y));
    return out;
  }

  private matchesSearch(e: Entry, search: string): boolean {
    const t = this.table(e);
    const id = rowOf(e);
    const a = this.an.addresses.toString(t.a(id));
    const b = this.an.addresses.toString(t.b(id));
    const hay = [
      a,
      b,
      this.an.hostnames.get(a) ?? '',
      this.an.hostnames.get(b) ?? '',
      String(t.aPort(id)),
      String(t.bPort(id)),
      t.service(id),
      isTcp(e) ? 'tcp' : 'udp',
    ];
    return hay.some((h) => h.toLowerCase().includes(search));
  }

  private comparator(col: FlowSortColumn): (x: Entry, y: Entry) => number {
    const addr = (id: number): string => this.an.addresses.toString(id);
    const tcp = this.an.tcpStreams;
    const num = (get: (t: ConversationSource, id: number) => number) => (x: Entry, y: Entry) =>
      get(this.table(x), rowOf(x)) - get(this.table(y), rowOf(y));
    const text = (get: (t: ConversationSource, id: number) => string) => (x: Entry, y: Entry) =>
      get(this.table(x), rowOf(x)).localeCompare(get(this.table(y), rowOf(y)));
    const tcpOnly = (get: (id: number) => number, other: number) => (x: Entry, y: Entry) =>
      (isTcp(x) ? get(rowOf(x)) : other) - (isTcp(y) ? get(rowOf(y)) : other);
    switch (col) {
      case 'start':
        return num((t, id) => t.start(id));
      case 'duration':
        return num((t, id) => t.last(id) - t.start(id));
      case 'protocol':
        return (x, y) => (x & 1) - (y & 1);
      case 'a':
        return text((t, id) => addr(t.a(id)));
      case 'b':
        return text((t, id) => addr(t.b(id)));
      case 'service':
        return text((t, id) => t.service(id));
      case 'packets':
        return num((t, id) => t.packetsAtoB(id) + t.packetsBtoA(id));
      case 'bytes':
        return num((t, id) => t.bytes(id));
      case 'bytesAtoB':
        return num((t, id) => t.bytesAtoB(id));
      case 'bytesBtoA':
        return num((t, id) => t.bytesBtoA(id));
      case 'state':
        return (x, y) => this.state(x).localeCompare(this.state(y));
      case 'rtt':
        return tcpOnly((id) => tcp.initialRtt(id), -1);
      case 'retransmissions':
        return tcpOnly((id) => tcp.retransmissions(id), 0);
    }
  }

  private state(e: Entry): FlowState {
    const id = rowOf(e);
    if (isTcp(e)) {
      const s = this.an.tcpStreams;
      if (s.finOrRst(id)) return 'closed';
      if (s.synTime(id) >= 0 && s.initialRtt(id) < 0 && s.packetsBtoA(id) === 0) return 'new';
      return 'open';
    }
    const latest = this.an.lastSec + this.an.lastNsec * 1e-9;
    return latest - this.an.udpConversations.last(id) <= UDP_ACTIVE_SEC ? 'active' : 'idle';
  }

  private dto(e: Entry): FlowDto {
    const id = rowOf(e);
    const t = this.table(e);
    const an = this.an;
    const a = an.addresses.toString(t.a(id));
    const b = an.addresses.toString(t.b(id));
    const tcp = isTcp(e) ? an.tcpStreams : null;
    const start = t.start(id);
    const rtt = tcp ? tcp.initialRtt(id) : -1;
    return {
      id: `${tcp ? 'tcp' : 'udp'}:${id}`,
      protocol: tcp ? 'tcp' : 'udp',
      a,
      aPort: t.aPort(id),
      b,
      bPort: t.bPort(id),
      aName: an.hostnames.get(a) ?? null,
      bName: an.hostnames.get(b) ?? null,
      service: t.service(id),
      ...(t.tunnel(id) !== '' ? { tunnel: t.tunnel(id) } : {}),
      packetsAtoB: t.packetsAtoB(id),
      bytesAtoB: t.bytesAtoB(id),
      packetsBtoA: t.packetsBtoA(id),
      bytesBtoA: t.bytesBtoA(id),
      start: round6(start),
      duration: round6(t.last(id) - start),
      state: this.state(e),
      rttMs: rtt >= 0 ? round3(rtt * 1000) : null,
      retransmissions: tcp ? tcp.retransmissions(id) : 0,
    };
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
