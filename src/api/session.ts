/**
 * Sessions (one per capture or opened file), interfaces and what the app can do here.
 * Times are milliseconds since the Unix epoch unless a name says otherwise.
 */
import type { ErrorInfo } from './errors.js';

/**
 * - idle: no session yet.
 * - starting: opening the interface or the file.
 * - running: capturing, or reading the file.
 * - paused: live: packets arriving now are skipped; file: reading waits.
 * - stopped: ended by the user, by reaching the end of the file, or by an error (see `error`).
 */
export type CaptureState = 'idle' | 'starting' | 'running' | 'paused' | 'stopped';

export interface SourceDto {
  kind: 'live' | 'file';
  /** The interface name, or the file's path. */
  name: string;
  /** The BPF capture filter ('' for none; a file's is always ''). */
  filter: string;
  /** LINKTYPE_* numbers seen. */
  linkTypes: number[];
  /** Live: which capture backend runs it (helper: the netlens-capture process); null for files. */
  backend: 'native' | 'cap' | 'helper' | null;
  /** File: its size in bytes; null for live. */
  sizeBytes: number | null;
}

export interface LoggingInfo {
  /** Still writing (no error yet, not closed). */
  active: boolean;
  /** The folder logged to ('' when the session pcap is only spooled for export). */
  folder: string;
  pcaps: string[];
  events: string | null;
  flows: string | null;
  error: ErrorInfo | null;
}

export interface SessionInfo {
  /** Increases with each session; 0 before the first. */
  id: number;
  state: CaptureState;
  source: SourceDto | null;
  /** When the session started (wall clock), or null. */
  startedAt: number | null;
  /** When it stopped, or null. */
  stoppedAt: number | null;
  /** Why it stopped: 'user', 'end-of-file', 'error', 'replaced' (another session started), or null. */
  stopReason: 'user' | 'end-of-file' | 'error' | 'replaced' | null;
  /** File sessions: fraction read, 0..1; null for live. */
  progress: number | null;
  /** What ended it, or a problem it ran into (a file cut short is a warning, not an error). */
  error: ErrorInfo | null;
  warnings: string[];
  logging: LoggingInfo | null;
}

/** An interface as the picker shows it (same fields as `netlens interfaces --json`). */
export interface InterfaceDto {
  name: string;
  /** Friendly: the OS's own description (Windows, macOS), or one made from what the OS tells ("Wireless", "Ethernet"). */
  description: string;
  /** Addresses with prefix length, "10.0.0.2/24". */
  ipv4: string[];
  ipv6: string[];
  /** "aa:bb:cc:dd:ee:ff", or null where there is none (loopback, tunnels, pseudo-devices). */
  mac: string | null;
  /** Administratively up; null where the OS does not say. */
  up: boolean | null;
  /** Link running (carrier); null where the OS does not say. */
  running: boolean | null;
  loopback: boolean;
  /** Wireless where the OS tells; null where it cannot be known. */
  wireless: boolean | null;
  /** Holds a default route (IPv4 or IPv6): the one most people want. */
  defaultRoute: boolean;
  /** A libpcap pseudo-device ("any", "nflog", ...) rather than a network interface. */
  pseudo: boolean;
}

export interface FilterCheckArgs {
  filter: string;
  /** The interface it will run on (a filter's validity depends on the link type). */
  interface: string;
}

export interface FilterCheckResult {
  /** False when the filter could not be checked here (no capture permission): `note` says why. */
  checked: boolean;
  note: string;
}

export interface CaptureStartArgs {
  interface: string;
  /** BPF capture filter, '' for everything. */
  filter: string;
  /** Log the session to a folder (pcap, events JSONL, flows CSV); null: no log (the pcap is still spooled for export). */
  log: { folder: string; rotateMb: number } | null;
}

export interface FileOpenArgs {
  /**
   * `netlens serve`: an absolute path under its --data folder. The desktop app takes no path from
   * the window (it shows the open dialog instead): only a handle.
   */
  path?: string;
  /** Desktop: the handle of a file dropped on the window (NetlensBridge.handleForFile). */
  handle?: string;
}

/** Live capture is refused here: what and how to fix it on this OS (shown as its own page). */
export interface PermissionProblem {
  platform: string;
  message: string;
  /** One line: what to do. */
  hint: string;
  /** The fix, step by step, for this OS (commands are given as text to copy). */
  steps: string[];
}

export interface AppInfo {
  name: string;
  version: string;
  /** process.platform of the machine capturing: 'linux', 'darwin', 'win32'. */
  platform: string;
  arch: string;
  /** Desktop (Electron) or browser (`netlens serve`). */
  mode: 'desktop' | 'browser';
  versions: { node: string; electron: string | null; chrome: string | null };
  capture: {
    /** true/false where the OS tells before trying; null where only trying tells. */
    possible: boolean | null;
    /** Set when `possible` is false (and after a start failed for lack of permission). */
    problem: PermissionProblem | null;
  };
  /** Protocol names the view filter accepts (tshark's names: "tcp", "dns", "tls", "arp", ...). */
  protocols: string[];
  /** The name a person reads for each of `protocols` ("dns" → "DNS: name lookups"), for the filter list. */
  protocolNames?: Record<string, string>;
  /** Page sizes and retention, so views can say what they show. */
  limits: {
    /** Most rows one flows:page / packets:page answers. */
    maxPageSize: number;
    /** Latest packets kept for the packets view (summaries). */
    packetsKept: number;
    /** Latest packets whose bytes are kept for packets:detail. */
    packetBytesKept: number;
    /** Seconds of timeline each snapshot carries. */
    timelineWindowSec: number;
  };
}
