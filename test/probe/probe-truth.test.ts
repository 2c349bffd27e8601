/**
 * Ground truth for the prober, in network namespaces: the far side answers after delays drawn from a
 * known schedule (40 ± 8 ms uniform) and drops a known share (every 20th), logging what it actually
 * applied; the prober's figures must match the same figures computed from that log.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeSample, ProbeSnapshot, ProbeTargetStats } from '../../src/api/probe.js';
import { mean, meanAbsDiff, rfc3550Jitter, stdDev } from '../../src/probe/probe-stats.js';
import {
  createProbeLab,
  IS_ROOT,
  NETNS_SKIP_REASON,
  requireBuild,
  type ProbeLab,
  type ResponderRecord,
} from '../helpers/netns-probe.js';

if (!IS_ROOT) console.warn(NETNS_SKIP_REASON);

const execFileP = promisify(execFile);
const ip = (args: string[]) => execFileP('ip', args);

/**
 * The streaming driver sends one warm-up probe with the first (ping -l 2, see ping-command.ts) and
 * leaves it out of the series: series sample k is ICMP sequence k + 1.
 */
const WARM_UP = 1;

function target(s: ProbeSnapshot, host: string): ProbeTargetStats {
  const t = s.targets.find((x) => x.host === host);
  if (!t) throw new Error(`no target ${host} in ${JSON.stringify(s.targets.map((x) => x.host))}`);
  return t;
}

/** The responder's records for the probes the prober counted, in series order. */
function recordsForSeries(records: ResponderRecord[], src: string, n: number): ResponderRecord[] {
  const bySeq = new Map(records.filter((r) => r.src === src).map((r) => [r.seq, r]));
  return Array.from({ length: n }, (_, k) => {
    const r = bySeq.get(k + 1 + WARM_UP);
    if (!r) throw new Error(`the responder never saw sequence ${k + 1 + WARM_UP}`);
    return r;
  });
}

function diffs(samples: ProbeSample[]): number[] {
  return samples.slice(1).map((s, i) => s.t - samples[i].t);
}

describe.skipIf(!IS_ROOT)('prober ground truth (network namespaces)', () => {
  let lab: ProbeLab;

  beforeAll(async () => {
    requireBuild();
    lab = await createProbeLab();
  });

  afterAll(async () => {
    await lab?.cleanup();
  });

  it('matches the schedule: mean within 2 ms, each jitter within 1.5 ms, loss within 3 points', async () => {
    const responder = await lab.startResponder({ seed: 20240611, minMs: 32, maxMs: 48, dropEvery: 20 });
    const count = 100;
    const out = await lab.runProber({
      op: 'probe',
      prober: { targets: [{ host: lab.farAddr, kind: 'custom' }], intervalMs: 200, timeoutMs: 1000, count },
    });
    responder.stop();
    const got = target(out.final, lab.farAddr);
    const series: ProbeSample[] = out.samples[lab.farAddr];
    expect(got.sent).toBe(count);
    expect(series).toHaveLength(count);

    const truth = recordsForSeries(responder.records(), lab.nearAddr, count);
    // Per probe: lost exactly where the schedule dropped, and each RTT close to the applied delay
    // (a sanity check; the acceptance is on the figures below).
    const off: string[] = [];
    for (let k = 0; k < count; k++) {
      expect(series[k].rttMs === null, `sample ${k + 1}`).toBe(truth[k].dropped);
      if (series[k].rttMs !== null && Math.abs(series[k].rttMs! - truth[k].appliedMs!) > 3)
        off.push(`#${k + 1}: rtt ${series[k].rttMs} applied ${truth[k].appliedMs}`);
    }
    expect(off.length, off.join('; ')).toBeLessThanOrEqual(2); // a descheduled ping or responder, at most
    const applied = truth.filter((r) => !r.dropped).map((r) => r.appliedMs!);
    const planned = truth.filter((r) => !r.dropped).map((r) => r.plannedMs!);
    const want = {
      mean: mean(applied)!,
      meanAbsDiff: meanAbsDiff(applied)!,
      rfc3550: rfc3550Jitter(applied)!,
      stdDev: stdDev(applied)!,
      lossPct: (truth.filter((r) => r.dropped).length / count) * 100,
    };
    const figures = {
      mean: [want.mean, got.rttMs.mean],
      meanAbsDiff: [want.meanAbsDiff, got.jitterMs.meanAbsDiff],
      rfc3550: [want.rfc3550, got.jitterMs.rfc3550],
      stdDev: [want.stdDev, got.jitterMs.stdDev],
      lossPct: [want.lossPct, got.lossPct],
    };
    console.log(
      `prober vs schedule (${count} probes at 200 ms, 32–48 ms uniform, every 20th dropped):\n` +
        Object.entries(figures)
          .map(
            ([k, [w, g]]) =>
              `  ${k.padEnd(12)} schedule ${w!.toFixed(3)}  prober ${g!.toFixed(3)}  diff ${(g! - w!).toFixed(3)}`,
          )
          .join('\n') +
        `\n  (schedule = delays the responder really applied; as drawn from the seed: mean ${mean(planned)!.toFixed(3)}, mean |diff| ${meanAbsDiff(planned)!.toFixed(3)},` +
        ` RFC 3550 ${rfc3550Jitter(planned)!.toFixed(3)}, std dev ${stdDev(planned)!.toFixed(3)}; uniform 32–48 in theory: mean 40, std dev ${(16 / Math.sqrt(12)).toFixed(3)}, mean |diff| ${(16 / 3).toFixed(3)})`,
    );
    expect(Math.abs(got.rttMs.mean! - want.mean)).toBeLessThan(2);
    expect(Math.abs(got.jitterMs.meanAbsDiff! - want.meanAbsDiff)).toBeLessThan(1.5);
    expect(Math.abs(got.jitterMs.rfc3550! - want.rfc3550)).toBeLessThan(1.5);
    expect(Math.abs(got.jitterMs.stdDev! - want.stdDev)).toBeLessThan(1.5);
    expect(Math.abs(got.lossPct! - want.lossPct)).toBeLessThan(3);
    expect(want.lossPct).toBe(5);
    expect(got.outages.map((o) => o.lost)).toEqual([1, 1, 1, 1, 1]);
    // The send times are a steady 200 ms series.
    const d = diffs(series);
    expect(mean(d)!).toBeGreaterThan(195);
    expect(mean(d)!).toBeLessThan(205);
  });

  it('counts replies later than the timeout as lost', async () => {
    const responder = await lab.startResponder({ seed: 7, lateEvery: 5, lateMs: 1500 });
    const count = 20;
    const out = await lab.runProber({
      op: 'probe',
      prober: { targets: [{ host: lab.farAddr, kind: 'custom' }], intervalMs: 200, timeoutMs: 1000, count },
    });
    responder.stop();
    const truth = recordsForSeries(responder.records(), lab.nearAddr, count);
    const series: ProbeSample[] = out.samples[lab.farAddr];
    expect(series.map((s) => s.rttMs === null)).toEqual(truth.map((r) => r.late === true));
    expect(target(out.final, lab.farAddr).lossPct).toBe((truth.filter((r) => r.late).length / count) * 100);
  });

  it('an unreachable target shows 100% loss and an outage while another keeps its 1 Hz cadence', async () => {
    const responder = await lab.startResponder({ seed: 3 });
    const out = await lab.runProber({
      op: 'probe',
      prober: {
        targets: [
          { host: lab.farAddr, kind: 'gateway' },
          { host: lab.silentAddr, kind: 'custom' },
        ],
        intervalMs: 1000,
        timeoutMs: 1000,
      },
      runMs: 8500,
    });
    responder.stop();
    const silent = target(out.final, lab.silentAddr);
    expect(silent.sent).toBeGreaterThanOrEqual(4);
    expect(silent.received).toBe(0);
    expect(silent.lossPct).toBe(100);
    expect(silent.state).toBe('unreachable');
    expect(silent.outages).toHaveLength(1);
    expect(silent.outages[0]).toMatchObject({ lost: silent.sent, ongoing: true });

    const far = target(out.final, lab.farAddr);
    const series: ProbeSample[] = out.samples[lab.farAddr];
    const d = diffs(series);
    // The once-a-second updates (the last one, sent by stop(), is off the clock by design).
    const ticks = out.updates.filter((u: { at: number }) => u.at < out.stopAt);
    const updates = diffs(ticks.map((u: { at: number }) => ({ seq: 0, t: u.at, rttMs: null })));
    console.log(
      `1 Hz cadence next to an unreachable target: ${series.length} samples, send-time gaps (ms) ${d.map((x) => x.toFixed(1)).join(' ')};\n` +
        `  update gaps (ms) ${updates.join(' ')}; unreachable target: sent ${silent.sent}, loss ${silent.lossPct}%, outage ${JSON.stringify(silent.outages[0])}, message "${silent.message}"`,
    );
    expect(far.lossPct).toBe(0);
    expect(series.length).toBeGreaterThanOrEqual(7);
    for (const gap of d) {
      expect(gap).toBeGreaterThan(900);
      expect(gap).toBeLessThan(1100);
    }
    expect(Math.abs(mean(d)! - 1000)).toBeLessThan(10);
    for (const gap of updates) {
      expect(gap).toBeGreaterThan(850);
      expect(gap).toBeLessThan(1150);
    }
  });

  it('reports an unknown name as a state with a message, and probes a name that resolves', async () => {
    const responder = await lab.startResponder({ seed: 5 });
    const out = await lab.runProber({
      op: 'probe',
      prober: {
        targets: [
          { host: 'nosuch.nl-probe.test', kind: 'custom' },
          { host: lab.farName, kind: 'custom' },
        ],
        intervalMs: 200,
        count: 5,
      },
    });
    responder.stop();
    const unknown = target(out.final, 'nosuch.nl-probe.test');
    expect(unknown).toMatchObject({ state: 'unknown-host', sent: 0, lossPct: null });
    expect(unknown.message).toMatch(/Name or service not known/);
    expect(target(out.final, lab.farName)).toMatchObject({ address: lab.farAddr, state: 'ok', sent: 5, received: 5 });
  });

  it('the one-shot driver (npm ping, as on Windows) gives the same kind of series', async () => {
    const responder = await lab.startResponder({ seed: 11 });
    const out = await lab.runProber({
      op: 'probe',
      prober: {
        targets: [{ host: lab.farAddr, kind: 'custom' }],
        intervalMs: 1000,
        timeoutMs: 1000,
        count: 4,
        driver: 'one-shot',
      },
    });
    responder.stop();
    const got = target(out.final, lab.farAddr);
    // Each one-shot ping is its own process starting at sequence 1, which this responder answers.
    expect(got).toMatchObject({ sent: 4, received: 4, lossPct: 0, address: lab.farAddr });
    expect(got.rttMs.min!).toBeGreaterThan(30);
    expect(got.rttMs.max!).toBeLessThan(50);
    const d = diffs(out.samples[lab.farAddr]);
    for (const gap of d) expect(Math.abs(gap - 1000)).toBeLessThan(100);
  });

  it("finds the namespace's gateway and DNS servers", async () => {
    const found = await lab.runProber({ op: 'targets' });
    expect(found.targets).toEqual([
      { host: lab.farAddr, kind: 'gateway' },
      ...lab.dnsServers.map((host) => ({ host, kind: 'dns' })),
      { host: '1.1.1.1', kind: 'public' },
    ]);
  });

  it('a target whose route goes away loses a probe per interval, then recovers when it returns', async () => {
    // 10.250.0.1 lives on far's loopback and is reached through near's default route.
    const remote = '10.250.0.1';
    await ip(['-n', lab.far, 'addr', 'add', `${remote}/32`, 'dev', 'lo']);
    await ip(['-n', lab.near, 'route', 'del', 'default']);
    const responder = await lab.startResponder({ seed: 13 });
    const restore = setTimeout(() => void ip(['-n', lab.near, 'route', 'add', 'default', 'via', lab.farAddr]), 4500);
    try {
      const out = await lab.runProber({
        op: 'probe',
        prober: { targets: [{ host: remote, kind: 'public' }], intervalMs: 1000, timeoutMs: 1000 },
        runMs: 10_000,
      });
      const series: ProbeSample[] = out.samples[remote];
      const got = target(out.final, remote);
      console.log(
        `route gone for 4.5 s, then back: ${series.map((x) => (x.rttMs === null ? 'lost' : x.rttMs.toFixed(1))).join(' ')}; outages ${JSON.stringify(got.outages)}`,
      );
      const lostFirst = series.findIndex((x) => x.rttMs !== null);
      expect(lostFirst).toBeGreaterThanOrEqual(3); // about one lost probe per second while there was no route
      expect(series.slice(0, lostFirst).every((x) => x.rttMs === null)).toBe(true);
      expect(series.slice(lostFirst).every((x) => x.rttMs !== null)).toBe(true);
      expect(got.state).toBe('ok');
      expect(got.outages).toEqual([{ start: series[0].t, lost: lostFirst, ongoing: false }]);
      for (const gap of diffs(series.slice(0, lostFirst))) expect(Math.abs(gap - 1000)).toBeLessThan(150);
    } finally {
      clearTimeout(restore);
      responder.stop();
      await ip(['-n', lab.near, 'route', 'replace', 'default', 'via', lab.farAddr]);
    }
  });
});
