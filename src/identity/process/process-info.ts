/**
 * What /proc says about a process: its name (comm, or the executable's file name when comm was cut
 * at 15 characters), executable path, command line, user. Cached by pid and start time, so a
 * reused pid is never mistaken for the process that had it before.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';

export interface ProcessOwner {
  pid: number;
  /** Untrusted text from the process: show it as text. */
  name: string;
  /** Executable path, '' when it cannot be read (another user's process without the rights). */
  exe: string;
  /** Command line, arguments joined by spaces and cut at 300 characters. */
  cmdline: string;
  uid: number;
  user: string;
}

const COMM_MAX = 15;
const CMDLINE_MAX = 300;

let users: Map<number, string> | null = null;

/** The user name of `uid` from /etc/passwd ('' when not listed). */
export function userName(uid: number): string {
  if (!users) {
    users = new Map();
    try {
      for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
        const f = line.split(':');
        if (f.length > 3) users.set(Number(f[2]), f[0]);
      }
    } catch {
      // no passwd: numbers only
    }
  }
  return users.get(uid) ?? '';
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** /proc/<pid>/stat's start time (field 22), which tells two processes with one pid apart; '' if gone. */
export function startTime(pid: number): string {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return '';
  const close = stat.lastIndexOf(')'); // comm may hold spaces and parentheses
  return stat.slice(close + 2).split(' ')[19] ?? '';
}

export class ProcessInfoCache {
  private readonly byPid = new Map<number, { start: string; owner: ProcessOwner }>();
  private static readonly MAX = 8192;

  /** The process `pid`, or null when it is gone. */
  get(pid: number): ProcessOwner | null {
    const start = startTime(pid);
    if (!start) return null;
    const hit = this.byPid.get(pid);
    if (hit && hit.start === start) return hit.owner;
    const comm = (read(`/proc/${pid}/comm`) ?? '').replace(/\n$/, '');
    let exe = '';
    try {
      exe = readlinkSync(`/proc/${pid}/exe`);
    } catch {
      // another user's process, or a kernel thread
    }
    const exeName = exe ? basename(exe.replace(/ \(deleted\)$/, '')) : '';
    const name = comm.length >= COMM_MAX && exeName.startsWith(comm) ? exeName : comm || exeName;
    const cmdline = (read(`/proc/${pid}/cmdline`) ?? '').replace(/\0+$/, '').replace(/\0/g, ' ').slice(0, CMDLINE_MAX);
    const uidLine = /^Uid:\s+(\d+)/m.exec(read(`/proc/${pid}/status`) ?? '');
    const uid = uidLine ? Number(uidLine[1]) : -1;
    const owner: ProcessOwner = { pid, name, exe, cmdline, uid, user: uid >= 0 ? userName(uid) : '' };
    if (this.byPid.size >= ProcessInfoCache.MAX) this.byPid.clear();
    this.byPid.set(pid, { start, owner });
    return owner;
  }
}
