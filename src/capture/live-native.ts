/**
 * Loads the small libpcap binding in native/ (netlens_pcap.node) when it has been built, or
 * returns null so the live source falls back to `cap`. Why it exists: native/README.md.
 * NETLENS_LIVE_BACKEND=cap forces the fallback; NETLENS_PCAP_ADDON names another build.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface NativeOpenOptions {
  snaplen: number;
  bufferSize: number;
  timeoutMs: number;
  immediate: boolean;
  promisc: boolean;
  maxBatch: number;
}

export interface NativeOpened {
  handle: object;
  linkType: number;
  snaplen: number;
  nano: boolean;
  warning: string;
}

export interface NativeOpenError {
  status: number;
  stage: 'create' | 'activate' | 'filter';
  message: string;
}

export interface NativeStats {
  received: number;
  dropped: number;
  ifDropped: number;
  pausedPackets: number;
}

export interface NativeDevice {
  name: string;
  description: string;
  flags: number;
  addresses: { family: 'IPv4' | 'IPv6'; address: string; netmask: string }[];
}

export interface NativePcap {
  open(
    device: string,
    filter: string,
    opts: NativeOpenOptions,
    buffer: Buffer,
    onBatch: (count: number, used: number) => void,
    onError: (status: number, message: string) => void,
  ): NativeOpened | NativeOpenError;
  stats(handle: object): NativeStats | null;
  setPaused(handle: object, paused: boolean): void;
  close(handle: object): void;
  deviceList(): NativeDevice[] | { error: string };
  libVersion(): string;
  /** null when libpcap compiles `filter` for `linkType` (on a dead handle: no permission needed), else its message. */
  compileFilter(filter: string, linkType: number, snaplen: number): string | null;
}

/** pcap_if_t flags (pcap/pcap.h). */
export const PCAP_IF = {
  LOOPBACK: 0x1,
  UP: 0x2,
  RUNNING: 0x4,
  WIRELESS: 0x8,
  CONNECTION_STATUS: 0x30,
  CONNECTED: 0x10,
  DISCONNECTED: 0x20,
  NOT_APPLICABLE: 0x30,
} as const;

/** pcap_activate() status codes that get their own error. */
export const PCAP_STATUS = {
  ERROR: -1,
  NO_SUCH_DEVICE: -5,
  PERM_DENIED: -8,
  IFACE_NOT_UP: -9,
  PROMISC_PERM_DENIED: -11,
} as const;

let cached: NativePcap | null | undefined;

/** Where the binding may be: beside this file (tsx/vitest) or beside the sources from dist/. */
function candidates(): string[] {
  const fromEnv = process.env.NETLENS_PCAP_ADDON;
  const rel = 'native/build/Release/netlens_pcap.node';
  const here = fileURLToPath(new URL('.', import.meta.url));
  return [
    ...(fromEnv ? [fromEnv] : []),
    `${here}${rel}`,
    // dist/src/capture/ -> src/capture/
    fileURLToPath(new URL(`../../../src/capture/${rel}`, import.meta.url)),
  ];
}

export function loadNativePcap(): NativePcap | null {
  if (cached !== undefined) return cached;
  cached = null;
  if (process.env.NETLENS_LIVE_BACKEND === 'cap') return cached;
  // Npcap has no selectable descriptor (pcap_get_selectable_fd) for libuv to poll: Windows stays on cap
  if (process.platform === 'win32') return cached;
  const require = createRequire(import.meta.url);
  for (const path of candidates()) {
    if (!existsSync(path)) continue;
    try {
      cached = require(path) as NativePcap;
      break;
    } catch {
      // a build for another Node ABI or a missing libpcap: try the next, else fall back to cap
    }
  }
  return cached;
}

export function isOpenError(r: NativeOpened | NativeOpenError): r is NativeOpenError {
  return (r as NativeOpened).handle === undefined;
}
