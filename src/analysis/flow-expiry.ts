/**
 * Live sessions: flows that went idle leave the tables, as conntrack and nProbe expire them, so a
 * capture that runs for days (or a scan that opens a million flows) keeps memory flat. A TCP stream
 * closed by FIN or RST goes 60 s after its last packet, one never established (a SYN unanswered)
 * after 120 s (conntrack's SYN_SENT), an established one after an hour idle; a UDP conversation
 * after 120 s; an IP conversation after an hour. Each expired flow is handed to `onExpired` first
 * (the flows log), and counted in the analyzer's `expired`; totals, protocols and endpoints keep
 * every packet. Once a second of packet time an eighth of each table is looked at, so a flow goes
 * within 8 s of its time.
 */
import type { Analyzer } from './analyzer.js';
import type { ConversationSource } from './report-rows.js';

export interface ExpiryTimeouts {
  tcpClosedSec: number;
  tcpOpeningSec: number;
  tcpEstablishedSec: number;
  udpSec: number;
  ipSec: number;
}

export const DEFAULT_EXPIRY: ExpiryTimeouts = {
  tcpClosedSec: 60,
  tcpOpeningSec: 120,
  tcpEstablishedSec: 3600,
  udpSec: 120,
  ipSec: 3600,
};

/** Each sweep looks at this fraction of a table (plus a few rows, so small tables are swept whole). */
const SLICES = 8;
const MIN_ROWS = 256;

export type ExpiredFlow = (protocol: 'tcp' | 'udp', table: ConversationSource, id: number) => void;

export class FlowExpiry {
  private tcpAt = 0;
  private udpAt = 0;
  private ipAt = 0;
  private lastSec = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly an: Analyzer,
    private readonly onExpired: ExpiredFlow,
    private readonly timeouts: ExpiryTimeouts = DEFAULT_EXPIRY,
  ) {}

  /** Time has reached `now` (seconds: packet time, or the clock when no packets come). */
  tick(now: number): void {
    const sec = Math.floor(now);
    if (sec <= this.lastSec) return;
    this.lastSec = sec;
    const an = this.an;
    const to = this.timeouts;
    const tcp = an.tcpStreams;
    this.tcpAt = sweep(tcp, this.tcpAt, (id) => {
      const timeout = tcp.finOrRst(id)
        ? to.tcpClosedSec
        : tcp.initialRtt(id) < 0
          ? to.tcpOpeningSec
          : to.tcpEstablishedSec;
      if (now - tcp.last(id) <= timeout) return;
      this.onExpired('tcp', tcp, id);
      tcp.remove(id);
      an.expired.tcp++;
    });
    const udp = an.udpConversations;
    this.udpAt = sweep(udp, this.udpAt, (id) => {
      if (now - udp.last(id) <= to.udpSec) return;
      this.onExpired('udp', udp, id);
      udp.remove(id);
      an.expired.udp++;
    });
    const ip = an.ipConversations;
    this.ipAt = sweep(ip, this.ipAt, (id) => {
      if (now - ip.last(id) <= to.ipSec) return;
      ip.remove(id);
      an.expired.ip++;
    });
  }
}

/** Looks at the next slice of live rows from `at`; returns where the next sweep starts. */
function sweep(
  t: { readonly end: number; isLive(id: number): boolean },
  at: number,
  check: (id: number) => void,
): number {
  const end = t.end;
  if (end === 0) return 0;
  let n = Math.min(end, Math.ceil(end / SLICES) + MIN_ROWS);
  let id = at >= end ? 0 : at;
  while (n-- > 0) {
    if (t.isLive(id)) check(id);
    id = id + 1 >= end ? 0 : id + 1;
  }
  return id;
}
