/**
 * The default gateway (IPv4), per OS:
 * - Linux: /proc/net/route (no process to start), else `ip route show default`;
 * - macOS/BSD: `route -n get default`;
 * - Windows: PowerShell's Get-NetRoute, else `route print -4 0.0.0.0`.
 * With several default routes the one with the lowest metric wins, as the system's own choice does.
 */
import { fail, ok, type Result } from '../api/errors.js';
import type { SystemAccess } from './system-access.js';

const RTF_UP = 0x1;
const RTF_GATEWAY = 0x2;

/** /proc/net/route: addresses are 32-bit hex in host (little-endian) order. */
export function parseProcNetRoute(text: string): string | null {
  let best: { gw: string; metric: number } | null = null;
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const [, dest, gateway, flagsHex, , , metricStr, mask] = f;
    const flags = parseInt(flagsHex, 16);
    if (dest !== '00000000' || mask !== '00000000' || (flags & (RTF_UP | RTF_GATEWAY)) !== (RTF_UP | RTF_GATEWAY))
      continue;
    const n = parseInt(gateway, 16);
    if (!Number.isFinite(n) || n === 0) continue;
    const gw = [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff].join('.');
    const metric = Number(metricStr) || 0;
    if (!best || metric < best.metric) best = { gw, metric };
  }
  return best?.gw ?? null;
}

/** `ip route show default`: "default via 192.168.1.1 dev wlan0 proto dhcp metric 600". */
export function parseIpRouteDefault(text: string): string | null {
  let best: { gw: string; metric: number } | null = null;
  for (const line of text.split('\n')) {
    const m = /^default\s+via\s+(\S+)/.exec(line.trim());
    if (!m) continue;
    const metric = Number(/\bmetric\s+(\d+)/.exec(line)?.[1] ?? 0);
    if (!best || metric < best.metric) best = { gw: m[1], metric };
  }
  return best?.gw ?? null;
}

/** `route -n get default` on macOS/BSD: "    gateway: 192.168.1.1". */
export function parseRouteGetDefault(text: string): string | null {
  return /^\s*gateway:\s*(\S+)/m.exec(text)?.[1] ?? null;
}

/** PowerShell `(Get-NetRoute ... | Sort-Object RouteMetric).NextHop`: one address per line. */
export function parseNextHopLines(text: string): string | null {
  for (const line of text.split(/\r?\n/)) {
    const a = line.trim();
    if (a && a !== '0.0.0.0' && a !== '::') return a;
  }
  return null;
}

/** Windows `route print -4 0.0.0.0`: "0.0.0.0  0.0.0.0  192.168.1.1  192.168.1.100  25". */
export function parseRoutePrint(text: string): string | null {
  let best: { gw: string; metric: number } | null = null;
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*0\.0\.0\.0\s+0\.0\.0\.0\s+(\d{1,3}(?:\.\d{1,3}){3})\s+\S+\s+(\d+)/.exec(line);
    if (!m) continue; // "On-link" routes have no gateway address and do not match
    const metric = Number(m[2]);
    if (!best || metric < best.metric) best = { gw: m[1], metric };
  }
  return best?.gw ?? null;
}

const WINDOWS_ROUTE_PS =
  "Get-NetRoute -AddressFamily IPv4 -DestinationPrefix '0.0.0.0/0' | Sort-Object RouteMetric,InterfaceMetric | ForEach-Object { $_.NextHop }";

export async function findDefaultGateway(sys: SystemAccess): Promise<Result<string>> {
  let gw: string | null = null;
  if (sys.platform === 'win32') {
    const ps = await sys.run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', WINDOWS_ROUTE_PS]);
    gw = ps === null ? null : parseNextHopLines(ps);
    if (!gw) {
      const rp = await sys.run('route', ['print', '-4', '0.0.0.0']);
      gw = rp === null ? null : parseRoutePrint(rp);
    }
  } else if (sys.platform === 'linux' || sys.platform === 'android') {
    const proc = await sys.readText('/proc/net/route');
    gw = proc === null ? null : parseProcNetRoute(proc);
    if (!gw) {
      const ip = await sys.run('ip', ['-4', 'route', 'show', 'default']);
      gw = ip === null ? null : parseIpRouteDefault(ip);
    }
  } else {
    const route = await sys.run('route', ['-n', 'get', 'default']);
    gw = route === null ? null : parseRouteGetDefault(route);
  }
  return gw
    ? ok(gw)
    : fail(
        'unreachable',
        'no default gateway: this machine has no default route',
        'connect to a network, or name the hosts to probe',
      );
}
