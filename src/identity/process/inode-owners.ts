/**
 * Socket inode → the process holding it, through /proc/<pid>/fd (links read "socket:[inode]"), as
 * `ss -p` and lsof do. A cache maps inodes to (pid, fd) and is checked on every hit (the link is
 * read again), refreshed on a miss: first the processes that owned recent sockets (a program that
 * opens many short connections is found by rereading its own fd table), then every process, at
 * most once per FULL_SCAN_MS (the watch's findQuick() never walks every process). Reading other users' fd tables needs root (or CAP_SYS_PTRACE and
 * CAP_DAC_READ_SEARCH): the processes it could not read are counted.
 */
import { readdirSync, readlinkSync } from 'node:fs';

const FULL_SCAN_MS = 25;
const WATCH_FULL_SCAN_MS = 100;
const HOT_PIDS = 32;
const CACHE_MAX = 262_144;

export class InodeOwners {
  private readonly cache = new Map<number, { pid: number; fd: string }>();
  private readonly hot: number[] = [];
  /** Processes whose fd tables were read by the last full scan or since (a new one is read at once). */
  private known = new Set<number>();
  private roundScanned = false;
  private lastFullScan = -Infinity;
  /** Processes whose fd table could not be read in the last full scan (no permission). */
  deniedPids = 0;
  fullScans = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The pid holding socket `inode`, or 0. `since`: a full scan at or after this time is fresh enough. */
  find(inode: number, since: number): number {
    const hit = this.cache.get(inode);
    if (hit && this.holds(hit.pid, hit.fd, inode)) return this.touch(hit.pid);
    if (hit) this.cache.delete(inode);
    for (const pid of this.hot) {
      this.scanPid(pid);
      const h = this.cache.get(inode);
      if (h) return this.touch(h.pid);
    }
    if (this.scanNewPids(inode)) return this.touch(this.cache.get(inode)!.pid);
    if (this.lastFullScan < since || this.now() - this.lastFullScan >= FULL_SCAN_MS) {
      this.fullScan();
      const h = this.cache.get(inode);
      if (h) return this.touch(h.pid);
    }
    return 0;
  }

  /** Reads the fd tables of processes that started since the last full scan; true if `inode` turned up. */
  private scanNewPids(inode: number): boolean {
    let entries: string[];
    try {
      entries = readdirSync('/proc');
    } catch {
      return false;
    }
    for (const name of entries) {
      const c = name.charCodeAt(0);
      if (c < 48 || c > 57) continue;
      const pid = Number(name);
      if (this.known.has(pid)) continue;
      this.known.add(pid);
      this.scanPid(pid);
    }
    return this.cache.has(inode);
  }

  /**
   * Like find(), for the watch: the cache, then the recent owners' and new processes' fd tables,
   * each read at most once per watch round (newRound() starts one), and every process at most
   * once per WATCH_FULL_SCAN_MS: a socket that closed before its table was read must not cost a
   * walk of every process each round.
   */
  findQuick(inode: number): number {
    const hit = this.cache.get(inode);
    if (hit) return hit.pid;
    if (this.roundScanned) return 0;
    this.roundScanned = true;
    for (const pid of this.hot) this.scanPid(pid);
    this.scanNewPids(inode);
    // A process that was already running opened it: walk every process, but rarely.
    if (!this.cache.has(inode) && this.now() - this.lastFullScan >= WATCH_FULL_SCAN_MS) this.fullScan();
    const h = this.cache.get(inode);
    return h ? this.touch(h.pid) : 0;
  }

  /** A new watch round: findQuick() may read fd tables again. */
  newRound(): void {
    this.roundScanned = false;
  }

  private holds(pid: number, fd: string, inode: number): boolean {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`;
    } catch {
      return false;
    }
  }

  private touch(pid: number): number {
    const i = this.hot.indexOf(pid);
    if (i !== 0) {
      if (i > 0) this.hot.splice(i, 1);
      this.hot.unshift(pid);
      if (this.hot.length > HOT_PIDS) this.hot.pop();
    }
    return pid;
  }

  /** Reads one process's fd table into the cache; false when the rights to read it are missing. */
  private scanPid(pid: number): boolean {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return code !== 'EACCES' && code !== 'EPERM'; // gone meanwhile is not a permission problem
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (link.startsWith('socket:[')) {
        const inode = Number(link.slice(8, -1));
        if (!this.cache.has(inode)) {
          if (this.cache.size >= CACHE_MAX) this.cache.clear();
          this.cache.set(inode, { pid, fd });
        }
      }
    }
    return true;
  }

  private fullScan(): void {
    this.fullScans++;
    let denied = 0;
    const known = new Set<number>();
    let entries: string[];
    try {
      entries = readdirSync('/proc');
    } catch {
      entries = [];
    }
    for (const name of entries) {
      const c = name.charCodeAt(0);
      if (c < 48 || c > 57) continue;
      known.add(Number(name));
      if (!this.scanPid(Number(name))) denied++;
    }
    this.known = known;
    this.deniedPids = denied;
    this.lastFullScan = this.now();
  }
}
