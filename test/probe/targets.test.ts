import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultTargets } from '../../src/probe/default-targets.js';
import {
  findDnsServers,
  parseIpconfigDns,
  parseResolvConf,
  parseScutilDns,
  parseAddressLines,
} from '../../src/probe/dns-servers.js';
import {
  findDefaultGateway,
  parseIpRouteDefault,
  parseNextHopLines,
  parseProcNetRoute,
  parseRouteGetDefault,
  parseRoutePrint,
} from '../../src/probe/gateway.js';
import type { SystemAccess } from '../../src/probe/system-access.js';

/** A system that answers from canned files and command outputs. */
function fakeSystem(
  platform: NodeJS.Platform,
  files: Record<string, string>,
  commands: Record<string, string>,
): SystemAccess {
  return {
    platform,
    readText: async (path) => files[path] ?? null,
    run: async (file, args) => commands[[file, ...args].join(' ')] ?? null,
  };
}

const PROC_NET_ROUTE = `Iface	Destination	Gateway 	Flags	RefCnt	Use	Metric	Mask		MTU	Window	IRTT
wlan0	00000000	0101A8C0	0003	0	0	600	00000000	0	0	0
eth0	00000000	FE01A8C0	0003	0	0	100	00000000	0	0	0
eth0	0001A8C0	00000000	0001	0	0	100	00FFFFFF	0	0	0
`;

const MAC_ROUTE_GET = `   route to: default
destination: default
       mask: default
    gateway: 192.168.1.254
  interface: en0
      flags: <UP,GATEWAY,DONE,STATIC,PRCLONING,GLOBAL>
 recvpipe  sendpipe  ssthresh  rtt,msec    rttvar  hopcount      mtu     expire
       0         0         0         0         0         0      1500         0
`;

const WIN_ROUTE_PRINT = `===========================================================================
Interface List
 12...00 15 5d 01 02 03 ......Intel(R) Ethernet
===========================================================================

IPv4 Route Table
===========================================================================
Active Routes:
Network Destination        Netmask          Gateway       Interface  Metric
          0.0.0.0          0.0.0.0      192.168.0.1    192.168.0.23     35
          0.0.0.0          0.0.0.0      10.8.0.1       10.8.0.6         25
          0.0.0.0          0.0.0.0         On-link       10.9.0.2          5
===========================================================================
Persistent Routes:
  None
`;

const SCUTIL_DNS = `DNS configuration

resolver #1
  search domain[0] : lan
  nameserver[0] : 192.168.1.1
  nameserver[1] : 9.9.9.9
  if_index : 6 (en0)
  flags    : Request A records
  reach    : 0x00020002 (Reachable,Directly Reachable Address)

resolver #2
  domain   : local
  options  : mdns
  timeout  : 5
  flags    : Request A records
  reach    : 0x00000000 (Not Reachable)
  order    : 300000

DNS configuration (for scoped queries)

resolver #1
  search domain[0] : lan
  nameserver[0] : 192.168.1.77
  if_index : 6 (en0)
`;

const IPCONFIG_ALL = `Windows IP Configuration

Ethernet adapter Ethernet:

   Connection-specific DNS Suffix  . : lan
   IPv4 Address. . . . . . . . . . . : 192.168.0.23(Preferred)
   Default Gateway . . . . . . . . . : 192.168.0.1
   DNS Servers . . . . . . . . . . . : 192.168.0.1
                                       8.8.4.4
   NetBIOS over Tcpip. . . . . . . . : Enabled
`;

describe('default gateway parsing, per OS', () => {
  it('Linux /proc/net/route: lowest metric, little-endian hex', () => {
    expect(parseProcNetRoute(PROC_NET_ROUTE)).toBe('192.168.1.254');
    expect(parseProcNetRoute('Iface\tDestination\n')).toBeNull();
  });
  it('Linux ip route', () => {
    expect(
      parseIpRouteDefault(
        'default via 10.0.0.1 dev wlan0 proto dhcp metric 600\ndefault via 10.0.0.254 dev eth0 metric 100\n',
      ),
    ).toBe('10.0.0.254');
  });
  it('macOS route -n get default', () => {
    expect(parseRouteGetDefault(MAC_ROUTE_GET)).toBe('192.168.1.254');
  });
  it('Windows: PowerShell next hops, or route print (lowest metric, not On-link)', () => {
    expect(parseNextHopLines('\r\n192.168.0.1\r\n10.8.0.1\r\n')).toBe('192.168.0.1');
    expect(parseRoutePrint(WIN_ROUTE_PRINT)).toBe('10.8.0.1');
  });
  it('falls back per OS and reports a missing gateway as a value', async () => {
    expect(await findDefaultGateway(fakeSystem('darwin', {}, { 'route -n get default': MAC_ROUTE_GET }))).toEqual({
      ok: true,
      value: '192.168.1.254',
    });
    expect(await findDefaultGateway(fakeSystem('win32', {}, { 'route print -4 0.0.0.0': WIN_ROUTE_PRINT }))).toEqual({
      ok: true,
      value: '10.8.0.1',
    });
    expect(
      await findDefaultGateway(
        fakeSystem('linux', {}, { 'ip -4 route show default': 'default via 10.1.1.1 dev eth0\n' }),
      ),
    ).toEqual({ ok: true, value: '10.1.1.1' });
    const none = await findDefaultGateway(fakeSystem('linux', {}, {}));
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.error.message).toMatch(/no default gateway/);
  });
});

describe('DNS servers, per OS', () => {
  it('resolv.conf', () => {
    expect(
      parseResolvConf('# comment\nnameserver 10.0.0.53\nsearch lan\nnameserver fe80::1%eth0\nnameserver 10.0.0.53\n'),
    ).toEqual(['10.0.0.53', 'fe80::1%eth0']);
  });
  it('replaces systemd-resolved stub with its upstream servers', async () => {
    const sys = fakeSystem(
      'linux',
      {
        '/etc/resolv.conf': 'nameserver 127.0.0.53\noptions edns0 trust-ad\n',
        '/run/systemd/resolve/resolv.conf': 'nameserver 192.168.1.1\nnameserver 1.0.0.1\n',
      },
      {},
    );
    expect(await findDnsServers(sys)).toEqual({ ok: true, value: ['192.168.1.1', '1.0.0.1'] });
    const noUpstream = fakeSystem('linux', { '/etc/resolv.conf': 'nameserver 127.0.0.53\n' }, {});
    expect(await findDnsServers(noUpstream)).toEqual({ ok: true, value: ['127.0.0.53'] });
  });
  it('macOS scutil --dns: unscoped resolvers of the main section', () => {
    expect(parseScutilDns(SCUTIL_DNS)).toEqual(['192.168.1.1', '9.9.9.9']);
  });
  it('Windows: PowerShell addresses or ipconfig /all', async () => {
    expect(parseAddressLines('192.168.0.1\r\n8.8.4.4\r\n\r\n')).toEqual(['192.168.0.1', '8.8.4.4']);
    expect(parseIpconfigDns(IPCONFIG_ALL)).toEqual(['192.168.0.1', '8.8.4.4']);
    expect(await findDnsServers(fakeSystem('win32', {}, { 'ipconfig /all': IPCONFIG_ALL }))).toEqual({
      ok: true,
      value: ['192.168.0.1', '8.8.4.4'],
    });
  });
});

describe('default targets', () => {
  it('gateway, DNS servers and the public address, each once', async () => {
    const sys = fakeSystem(
      'linux',
      { '/proc/net/route': PROC_NET_ROUTE, '/etc/resolv.conf': 'nameserver 192.168.1.254\nnameserver 9.9.9.9\n' },
      {},
    );
    expect(await defaultTargets({ system: sys })).toEqual({
      targets: [
        { host: '192.168.1.254', kind: 'gateway' },
        { host: '9.9.9.9', kind: 'dns' },
        { host: '1.1.1.1', kind: 'public' },
      ],
      problems: [],
    });
    const bare = await defaultTargets({ system: fakeSystem('linux', {}, {}), publicHost: '9.9.9.9' });
    expect(bare.targets).toEqual([{ host: '9.9.9.9', kind: 'public' }]);
    expect(bare.problems.map((p) => p.code)).toEqual(['unreachable', 'unreachable']);
  });

  it.runIf(process.platform === 'linux')(
    'on this Linux machine, agrees with ip route and /etc/resolv.conf',
    async () => {
      const ipRoute = parseIpRouteDefault(execFileSync('ip', ['-4', 'route', 'show', 'default'], { encoding: 'utf8' }));
      const found = await defaultTargets();
      expect(found.targets.find((t) => t.kind === 'gateway')?.host ?? null).toBe(ipRoute);
      const resolv = parseResolvConf(readFileSync('/etc/resolv.conf', 'utf8'));
      if (!resolv.includes('127.0.0.53')) {
        expect(found.targets.filter((t) => t.kind === 'dns').map((t) => t.host)).toEqual(
          resolv.filter((h) => h !== ipRoute),
        );
      }
    },
  );
});
