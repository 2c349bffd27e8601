/**
 * Reads the Wi-Fi link once, per OS, for the capture interface or (without one) the interface of
 * the default route; "not wireless" and "cannot read" are answers with a message, never exceptions.
 * - Linux: wireless when /sys/class/net/IF/phy80211 exists; then `iw dev IF link`, `info`,
 *   `station dump` and `survey dump` (see iw-output.ts).
 * - macOS: the Wi-Fi device from `networksetup -listallhardwareports`; `wdutil info` (as root),
 *   else `system_profiler SPAirPortDataType` (see macos-output.ts).
 * - Windows: `netsh wlan show interfaces` (see netsh-output.ts).
 */
import type { WifiLink, WifiSource } from '../../api/wifi.js';
import type { SystemAccess } from '../system-access.js';
import { iwLink } from './iw-output.js';
import { parseSystemProfiler, parseWdutilInfo } from './macos-output.js';
import { parseNetshInterfaces, pickNetshInterface } from './netsh-output.js';

export interface WifiReading {
  source: WifiSource | null;
  link: WifiLink | null;
  message: string | null;
  hint: string | null;
}

const none = (message: string, hint: string | null = null): WifiReading => ({
  source: null,
  link: null,
  message,
  hint,
});

/** The interface of the IPv4 default route with the lowest metric, from /proc/net/route. */
export function defaultRouteInterface(procNetRoute: string): string | null {
  let best: { iface: string; metric: number } | null = null;
  for (const line of procNetRoute.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8 || f[1] !== '00000000' || f[7] !== '00000000') continue;
    const metric = Number(f[6]) || 0;
    if (!best || metric < best.metric) best = { iface: f[0], metric };
  }
  return best?.iface ?? null;
}

/** `networksetup -listallhardwareports`: the device of the "Wi-Fi" (or "AirPort") port. */
export function macWifiDevice(text: string): string | null {
  const m = /Hardware Port:\s*(?:Wi-Fi|AirPort)\s*\r?\nDevice:\s*(\S+)/i.exec(text);
  return m ? m[1] : null;
}

export async function readWifi(sys: SystemAccess, captureInterface: string | null): Promise<WifiReading> {
  switch (sys.platform) {
    case 'linux':
      return readLinux(sys, captureInterface);
    case 'darwin':
      return readMac(sys, captureInterface);
    case 'win32':
      return readWindows(sys, captureInterface);
    default:
      return none(`reading the Wi-Fi link is not supported on ${sys.platform}`);
  }
}

async function readLinux(sys: SystemAccess, captureInterface: string | null): Promise<WifiReading> {
  const iface = captureInterface ?? defaultRouteInterface((await sys.readText('/proc/net/route')) ?? '');
  if (!iface || !/^[\w.:@-]{1,15}$/.test(iface)) return none('no interface to read the Wi-Fi link of');
  if ((await sys.readText(`/sys/class/net/${iface}/phy80211/name`)) === null) {
    return none(`${iface} is not a Wi-Fi interface`);
  }
  const link = await sys.run('iw', ['dev', iface, 'link']);
  if (link === null) {
    return none(`could not read ${iface}'s Wi-Fi link`, 'install iw (Debian/Ubuntu: sudo apt install iw)');
  }
  const [info, stations, survey] = await Promise.all([
    sys.run('iw', ['dev', iface, 'info']),
    sys.run('iw', ['dev', iface, 'station', 'dump']),
    sys.run('iw', ['dev', iface, 'survey', 'dump']),
  ]);
  return { source: 'iw', link: iwLink(iface, link, info, stations, survey), message: null, hint: null };
}

async function readMac(sys: SystemAccess, captureInterface: string | null): Promise<WifiReading> {
  const ports = await sys.run('networksetup', ['-listallhardwareports']);
  const device = ports ? macWifiDevice(ports) : null;
  if (device === null) return none('this Mac has no Wi-Fi interface');
  let iface = captureInterface;
  if (iface === null) {
    const route = await sys.run('route', ['-n', 'get', 'default']);
    iface = (route && /^\s*interface:\s*(\S+)/m.exec(route)?.[1]) ?? device;
  }
  if (iface !== device) return none(`${iface} is not the Wi-Fi interface (${device})`);
  const wdutil = await sys.run('wdutil', ['info']);
  if (wdutil !== null && /^\s*WIFI\s*$/m.test(wdutil)) {
    return { source: 'wdutil', link: { ...parseWdutilInfo(wdutil), interface: device }, message: null, hint: null };
  }
  const sp = await sys.run('system_profiler', ['SPAirPortDataType']);
  if (sp === null)
    return none('could not read the Wi-Fi link', 'system_profiler SPAirPortDataType should work in a terminal');
  return { source: 'system_profiler', link: parseSystemProfiler(sp), message: null, hint: null };
}

async function readWindows(sys: SystemAccess, captureInterface: string | null): Promise<WifiReading> {
  const out = await sys.run('netsh', ['wlan', 'show', 'interfaces']);
  if (out === null) return none('could not read the Wi-Fi link', 'is the WLAN AutoConfig service (wlansvc) running?');
  const link = pickNetshInterface(parseNetshInterfaces(out), captureInterface);
  if (link === null) return none('this computer has no Wi-Fi interface');
  return { source: 'netsh', link, message: null, hint: null };
}
