/** `netlens probe` end to end: the built CLI, run inside a network namespace against a delaying responder. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeJsonReport } from '../../src/api/probe.js';
import {
  BIN,
  createProbeLab,
  IS_ROOT,
  NETNS_SKIP_REASON,
  requireBuild,
  type ProbeLab,
  type Responder,
} from '../helpers/netns-probe.js';

const run = promisify(execFile);

describe('netlens probe: options', () => {
  it('prints help', async () => {
    const { stdout } = await run('node', [BIN, 'probe', '--help']);
    expect(stdout).toContain('Usage: netlens probe [HOST ...]');
    expect(stdout).toContain('--interval MS');
  });

  it('rejects an interval below the floor, and a zero count, with exit 2 and a hint', async () => {
    const short = await run('node', [BIN, 'probe', '127.0.0.1', '--interval', '50']).catch((e) => e);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/--interval 50 is below (200|1000) ms\n {2}hint: /);
    const zero = await run('node', [BIN, 'probe', '127.0.0.1', '--count', '0']).catch((e) => e);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/--count takes a whole number of at least 1/);
  });
});

if (!IS_ROOT) console.warn(NETNS_SKIP_REASON);

describe.skipIf(!IS_ROOT)('netlens probe in a network namespace', () => {
  let lab: ProbeLab;
  let responder: Responder;

  beforeAll(async () => {
    requireBuild();
    lab = await createProbeLab();
    responder = await lab.startResponder({ seed: 99 });
  });

  afterAll(async () => {
    responder?.stop();
    await lab?.cleanup();
  });

  it('--json: the final statistics per target; unknown names and silent hosts are states, not failures', async () => {
    const r = await lab.execNear('node', [
      BIN,
      'probe',
      lab.farName,
      lab.silentAddr,
      'nosuch.nl-probe.test',
      '--count',
      '3',
      '--interval',
      '200',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as ProbeJsonReport;
    expect(report.targets.map((t) => t.host)).toEqual([lab.farName, lab.silentAddr, 'nosuch.nl-probe.test']);
    const [far, silent, unknown] = report.targets;
    expect(Object.keys(far).sort()).toEqual(
      [
        'address',
        'callQuality',
        'host',
        'jitterMs',
        'kind',
        'lossPct',
        'message',
        'outages',
        'received',
        'rttMs',
        'sent',
        'state',
      ].sort(),
    );
    expect(far).toMatchObject({ address: lab.farAddr, sent: 3, received: 3, lossPct: 0, state: 'ok', outages: [] });
    for (const k of ['last', 'min', 'mean', 'median', 'p95', 'max'] as const) {
      expect(far.rttMs[k]).toBeGreaterThan(30);
      expect(far.rttMs[k]).toBeLessThan(100);
    }
    for (const k of ['meanAbsDiff', 'rfc3550', 'stdDev'] as const) expect(typeof far.jitterMs[k]).toBe('number');
    expect(silent).toMatchObject({ sent: 3, received: 0, lossPct: 100, state: 'unreachable' });
    expect(silent.outages).toHaveLength(1);
    expect(silent.outages[0].lost).toBe(3);
    expect(Object.keys(silent.outages[0]).sort()).toEqual(['lost', 'start']);
    expect(Math.abs(silent.outages[0].start - Date.now())).toBeLessThan(60_000);
    expect(unknown).toMatchObject({ state: 'unknown-host', sent: 0, lossPct: null });
    expect(unknown.message).toMatch(/Name or service not known/);
  });

  it('exits 2 when no target name resolves', async () => {
    const r = await lab.execNear('node', [
      BIN,
      'probe',
      'nosuch.nl-probe.test',
      'none.nl-probe.test',
      '--count',
      '2',
      '--json',
    ]);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout) as ProbeJsonReport;
    expect(report.targets.map((t) => t.state)).toEqual(['unknown-host', 'unknown-host']);
  });

  it('without a terminal: one line per probe, then the summary', async () => {
    const r = await lab.execNear('node', [BIN, 'probe', lab.farAddr, '--count', '3', '--interval', '200']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('\x1b[');
    expect(r.stdout).toMatch(
      new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  ${lab.farAddr.replace(/\./g, '\\.')}  #1  \\d+\\.\\d ms$`, 'm'),
    );
    expect(r.stdout).toContain('#3');
    expect(r.stdout).toContain('Round-trip times (ms):');
    expect(r.stdout).toContain('Jitter (ms), three ways');
    expect(r.stdout).toMatch(/MEAN \|DIFF\|\s+RFC 3550\s+STD DEV/);
  });

  it('on a terminal: a live table redrawn in place', async () => {
    const cmd = `node ${BIN} probe ${lab.farAddr} --count 5 --interval 500`;
    const r = await lab.execNear('script', ['-qec', cmd, '/dev/null']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('TARGET');
    expect(r.stdout).toContain('LOSS 60s');
    const esc = String.fromCharCode(27);
    expect(r.stdout).toMatch(new RegExp(`${esc}\\[\\d+A${esc}\\[J`));
    expect(r.stdout).toContain('Round-trip times (ms):');
  });

  it('with no host: the gateway, the DNS servers and the public address', async () => {
    const r = await lab.execNear('node', [BIN, 'probe', '--count', '2', '--interval', '200', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as ProbeJsonReport;
    expect(report.targets.map((t) => [t.host, t.kind])).toEqual([
      [lab.farAddr, 'gateway'],
      ...lab.dnsServers.map((h) => [h, 'dns']),
      ['1.1.1.1', 'public'],
    ]);
    expect(report.targets[0]).toMatchObject({ sent: 2, received: 2 });
    // Nothing answers the rest inside the namespaces (and nothing leaves them).
    for (const t of report.targets.slice(1)) expect(t).toMatchObject({ sent: 2, lossPct: 100 });
  });
});
