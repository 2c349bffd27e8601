/**
 * Every alert of the attack samples explains itself (what happened, what it means, what to do),
 * with labelled facts in SI units instead of a key dump, and the packets it is about; a critical
 * alert comes with a suggestion.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { replayFile, type Replayed } from '../helpers/engine-replay.js';
import { HAVE_SHARED, SKIP_REASON, samplePath } from '../helpers/shared-pcaps.js';
import { addressIn } from '../../src/alerts/explain.js';

const opened: Replayed[] = [];
afterAll(() => {
  for (const r of opened) r.svc.dispose();
});

async function alertsOf(name: string): Promise<Replayed> {
  const r = await replayFile(samplePath(name));
  opened.push(r);
  return r;
}

describe('addresses in alert targets', () => {
  it('finds the address with or without a port', () => {
    expect(addressIn('10.0.0.2')).toBe('10.0.0.2');
    expect(addressIn('10.0.0.2:80')).toBe('10.0.0.2');
    expect(addressIn('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(addressIn('the network')).toBe('');
  });
});

describe.skipIf(!HAVE_SHARED)('alert explanations on the attack samples', () => {
  if (!HAVE_SHARED) console.warn(SKIP_REASON);

  it.each([
    'cs-arppoison.pcapng',
    'cs-synscan-nmap.pcapng',
    'cs-ppa1e-dosattack-synflood.pcap',
    'zeek-dhcp-flood.pcap',
  ])('%s: every alert says what happened, what it means and what to do', async (name) => {
    const r = await alertsOf(name);
    const list = r.svc.current!.latestAlerts(100);
    expect(list.length).toBeGreaterThan(0);
    for (const a of list) {
      const x = a.explanation!;
      expect(x.happened.length, a.type).toBeGreaterThan(20);
      expect(x.meaning.length, a.type).toBeGreaterThan(20);
      expect(x.action.length, a.type).toBeGreaterThan(20);
      expect(x.facts.length, a.type).toBeGreaterThan(0);
      for (const f of x.facts) {
        expect(f.label).not.toMatch(/[a-z][A-Z]|Sec$|\bsec\b/); // human labels, not keys
        expect(f.value).not.toMatch(/^\d{5,}$/); // numbers with separators and units
      }
    }
  });

  it('the ARP-spoofing alert is critical, says what to do, and comes with a suggestion', async () => {
    const r = await alertsOf('cs-arppoison.pcapng');
    const arp = r.svc.current!.latestAlerts(100).find((a) => a.type === 'arp-spoof' && a.severity === 'critical')!;
    expect(arp).toBeDefined();
    expect(arp.explanation!.action).toMatch(/disconnect it/);
    expect(arp.explanation!.packets).toMatchObject({ protocol: 'arp' });
    const s = r.svc.current!.suggestions();
    expect(s.find((x) => x.alertId === arp.id)?.action).toBe(arp.explanation!.action);
    expect(r.last.alerts.suggestions.some((x) => x.alertId === arp.id)).toBe(true);
  });

  it('the nmap alert names the scan: scanner and target over its span', async () => {
    const r = await alertsOf('cs-synscan-nmap.pcapng');
    const scan = r.svc.current!.latestAlerts(100).find((a) => a.type === 'port-scan')!;
    expect(scan.explanation!.packets).toEqual({
      from: scan.firstTime,
      to: scan.lastTime,
      hosts: ['172.16.0.8', '64.13.134.52'],
      port: null,
      protocol: '',
    });
    expect(scan.explanation!.facts).toContainEqual({ label: 'Ports tried', value: '1,000' });
  });
});
