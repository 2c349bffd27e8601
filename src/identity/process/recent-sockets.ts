/**
 * The sockets the watch saw open lately, by tuple, with the process that held each: the answer for
 * a flow whose socket had closed by the time its lookup ran. Entries not seen for KEEP_MS go.
 * Sockets of the same tuple seen with another inode replace the old entry (a reused port).
 */
import { ROW, ROW_WORDS } from './native-sockets.js';
import { REQ } from './owner-types.js';
import type { ProcessOwner } from './process-info.js';

const KEEP_MS = 5000;
const MAX_ENTRIES = 200_000;

interface Entry {
  inode: number;
  owner: ProcessOwner | null;
  seen: number;
}

function key(
  proto: number,
  fam: number,
  l: ArrayLike<number>,
  lo: number,
  lport: number,
  r: ArrayLike<number>,
  ro: number,
  rport: number,
): string {
  return fam === 4
    ? `${proto},4,${l[lo]},${lport},${r[ro]},${rport}`
    : `${proto},6,${l[lo]},${l[lo + 1]},${l[lo + 2]},${l[lo + 3]},${lport},${r[ro]},${r[ro + 1]},${r[ro + 2]},${r[ro + 3]},${rport}`;
}

const ZERO = new Uint32Array(4);

export class RecentSockets {
  private readonly byTuple = new Map<string, Entry>();
  private lastPrune = 0;

  /** Records the rows of each table; `ownerOf(inode)` is asked only for sockets not seen before. */
  update(tables: Uint32Array[], ownerOf: (inode: number) => ProcessOwner | null): void {
    const now = performance.now();
    const mapped = new Uint32Array(1);
    const mappedR = new Uint32Array(1);
    for (const rows of tables) {
      for (let r = 0; r + ROW_WORDS <= rows.length; r += ROW_WORDS) {
        const inode = rows[r + ROW.OWNER];
        if (inode === 0) continue;
        const proto = rows[r + ROW.PROTO];
        const fam = rows[r + ROW.FAMILY];
        const k = key(proto, fam, rows, r + ROW.LOCAL, rows[r + ROW.LPORT], rows, r + ROW.REMOTE, rows[r + ROW.RPORT]);
        const e = this.remember(k, inode, now, ownerOf);
        // An IPv6 socket with IPv4-mapped (or unspecified) addresses also serves IPv4 tuples.
        if (fam === 6 && e && this.v4Reachable(rows, r + ROW.LOCAL) && this.v4Reachable(rows, r + ROW.REMOTE)) {
          mapped[0] = rows[r + ROW.LOCAL + 3];
          mappedR[0] = rows[r + ROW.REMOTE + 3];
          const k4 = key(proto, 4, mapped, 0, rows[r + ROW.LPORT], mappedR, 0, rows[r + ROW.RPORT]);
          this.byTuple.set(k4, e);
        }
      }
    }
    if (now - this.lastPrune > KEEP_MS) {
      this.lastPrune = now;
      for (const [k, e] of this.byTuple) if (now - e.seen > KEEP_MS) this.byTuple.delete(k);
    }
  }

  private v4Reachable(w: Uint32Array, o: number): boolean {
    return w[o] === 0 && w[o + 1] === 0 && (w[o + 2] === 0xffff || (w[o + 2] === 0 && w[o + 3] === 0));
  }

  private remember(
    k: string,
    inode: number,
    now: number,
    ownerOf: (inode: number) => ProcessOwner | null,
  ): Entry | null {
    const e = this.byTuple.get(k);
    if (e && e.inode === inode) {
      e.seen = now;
      if (!e.owner) e.owner = ownerOf(inode);
      return e;
    }
    if (this.byTuple.size >= MAX_ENTRIES) this.byTuple.clear();
    const fresh = { inode, owner: ownerOf(inode), seen: now };
    this.byTuple.set(k, fresh);
    return fresh;
  }

  /** The owner last seen for the request's tuple (exact; then, for a server side or UDP, the port's listener). */
  find(req: Uint32Array, o: number, serverSide: boolean): ProcessOwner | null {
    const proto = req[o + REQ.PROTO];
    const fam = req[o + REQ.FAMILY];
    const lport = req[o + REQ.LPORT];
    const exact = this.byTuple.get(key(proto, fam, req, o + REQ.LOCAL, lport, req, o + REQ.REMOTE, req[o + REQ.RPORT]));
    if (exact?.owner) return exact.owner;
    if (!serverSide && proto !== 17) return null;
    const bound = this.byTuple.get(key(proto, fam, req, o + REQ.LOCAL, lport, ZERO, 0, 0));
    if (bound?.owner) return bound.owner;
    return this.byTuple.get(key(proto, fam, ZERO, 0, lport, ZERO, 0, 0))?.owner ?? null;
  }
}
