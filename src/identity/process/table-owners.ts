/**
 * macOS and Windows: the OS lists every TCP/UDP socket with its owning pid (libproc on macOS, IP
 * Helper's GetExtendedTcpTable/UdpTable on Windows, both in the native binding), read once per
 * batch of lookups (at most every LIST_MS); a flow's socket is the exact tuple, else a listener or
 * an unconnected UDP socket on its local port. Compile-checked and run in the release workflow
 * only: this machine is Linux.
 */
import { ROW, ROW_WORDS, type NativeSockets } from './native-sockets.js';
import {
  FLAG_LOCAL,
  FLAG_LOCAL_INITIATED,
  REQ,
  REQ_WORDS,
  type OwnerAnswer,
  type OwnerProblem,
  type OwnerResolver,
  type ProcessOwner,
} from './owner-types.js';

const LIST_MS = 20;

export class TableOwners implements OwnerResolver {
  readonly method: string;
  private readonly lists = new Map<string, { at: number; rows: Uint32Array }>();
  private readonly names = new Map<number, { name: string; path: string } | null>();

  constructor(private readonly native: NativeSockets) {
    this.method = native.platform === 'darwin' ? 'libproc' : 'IP Helper';
  }

  problem(): OwnerProblem | null {
    return null;
  }

  resolve(reqs: Uint32Array, _since: number): OwnerAnswer[] {
    const out: OwnerAnswer[] = [];
    for (let o = 0; o + REQ_WORDS <= reqs.length; o += REQ_WORDS) {
      const id = reqs[o + REQ.ID];
      const flags = reqs[o + REQ.FLAGS];
      if ((flags & FLAG_LOCAL) === 0) {
        out.push({ id, status: 'unknown', owner: null });
        continue;
      }
      const pid = this.find(reqs, o, (flags & FLAG_LOCAL_INITIATED) === 0);
      const owner = pid > 0 ? this.owner(pid) : null;
      out.push(owner ? { id, status: 'known', owner } : { id, status: 'ended', owner: null });
    }
    return out;
  }

  private rows(proto: number, fam: number): Uint32Array {
    const key = `${proto}/${fam}`;
    const now = performance.now();
    const hit = this.lists.get(key);
    if (hit && now - hit.at < LIST_MS) return hit.rows;
    const r = this.native.list(proto, fam);
    const rows = typeof r === 'number' ? new Uint32Array(0) : r;
    this.lists.set(key, { at: now, rows });
    return rows;
  }

  private find(req: Uint32Array, o: number, serverSide: boolean): number {
    const proto = req[o + REQ.PROTO];
    const fam = req[o + REQ.FAMILY];
    const rows = this.rows(proto, fam);
    let wild = 0;
    for (let r = 0; r < rows.length; r += ROW_WORDS) {
      if (rows[r + ROW.LPORT] !== req[o + REQ.LPORT]) continue;
      let exact = rows[r + ROW.RPORT] === req[o + REQ.RPORT];
      let anyRemote = rows[r + ROW.RPORT] === 0;
      for (let w = 0; w < 4; w++) {
        if (rows[r + ROW.REMOTE + w] !== req[o + REQ.REMOTE + w]) exact = false;
        if (rows[r + ROW.REMOTE + w] !== 0) anyRemote = false;
      }
      if (exact) return rows[r + ROW.OWNER];
      if (anyRemote && (proto === 17 || serverSide)) wild = rows[r + ROW.OWNER];
    }
    return wild;
  }

  private owner(pid: number): ProcessOwner | null {
    if (!this.names.has(pid)) {
      if (this.names.size > 8192) this.names.clear();
      this.names.set(pid, this.native.processPath(pid));
    }
    const p = this.names.get(pid);
    return p ? { pid, name: p.name, exe: p.path, cmdline: '', uid: -1, user: '' } : null;
  }
}
