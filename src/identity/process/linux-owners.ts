/**
 * Linux: the socket of a flow from netlink sock_diag (the native binding's query(): the kernel's
 * own lookup, as `ss` uses), or from /proc/net/* when the binding is not built; its process from
 * /proc/<pid>/fd (inode-owners.ts). A socket found in another network namespace (a container's) is
 * answered as "other namespace", never as one of ours.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { InodeOwners } from './inode-owners.js';
import { loadNativeSockets, ROW, ROW_WORDS, type NativeSockets } from './native-sockets.js';
import { readProcNet } from './proc-net.js';
import { ProcessInfoCache } from './process-info.js';
import { RecentSockets } from './recent-sockets.js';
import {
  FLAG_LOCAL,
  FLAG_LOCAL_INITIATED,
  REQ,
  REQ_WORDS,
  type OwnerAnswer,
  type OwnerProblem,
  type OwnerResolver,
} from './owner-types.js';

const TCP_TIME_WAIT = 6;
const TCP_LISTEN = 10;
const NAMESPACES_MS = 2000;
const PROC_NET_MS = 20;

function netnsOf(pid: number | 'self'): string {
  try {
    return readlinkSync(`/proc/${pid}/ns/net`);
  } catch {
    return '';
  }
}

/** Finds the row in `rows` for the tuple: exact first, then (when allowed) a listener / unbound-peer socket on the port. */
function match(rows: Uint32Array, req: Uint32Array, o: number, fam: number, wildcardOk: boolean): number {
  const lport = req[o + REQ.LPORT];
  const rport = req[o + REQ.RPORT];
  let wild = -1;
  for (let r = 0; r < rows.length; r += ROW_WORDS) {
    if (rows[r + ROW.LPORT] !== lport || rows[r + ROW.FAMILY] !== fam) continue;
    let sameLocal = true;
    let sameRemote = rows[r + ROW.RPORT] === rport;
    let anyLocal = true;
    let anyRemote = rows[r + ROW.RPORT] === 0;
    for (let w = 0; w < 4; w++) {
      const l = rows[r + ROW.LOCAL + w];
      const m = rows[r + ROW.REMOTE + w];
      if (l !== req[o + REQ.LOCAL + w]) sameLocal = false;
      if (m !== req[o + REQ.REMOTE + w]) sameRemote = false;
      if (l !== 0) anyLocal = false;
      if (m !== 0) anyRemote = false;
    }
    if (sameLocal && sameRemote) return r;
    if (wildcardOk && anyRemote && (sameLocal || anyLocal) && (wild < 0 || sameLocal)) wild = r;
  }
  return wild;
}

export class LinuxOwners implements OwnerResolver {
  readonly method: string;
  private readonly native: NativeSockets | null;
  private readonly inodes = new InodeOwners();
  private readonly info = new ProcessInfoCache();
  private readonly recent = new RecentSockets();
  private readonly ownNetns = netnsOf('self');
  private readonly myUid = process.getuid?.() ?? 0;
  private foreign: { at: number; pids: number[] } = { at: -Infinity, pids: [] };
  private procNet = new Map<string, { at: number; rows: Uint32Array }>();
  private reported = false;
  private pendingProblem: OwnerProblem | null = null;
  private readonly mapped = new Uint32Array(4);
  private readonly mappedRemote = new Uint32Array(4);

  constructor(opts: { native?: boolean } = {}) {
    this.native = opts.native === false ? null : loadNativeSockets();
    this.method = this.native ? 'sock_diag' : '/proc/net';
  }

  problem(): OwnerProblem | null {
    const p = this.pendingProblem;
    this.pendingProblem = null;
    return p;
  }

  resolve(reqs: Uint32Array, since: number): OwnerAnswer[] {
    const out: OwnerAnswer[] = [];
    for (let o = 0; o + REQ_WORDS <= reqs.length; o += REQ_WORDS) out.push(this.one(reqs, o, since));
    return out;
  }

  private one(req: Uint32Array, o: number, since: number): OwnerAnswer {
    const id = req[o + REQ.ID];
    const flags = req[o + REQ.FLAGS];
    if (flags & FLAG_LOCAL) {
      const row = this.findOwn(req, o, (flags & FLAG_LOCAL_INITIATED) === 0, since);
      if (row && row[ROW.OWNER] !== 0) {
        const pid = this.inodes.find(row[ROW.OWNER], since);
        const owner = pid ? this.info.get(pid) : null;
        if (owner) return { id, status: 'known', owner };
        if (this.inodes.deniedPids > 0 && row[ROW.UID] !== this.myUid) return this.denied(id);
      }
      // Gone already (or no inode: closed, not accepted): what the watch saw while it was open.
      const seen = this.recent.find(req, o, (flags & FLAG_LOCAL_INITIATED) === 0);
      if (seen) return { id, status: 'known', owner: seen };
      return { id, status: 'ended', owner: null };
    }
    // Not our address: a socket of another network namespace (a container's), if any has it.
    const foreign = this.findForeign(req, o, since);
    if (foreign) return { id, status: 'other-namespace', owner: foreign };
    return { id, status: 'unknown', owner: null };
  }

  /**
   * The watch, run every WATCH_MS by the worker: lists our namespace's sockets and remembers the
   * owner of each new one while it is open, for flows whose lookup comes after the socket closed
   * (connections shorter than the capture's delivery delay). It backs up the lookup at the first
   * packet; it never replaces it.
   */
  /** The watch's own timing (rounds, the longest gap between two and the longest one), for the benchmark. */
  readonly watchStats = { rounds: 0, maxGapMs: 0, maxRoundMs: 0, lastStart: 0 };

  tick(): void {
    const st = this.watchStats;
    const t0 = performance.now();
    if (st.rounds > 0) st.maxGapMs = Math.max(st.maxGapMs, t0 - st.lastStart);
    st.lastStart = t0;
    st.rounds++;
    this.tickOnce();
    st.maxRoundMs = Math.max(st.maxRoundMs, performance.now() - t0);
  }

  private tickOnce(): void {
    const n = this.native;
    const fresh: Uint32Array[] = [];
    for (const proto of [6, 17]) {
      for (const fam of [4, 6]) {
        const rows = n ? n.list(proto, fam) : this.table(proto, fam);
        if (typeof rows === 'number') continue;
        fresh.push(rows);
      }
    }
    this.inodes.newRound();
    this.recent.update(fresh, (inode) => {
      const pid = this.inodes.findQuick(inode);
      return pid ? this.info.get(pid) : null;
    });
  }

  private denied(id: number): OwnerAnswer {
    if (!this.reported) {
      this.reported = true;
      this.pendingProblem = {
        code: 'identity-no-permission',
        message: `NetLens cannot see which programs of other users own connections (${this.inodes.deniedPids} processes it may not read)`,
        hint: 'run the capture as root, or give node the rights: sudo setcap cap_net_raw,cap_net_admin,cap_sys_ptrace,cap_dac_read_search=eip "$(readlink -f "$(which node)")"',
      };
    }
    return { id, status: 'no-permission', owner: null };
  }

  /** The socket in our namespace a packet of the tuple reaches, as a row, or null. */
  private findOwn(req: Uint32Array, o: number, serverSide: boolean, since: number): Uint32Array | null {
    const proto = req[o + REQ.PROTO];
    const fam = req[o + REQ.FAMILY];
    const local = req.subarray(o + REQ.LOCAL, o + REQ.LOCAL + 4);
    const remote = req.subarray(o + REQ.REMOTE, o + REQ.REMOTE + 4);
    const lport = req[o + REQ.LPORT];
    const rport = req[o + REQ.RPORT];
    const n = this.native;
    if (n) {
      let row = this.query(n, proto, fam, local, lport, remote, rport);
      if (!row && fam === 4) {
        // an IPv6 socket serving IPv4 too (dual stack): the tuple as ::ffff:a.b.c.d
        this.mapped.set([0, 0, 0xffff, local[0]]);
        this.mappedRemote.set([0, 0, 0xffff, remote[0]]);
        row = this.query(n, proto, 6, this.mapped, lport, this.mappedRemote, rport);
      }
      // A connection closed (TIME_WAIT) or not accepted yet has no inode: on the server side the
      // listener owns the port (only there: a client's ephemeral port is nobody's listener).
      if (proto === 6 && serverSide && (!row || row[ROW.OWNER] === 0 || row[ROW.STATE] === TCP_TIME_WAIT)) {
        const zero = new Uint32Array(4);
        let l = this.query(n, proto, fam, local, lport, zero, 0);
        if ((!l || l[ROW.STATE] !== TCP_LISTEN) && fam === 4) l = this.query(n, proto, 6, this.mapped, lport, zero, 0);
        if (l && l[ROW.STATE] === TCP_LISTEN) return l;
      }
      return row;
    }
    const rows = this.table(proto, fam, 'self', since);
    let r = match(rows, req, o, fam, proto === 17 || serverSide);
    if (r < 0 && fam === 4) {
      const copy = req.slice(o, o + REQ_WORDS);
      copy.set([0, 0, 0xffff, local[0]], REQ.LOCAL);
      copy.set([0, 0, 0xffff, remote[0]], REQ.REMOTE);
      const rows6 = this.table(proto, 6, 'self', since);
      r = match(rows6, copy, 0, 6, proto === 17 || serverSide);
      return r < 0 ? null : rows6.slice(r, r + ROW_WORDS);
    }
    return r < 0 ? null : rows.slice(r, r + ROW_WORDS);
  }

  private query(
    n: NativeSockets,
    proto: number,
    fam: number,
    local: Uint32Array,
    lport: number,
    remote: Uint32Array,
    rport: number,
  ): Uint32Array | null {
    const r = n.query(proto, fam, local, lport, remote, rport);
    return typeof r === 'number' ? null : r;
  }

  /** A /proc/net table (ours, or the namespace of `pid`), reread at most every PROC_NET_MS. */
  private table(proto: number, fam: number, pid: number | 'self' = 'self', since = 0): Uint32Array {
    const key = `${pid}/${proto}/${fam}`;
    const now = performance.now();
    const t = this.procNet.get(key);
    if (t && now - t.at < PROC_NET_MS && t.at >= since) return t.rows; // read after the flow began
    const rows = readProcNet(proto, fam === 6 ? 6 : 4, pid);
    if (this.procNet.size > 256) this.procNet.clear();
    this.procNet.set(key, { at: now, rows });
    return rows;
  }

  /** One pid per other network namespace, refreshed every NAMESPACES_MS. */
  private foreignPids(): number[] {
    const now = performance.now();
    if (now - this.foreign.at < NAMESPACES_MS) return this.foreign.pids;
    const seen = new Map<string, number>();
    let names: string[] = [];
    try {
      names = readdirSync('/proc');
    } catch {
      // no /proc
    }
    for (const name of names) {
      const c = name.charCodeAt(0);
      if (c < 48 || c > 57) continue;
      const ns = netnsOf(Number(name));
      if (ns && ns !== this.ownNetns && !seen.has(ns)) seen.set(ns, Number(name));
    }
    this.foreign = { at: now, pids: [...seen.values()] };
    return this.foreign.pids;
  }

  private findForeign(req: Uint32Array, o: number, since: number): ReturnType<ProcessInfoCache['get']> {
    const proto = req[o + REQ.PROTO];
    const fam = req[o + REQ.FAMILY] === 6 ? 6 : 4;
    const pids = this.foreignPids();
    if (pids.length === 0) return null;
    // Seen from the other namespace, either end may be its own: try the tuple both ways.
    const swapped = req.slice(o, o + REQ_WORDS);
    swapped.set(req.subarray(o + REQ.REMOTE, o + REQ.REMOTE + 4), REQ.LOCAL);
    swapped.set(req.subarray(o + REQ.LOCAL, o + REQ.LOCAL + 4), REQ.REMOTE);
    swapped[REQ.LPORT] = req[o + REQ.RPORT];
    swapped[REQ.RPORT] = req[o + REQ.LPORT];
    for (const pid of pids) {
      const rows = this.table(proto, fam, pid);
      let r = match(rows, req, o, fam, false);
      if (r < 0) r = match(rows, swapped, 0, fam, false);
      if (r < 0) continue;
      const owner = this.inodes.find(rows[r + ROW.OWNER], since);
      const info = owner ? this.info.get(owner) : null;
      return info ?? { pid: 0, name: '', exe: '', cmdline: '', uid: rows[r + ROW.UID], user: '' };
    }
    return null;
  }
}
