/**
 * The interface list: what libpcap can open, completed with what the OS tells (MAC, up/down,
 * wireless, addresses) and which interface holds the default route. Linux reads /sys and /proc;
 * elsewhere the default route is found by asking the OS which local address it would use (a UDP
 * connect, which sends nothing).
 */
import { createSocket } from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { ok, type Result } from '../api/errors.js';
import type { InterfaceDto } from '../api/session.js';
import { PCAP_IF } from './live-native.js';
import { pcapDeviceList } from './live-source.js';

/** One interface as the contract describes it (src/api/session.ts). */
export type InterfaceInfo = InterfaceDto;

export async function listInterfaces(): Promise<Result<InterfaceInfo[]>> {
  const devs = pcapDeviceList();
  if (!devs.ok) return devs;
  const flagsKnown = devs.value.flagsKnown === true;
  const os = networkInterfaces();
  const linux = process.platform === 'linux';
  const defaults = linux ? linuxDefaultRouteInterfaces() : await defaultRouteByConnect(os);
  const list = devs.value.map<InterfaceInfo>((d) => {
    const osAddrs = os[d.name] ?? [];
    const ipv4 = uniq([
      ...osAddrs.filter((a) => a.family === 'IPv4').map((a) => a.cidr ?? a.address),
      ...d.addresses.filter((a) => a.family === 'IPv4').map((a) => withPrefix(a.address, a.netmask)),
    ]);
    const ipv6 = uniq([
      ...osAddrs.filter((a) => a.family === 'IPv6').map((a) => a.cidr ?? a.address),
      ...d.addresses
        .filter((a) => a.family === 'IPv6')
        .map((a) => withPrefix(a.address.replace(/%.*$/, ''), a.netmask)),
    ]);
    const sys = linux ? linuxSysInfo(d.name) : null;
    const loopback = (d.flags & PCAP_IF.LOOPBACK) !== 0;
    const osMac = osAddrs.find((a) => a.mac && a.mac !== '00:00:00:00:00:00')?.mac ?? null;
    const up = sys?.up ?? (flagsKnown ? (d.flags & PCAP_IF.UP) !== 0 : null);
    const running = sys?.running ?? (flagsKnown ? (d.flags & PCAP_IF.RUNNING) !== 0 : null);
    const wireless = sys ? sys.wireless : flagsKnown ? (d.flags & PCAP_IF.WIRELESS) !== 0 : null;
    const pseudo = linux ? sys === null : false;
    const info: InterfaceInfo = {
      name: d.name,
      description: '',
      ipv4,
      ipv6,
      mac: sys?.mac ?? osMac,
      up,
      running,
      loopback,
      wireless,
      defaultRoute: defaults.has(d.name),
      pseudo,
    };
    info.description = d.description || describe(info, sys?.kind ?? '');
    return info;
  });
  return ok(list);
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** "255.255.255.0" or "ffff:ffff::" -> prefix length; the address alone when the mask is unknown. */
function withPrefix(address: string, netmask: string): string {
  if (!netmask) return address;
  let bits = 0;
  if (netmask.includes('.')) {
    for (const part of netmask.split('.')) bits += popcount(Number(part));
  } else {
    const groups = expandV6(netmask);
    if (!groups) return address;
    for (const g of groups) bits += popcount(g);
  }
  return `${address}/${bits}`;
}

function popcount(n: number): number {
  let c = 0;
  for (let v = n >>> 0; v; v &= v - 1) c++;
  return c;
}

function expandV6(s: string): number[] | null {
  const [head, tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail ? tail.split(':') : [];
  const groups = [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isFinite(g)) ? groups : null;
}

interface SysInfo {
  mac: string | null;
  up: boolean;
  running: boolean;
  wireless: boolean;
  kind: string;
}

const IFF_UP = 0x1;
const ARPHRD_ETHER = 1;

/** /sys/class/net/NAME: null for libpcap pseudo-devices that are not interfaces. */
function linuxSysInfo(name: string): SysInfo | null {
  const dir = `/sys/class/net/${name}`;
  if (name.includes('/') || !existsSync(dir)) return null;
  const read = (f: string): string => {
    try {
      return readFileSync(`${dir}/${f}`, 'utf8').trim();
    } catch {
      return '';
    }
  };
  const flags = parseInt(read('flags'), 16) || 0;
  const type = Number(read('type'));
  const uevent = read('uevent');
  const devtype = /^DEVTYPE=(.*)$/m.exec(uevent)?.[1] ?? '';
  const wireless = existsSync(`${dir}/wireless`) || existsSync(`${dir}/phy80211`) || devtype === 'wlan';
  const mac = type === ARPHRD_ETHER ? read('address') || null : null;
  let kind = devtype;
  if (!kind) {
    if (existsSync(`${dir}/device`)) kind = type === ARPHRD_ETHER ? 'ethernet' : '';
    else if (existsSync(`${dir}/bridge`)) kind = 'bridge';
    else if (/^veth/.test(name) || read('iflink') !== read('ifindex')) kind = 'virtual-pair';
    else if (/^(tun|tap|wg)/.test(name)) kind = 'tunnel';
    else kind = 'virtual';
  }
  // IFF_RUNNING is not in sysfs flags: carrier says whether the link is up (unreadable while down)
  const running = read('carrier') === '1' || read('operstate') === 'up';
  return { mac, up: (flags & IFF_UP) !== 0, running, wireless, kind };
}

function describe(i: InterfaceInfo, kind: string): string {
  if (i.loopback) return 'Loopback';
  if (i.wireless) return 'Wireless';
  switch (kind) {
    case 'ethernet':
      return 'Ethernet';
    case 'bridge':
      return 'Bridge';
    case 'vlan':
      return 'VLAN';
    case 'wwan':
      return 'Mobile broadband';
    case 'virtual-pair':
      return 'Virtual Ethernet pair';
    case 'tunnel':
      return 'Tunnel';
    case 'virtual':
      return 'Virtual interface';
    default:
      return i.pseudo ? 'Pseudo-device' : kind ? kind[0].toUpperCase() + kind.slice(1) : 'Network interface';
  }
}

/** Interfaces holding a default route, from /proc/net/route and /proc/net/ipv6_route. */
export function linuxDefaultRouteInterfaces(): Set<string> {
  const out = new Set<string>();
  try {
    for (const line of readFileSync('/proc/net/route', 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length >= 8 && f[1] === '00000000' && f[7] === '00000000') out.add(f[0]);
    }
  } catch {
    // no IPv4 routing table
  }
  const RTF_REJECT = 0x200;
  try {
    for (const line of readFileSync('/proc/net/ipv6_route', 'utf8').split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      if (/^0{32}$/.test(f[0]) && f[1] === '00' && (parseInt(f[8], 16) & RTF_REJECT) === 0 && f[9] !== 'lo')
        out.add(f[9]);
    }
  } catch {
    // no IPv6
  }
  return out;
}

/**
 * Elsewhere: connect a UDP socket (no packet is sent; the OS only picks a route) and see which
 * interface owns the local address it chose.
 */
async function defaultRouteByConnect(os: ReturnType<typeof networkInterfaces>): Promise<Set<string>> {
  const local = await new Promise<string | null>((resolve) => {
    const s = createSocket('udp4');
    const done = (v: string | null): void => {
      try {
        s.close();
      } catch {
        // closed
      }
      resolve(v);
    };
    const t = setTimeout(() => done(null), 500);
    s.once('error', () => {
      clearTimeout(t);
      done(null);
    });
    s.connect(53, '192.0.2.1', () => {
      clearTimeout(t);
      try {
        done(s.address().address);
      } catch {
        done(null);
      }
    });
  });
  const out = new Set<string>();
  if (!local) return out;
  for (const [name, addrs] of Object.entries(os)) if (addrs?.some((a) => a.address === local)) out.add(name);
  return out;
}
