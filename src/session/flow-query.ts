/**
 * flows:page: TCP streams and UDP conversations, filtered by the view filter, searched, sorted by
 * a column. The sorted order is cached for a moment, so scrolling a 100,000-row table asks for
 * pages without re-sorting each time; new flows and counts show within a second.
 */
import type { FlowDto, FlowsPage, FlowsPageArgs, FlowSortColumn, FlowState } from '../api/views.js';
import type { Analyzer } from '../analysis/analyzer.js';
import type { Conversation } from '../analysis/conversation.js';
import { TcpStream } from '../analysis/tcp-streams.js';
import type { FilterMatcher } from './view-filter.js';

const CACHE_MS = 1000;
const UDP_ACTIVE_SEC = 30;

interface Entry {
  c: Conversation;
  tcp: boolean;
  index: number;
}

export class FlowQuery {
  private cacheKey = '';
  private cacheAt = 0;
  private cacheAll = -1;
  private cached: Entry[] = [];

  constructor(private readonly an: Analyzer) {}

  page(args: FlowsPageArgs, matcher: FilterMatcher, now = Date.now()): FlowsPage {
    const key = `${args.sort}|${args.descending}|${args.search}|${JSON.stringify(matcher.filter)}`;
    const all = this.an.tcpStreams.rows.length + this.an.udpConversations.rows.length;
    // rebuilt when new flows arrived too: a list cached while a file was still being read would
    // otherwise be answered for up to CACHE_MS after its end, and a window asking then kept it
    if (key !== this.cacheKey || now - this.cacheAt > CACHE_MS || all !== this.cacheAll) {
      this.cached = this.build(args, matcher);
      this.cacheKey = key;
      this.cacheAt = now;
      this.cacheAll = all;
    }
    const rows = this.cached.slice(args.offset, args.offset + args.limit).map((e) => this.dto(e));
    return { offset: args.offset, total: this.cached.length, all, rows };
  }

  private build(args: FlowsPageArgs, matcher: FilterMatcher): Entry[] {
    const an = this.an;
    const out: Entry[] = [];
    const search = args.search.trim().toLowerCase();
    const add = (list: readonly Conversation[], tcp: boolean): void => {
      for (let i = 0; i < list.length; i++) {
        const c = list[i];
        if (!matcher.matchesFlow(c.a, c.b, c.aPort, c.bPort, tcp ? 'tcp' : 'udp', c.service)) continue;
        if (search !== '' && !this.matchesSearch(c, tcp, search)) continue;
        out.push({ c, tcp, index: i });
      }
    };
    add(an.tcpStreams.rows, true);
    add(an.udpConversations.rows, false);
    const cmp = this.comparator(args.sort);
    const sign = args.descending ? -1 : 1;
    out.sort((x, y) => sign * cmp(x, y) || x.c.start - y.c.start || Number(y.tcp) - Number(x.tcp) || x.index - y.index);
    return out;
  }

  private matchesSearch(c: Conversation, tcp: boolean, search: string): boolean {
    const a = this.an.addresses.toString(c.a);
    const b = this.an.addresses.toString(c.b);
    const hay = [
      a,
      b,
      this.an.hostnames.get(a) ?? '',
      this.an.hostnames.get(b) ?? '',
      String(c.aPort),
      String(c.bPort),
      c.service,
      tcp ? 'tcp' : 'udp',
    ];
    return hay.some((h) => h.toLowerCase().includes(search));
  }

  private comparator(col: FlowSortColumn): (x: Entry, y: Entry) => number {
    const addr = (id: number): string => this.an.addresses.toString(id);
    const num = (get: (e: Entry) => number) => (x: Entry, y: Entry) => get(x) - get(y);
    const text = (get: (e: Entry) => string) => (x: Entry, y: Entry) => get(x).localeCompare(get(y));
    switch (col) {
      case 'start':
        return num((e) => e.c.start);
      case 'duration':
        return num((e) => e.c.last - e.c.start);
      case 'protocol':
        return num((e) => (e.tcp ? 0 : 1));
      case 'a':
        return text((e) => addr(e.c.a));
      case 'b':
        return text((e) => addr(e.c.b));
      case 'service':
        return text((e) => e.c.service);
      case 'packets':
        return num((e) => e.c.packets);
      case 'bytes':
        return num((e) => e.c.bytes);
      case 'bytesAtoB':
        return num((e) => e.c.bytesAtoB);
      case 'bytesBtoA':
        return num((e) => e.c.bytesBtoA);
      case 'state':
        return text((e) => this.state(e));
      case 'rtt':
        return num((e) => (e.c instanceof TcpStream && e.c.initialRtt >= 0 ? e.c.initialRtt : -1));
      case 'retransmissions':
        return num((e) => (e.c instanceof TcpStream ? e.c.retransmissions : 0));
    }
  }

  private state(e: Entry): FlowState {
    const c = e.c;
    if (c instanceof TcpStream) {
      if (c.finOrRst) return 'closed';
      if (c.synTime >= 0 && c.initialRtt < 0 && c.packetsBtoA === 0) return 'new';
      return 'open';
    }
    const latest = this.an.lastSec + this.an.lastNsec * 1e-9;
    return latest - c.last <= UDP_ACTIVE_SEC ? 'active' : 'idle';
  }

  private dto(e: Entry): FlowDto {
    const c = e.c;
    const an = this.an;
    const a = an.addresses.toString(c.a);
    const b = an.addresses.toString(c.b);
    const tcp = c instanceof TcpStream ? c : null;
    return {
      id: `${e.tcp ? 'tcp' : 'udp'}:${e.index}`,
      protocol: e.tcp ? 'tcp' : 'udp',
      a,
      aPort: c.aPort,
      b,
      bPort: c.bPort,
      aName: an.hostnames.get(a) ?? null,
      bName: an.hostnames.get(b) ?? null,
      service: c.service,
      ...(c.tunnel !== '' ? { tunnel: c.tunnel } : {}),
      packetsAtoB: c.packetsAtoB,
      bytesAtoB: c.bytesAtoB,
      packetsBtoA: c.packetsBtoA,
      bytesBtoA: c.bytesBtoA,
      start: round6(c.start),
      duration: round6(c.last - c.start),
      state: this.state(e),
      rttMs: tcp && tcp.initialRtt >= 0 ? round3(tcp.initialRtt * 1000) : null,
      retransmissions: tcp ? tcp.retransmissions : 0,
    };
  }
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
