/**
 * Target choice that knows its network: DNS servers and the public address are probed only where
 * the system has a route to them; the others are reported as "no route to X, not probed" (not
 * as loss). With no gateway, the busiest peer on the interface's subnet is offered instead.
 */
import { describe, expect, it } from 'vitest';
import { defaultTargets } from '../../src/probe/default-targets.js';
import type { SystemAccess } from '../../src/probe/system-access.js';
import { busiestLocalPeer } from '../../src/session/probe-offer.js';

function system(routes: Record<string, boolean | null>, resolv: string, gatewayRoute = ''): SystemAccess {
  return {
    platform: 'linux',
    readText: async (path) => (path === '/etc/resolv.conf' ? resolv : path === '/proc/net/route' ? gatewayRoute : null),
    run: async () => null,
    hasRoute: async (a) => routes[a] ?? null,
  };
}

describe('default targets and routes', () => {
  it('no default route: the unreachable DNS server and public address are not probed, and said so', async () => {
    const found = await defaultTargets({
      system: system({ '10.0.2.3': false, '1.1.1.1': false }, 'nameserver 10.0.2.3\n'),
    });
    expect(found.targets).toEqual([]);
    expect(found.notProbed).toEqual([
      { host: '10.0.2.3', kind: 'dns', message: 'no route to 10.0.2.3, not probed' },
      { host: '1.1.1.1', kind: 'public', message: 'no route to 1.1.1.1, not probed' },
    ]);
    expect(found.problems.map((p) => p.message)).toContain('no default gateway: this machine has no default route');
  });

  it('a route the system cannot confirm is probed (unknown is not "no route")', async () => {
    const found = await defaultTargets({ system: system({ '9.9.9.9': true }, 'nameserver 9.9.9.9\n') });
    expect(found.targets).toEqual([
      { host: '9.9.9.9', kind: 'dns' },
      { host: '1.1.1.1', kind: 'public' },
    ]);
    expect(found.notProbed).toBeUndefined();
  });

  it('offers the busiest peer on our subnet, not ours, not one outside it', () => {
    const e = (address: string, bytes: number) => ({
      address,
      packets: 1,
      bytes,
      txPackets: 1,
      txBytes: bytes,
      rxPackets: 0,
      rxBytes: 0,
    });
    const talkers = [e('10.88.0.1', 9000), e('10.88.0.2', 5000), e('10.88.0.3', 7000), e('8.8.8.8', 99999)];
    expect(busiestLocalPeer(['10.88.0.1/24'], talkers, new Set())).toBe('10.88.0.3');
    expect(busiestLocalPeer(['10.88.0.1/24'], talkers, new Set(['10.88.0.3']))).toBe('10.88.0.2');
    expect(busiestLocalPeer([], talkers, new Set())).toBeNull();
  });
});
