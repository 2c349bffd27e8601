/**
 * Alerts on the 30 public sample captures (acceptance 1): the attack captures give their alert,
 * naming who did it and to whom, and every other capture (web browsing, LAN chatter, TLS, QUIC,
 * odd link types) gives no warning or critical alert.
 */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/api/alerts.js';
import { analyzeFile } from '../../src/session/analyze-file.js';
import { HAVE_SHARED, SKIP_REASON, sampleNames, samplePath } from '../helpers/shared-pcaps.js';

if (!HAVE_SHARED) console.warn(SKIP_REASON);

function analyze(name: string) {
  const r = analyzeFile(samplePath(name));
  if (!r.ok) throw new Error(r.error.message);
  return r.value.report;
}

const ATTACKS = [
  'cs-synscan-nmap.pcapng',
  'cs-ppa1e-dosattack-synflood.pcap',
  'cs-arppoison.pcapng',
  'zeek-dhcp-flood.pcap',
];

describe.skipIf(!HAVE_SHARED)('alerts on the sample captures', () => {
  it('cs-synscan-nmap: one port-scan naming the scanner and the target, with ports and frames as evidence', () => {
    const r = analyze('cs-synscan-nmap.pcapng');
    const scans = r.alerts.filter((a) => a.type === 'port-scan');
    expect(scans).toHaveLength(1);
    const a = scans[0];
    expect(a.severity).toBe('warning');
    expect(a.source).toBe('172.16.0.8');
    expect(a.target).toBe('64.13.134.52');
    expect(a.summary).toMatch(
      /^172\.16\.0\.8 tried 1,000 TCP ports on 64\.13\.134\.52 in 5 seconds \(a SYN scan\); 3 ports answered \(open\): 22, 53 and 80\.$/,
    );
    expect(a.evidence).toMatchObject({
      scanner: '172.16.0.8',
      target: '64.13.134.52',
      distinctPorts: 1000,
      openPorts: [22, 53, 80],
      scanType: ['SYN'],
      firstFrame: 1,
    });
    expect((a.evidence.samplePorts as number[]).length).toBeGreaterThan(10);
    expect(a.firstTime).toBeCloseTo(r.firstTime!, 3);
    // one incident is one alert, not a flood of them
    expect(r.alerts.filter((x) => x.severity !== 'info')).toHaveLength(1);
  });

  it('cs-ppa1e-dosattack-synflood: a syn-flood from 100 spoofed sources, none completed', () => {
    const r = analyze('cs-ppa1e-dosattack-synflood.pcap');
    const a = r.alerts.find((x) => x.type === 'syn-flood')!;
    expect(a).toBeDefined();
    expect(a.severity).toBe('warning');
    expect(a.source).toBe('100 addresses');
    expect(a.target).toBe('100 hosts');
    expect(a.summary).toContain('from 100 different addresses (likely spoofed)');
    expect(a.summary).toContain('none completed the handshake');
    expect(a.evidence).toMatchObject({ syns: 100, completed: 0, distinctSources: 100, firstFrame: 1 });
    expect((a.evidence.sampleSources as string[]).length).toBe(10);
  });

  it('cs-arppoison: an arp-spoof naming the spoofing MAC, the address it impersonates and the host it fooled', () => {
    const r = analyze('cs-arppoison.pcapng');
    const a = r.alerts.find((x) => x.type === 'arp-spoof')!;
    expect(a).toBeDefined();
    expect(a.source).toBe('00:25:b3:bf:91:ee (172.16.0.105)');
    expect(a.target).toBe('172.16.0.1');
    expect(a.summary).toContain('impersonating 172.16.0.1');
    expect(a.summary).toContain('fooling 172.16.0.107');
    expect(a.evidence).toMatchObject({
      kind: 'impersonation',
      mac: '00:25:b3:bf:91:ee',
      impersonatedAddress: '172.16.0.1',
      victims: ['172.16.0.107'],
    });
    expect(a.evidence.frames).toEqual(expect.arrayContaining([56, 165]));
  });

  it('zeek-dhcp-flood: a flood alert on the one MAC that sent 250 DHCP requests in 5 s', () => {
    const r = analyze('zeek-dhcp-flood.pcap');
    const floods = r.alerts.filter((x) => x.type === 'host-flood');
    expect(floods).toHaveLength(1);
    expect(floods[0].severity).toBe('warning');
    expect(floods[0].source).toBe('90:b1:1c:99:49:29');
    expect(floods[0].summary).toMatch(/sent 250 DHCP INFORM messages in 5 seconds from 250 different IP addresses/);
    expect(floods[0].evidence).toMatchObject({ protocol: 'dhcp', messages: 250, distinctSourceIps: 250 });
  });

  it.each(sampleNames().filter((n) => !ATTACKS.includes(n)))('%s: no warning or critical alert', (name) => {
    const r = analyze(name);
    const loud = r.alerts.filter((a: Alert) => a.severity !== 'info');
    expect(loud.map((a) => `${a.type}: ${a.summary}`)).toEqual([]);
    // every alert, quiet or not, is well formed
    for (const a of r.alerts) {
      expect(a.id).toMatch(/^a\d+$/);
      expect(a.lastTime).toBeGreaterThanOrEqual(a.firstTime);
      expect([...a.summary].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)).toBe(false);
    }
  });

  it('every sample: alerts and suggestions are plain JSON (they go into --json reports, logs and webhooks)', () => {
    for (const name of sampleNames()) {
      const r = analyze(name);
      const copy = JSON.parse(JSON.stringify({ alerts: r.alerts, suggestions: r.suggestions }));
      expect(copy.alerts).toEqual(r.alerts);
      expect(copy.suggestions).toEqual(r.suggestions);
    }
  });

  it('cleartext FTP logins in the samples are suggestions, not alerts', () => {
    const r = analyze('zeek-var-services-std-ports.pcap');
    const s = r.suggestions.find((x) => x.kind === 'cleartext')!;
    expect(s).toBeDefined();
    expect(s.title).toBe('Passwords sent in clear text: FTP to 172.16.238.131');
    expect(s.why).toContain('172.16.238.1 sent 1 login');
    expect(s.action).toMatch(/SFTP/);
  });
});
