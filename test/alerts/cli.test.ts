/** `netlens analyze` with the detectors, as a user runs it: alert lines on stderr, sections, flags. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { HAVE_SHARED, samplePath } from '../helpers/shared-pcaps.js';

const execFileP = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/netlens.js');
const dir = mkdtempSync(join(tmpdir(), 'nl-alerts-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function netlens(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileP(process.execPath, [BIN, ...args], { maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe.skipIf(!HAVE_SHARED)('netlens analyze with alerts', () => {
  it('a line per alert on stderr and an Alerts section in the summary', async () => {
    const r = await netlens('analyze', samplePath('cs-synscan-nmap.pcapng'));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^netlens: alert \[warning\] port-scan \(\d\d:\d\d:\d\d\): 172\.16\.0\.8 tried 1,000 TCP ports on 64\.13\.134\.52 in 5 seconds \(a SYN scan\); 3 ports answered \(open\): 22, 53 and 80\.$/m,
    );
    expect(r.stdout).toMatch(/\nAlerts\n {2}warning {2}port-scan {8}172\.16\.0\.8 tried 1,000 TCP ports/);
  });

  it('--json carries alerts and suggestions and prints no alert lines; --no-alerts turns the detectors off', async () => {
    const j = await netlens('analyze', '--json', samplePath('zeek-var-services-std-ports.pcap'));
    expect(j.stderr).toBe('');
    const report = JSON.parse(j.stdout);
    expect(report.suggestions.map((s: { kind: string }) => s.kind)).toEqual(['cleartext']);
    const off = JSON.parse(
      (await netlens('analyze', '--json', '--no-alerts', samplePath('cs-synscan-nmap.pcapng'))).stdout,
    );
    expect(off.alerts).toEqual([]);
    expect(off.suggestions).toEqual([]);
  });

  it('thresholds from flags and from a settings file; bad ones are usage errors', async () => {
    const high = JSON.parse(
      (await netlens('analyze', '--json', '--port-scan-threshold', '2000', samplePath('cs-synscan-nmap.pcapng')))
        .stdout,
    );
    expect(high.alerts).toEqual([]);
    const cfg = join(dir, 'a.json');
    writeFileSync(cfg, JSON.stringify({ hostFlood: { dhcpPerClient: 1000 } }));
    const dhcp = JSON.parse(
      (await netlens('analyze', '--json', '--alerts-config', cfg, samplePath('zeek-dhcp-flood.pcap'))).stdout,
    );
    expect(dhcp.alerts).toEqual([]);
    writeFileSync(cfg, JSON.stringify({ hostFlood: { dhcpPerClent: 10 } }));
    const bad = await netlens('analyze', '--alerts-config', cfg, samplePath('zeek-dhcp-flood.pcap'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      "netlens: alert settings: unknown field 'hostFlood.dhcpPerClent'\n  hint: known here: enabled, threshold, oneSidedRatio, dhcpPerClient, dhcpTotal\n",
    );
    expect((await netlens('analyze', '--host-flood-threshold', 'lots', samplePath('zeek-dhcp-flood.pcap'))).code).toBe(
      2,
    );
  });
});
