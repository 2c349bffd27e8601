/**
 * Issue 15, acceptance 1 and 2, measured on a namespace chain (test/helpers/netns-chain.ts):
 * client → R1 ("Wi-Fi router") → R2, R3 ("provider") → server, with delay and loss added on one
 * link per chain by a userspace wire that logs what it did to every probe. `netlens probe --path`
 * runs inside the client, as a user would run it, and its --json report is compared with the log:
 * - delay at R1, at R2, and only at the server: every hop from there on shows the added delay
 *   (within 2 ms of what the wire applied to that hop's probes) and loss (within 3 points of what
 *   it dropped of them), the hops before it do not, and the verdict names the right place;
 * - R2 dropping half of its own ICMP answers: reported as rate limiting, not as path loss;
 * - call quality on the 40 ± 8 ms / 5% loss path: the grade equals the E-model's over what the
 *   wire did to the pings.
 * The chains run at once (they are independent), about 35 s in all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallQuality, PathHop, PathJsonReport } from '../../src/api/path.js';
import type { ProbeJsonReport } from '../../src/api/probe.js';
import { callQualityOf, gradeFor } from '../../src/probe/call-quality.js';
import { DEFAULT_TIMEOUT_MS } from '../../src/probe/prober.js';
import {
  chainUnavailableReason,
  createChain,
  type Chain,
  type WireOptions,
  type WireRecord,
} from '../helpers/netns-chain.js';
import { BIN, requireBuild } from '../helpers/netns-probe.js';

const skip = chainUnavailableReason();
if (skip) console.warn(`path chain tests skipped: ${skip}`);

const ROUNDS = 30;

type Report = ProbeJsonReport & PathJsonReport;

interface Run {
  chain: Chain;
  report: Report;
  /** Packets R2's iptables rule dropped (the rate-limit run). */
  thinned?: number;
}

async function probe(chain: Chain): Promise<Report> {
  const r = await chain.exec(
    'client',
    'node',
    [BIN, 'probe', '--path', chain.server, '--count', String(ROUNDS), '--json'],
    {
      timeoutMs: 120_000,
    },
  );
  if (r.code !== 0) throw new Error(`netlens probe exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Report;
}

async function runWire(wire: WireOptions): Promise<Run> {
  const chain = await createChain({ wire });
  return { chain, report: await probe(chain) };
}

async function runThinned(pct: number): Promise<Run> {
  const chain = await createChain();
  await chain.thinIcmp('r2', pct);
  const report = await probe(chain);
  const counters = await chain.exec('r2', 'iptables', ['-L', 'OUTPUT', '-v', '-x', '-n']);
  const drop = /^\s*(\d+)\s+\d+\s+DROP/m.exec(counters.stdout);
  return { chain, report, thinned: drop ? Number(drop[1]) : undefined };
}

/** The wire's records of the traceroute probes for hop `hop` (they cross link k with TTL hop − k + 1). */
function probesFor(records: WireRecord[], link: number, hop: number): WireRecord[] {
  return records.filter((r) => r.type === 8 && r.ttl === hop - link + 1);
}

function mean(v: number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}

function hop(run: Run, ttl: number): PathHop {
  const h = run.report.paths[0].hops.find((x) => x.ttl === ttl);
  if (!h) throw new Error(`no hop ${ttl} in ${JSON.stringify(run.report.paths[0].hops.map((x) => x.ttl))}`);
  return h;
}

/** Checks the hop table against the wire's log; returns the figures for the closing note. */
function checkDelayFrom(run: Run, link: number): string[] {
  const records = run.chain.wire!.records();
  const lines: string[] = [];
  const path = run.report.paths[0];
  expect(path.reached).toBe(true);
  expect(path.hops.map((h) => h.address)).toEqual(run.chain.hops);
  for (let ttl = 1; ttl <= 4; ttl++) {
    const h = hop(run, ttl);
    expect(h.sent).toBe(ROUNDS);
    if (ttl < link) {
      expect(h.rttMs.avg!).toBeLessThan(2);
      expect(h.lossPct!).toBeLessThanOrEqual(3);
      lines.push(`hop ${ttl}: avg ${h.rttMs.avg!.toFixed(2)} ms, loss ${h.lossPct!.toFixed(1)}% (no wire before it)`);
      continue;
    }
    const mine = probesFor(records, link, ttl);
    // one probe per hop per round: the gentle rate, counted on the wire
    expect(mine.length).toBe(ROUNDS);
    const applied = mine.filter((r) => !r.dropped).map((r) => r.appliedMs!);
    const injectedMs = mean(applied);
    const droppedPct = (100 * mine.filter((r) => r.dropped).length) / mine.length;
    expect(Math.abs(h.rttMs.avg! - injectedMs)).toBeLessThanOrEqual(2);
    expect(Math.abs(h.lossPct! - droppedPct)).toBeLessThanOrEqual(3);
    lines.push(
      `hop ${ttl}: avg ${h.rttMs.avg!.toFixed(2)} ms vs injected ${injectedMs.toFixed(2)} ms; loss ${h.lossPct!.toFixed(1)}% vs dropped ${droppedPct.toFixed(1)}%`,
    );
  }
  return lines;
}

/** The E-model over what the wire did to the pings (the series is ICMP sequence 2..ROUNDS+1: see ping-command.ts). */
function expectedCallQuality(run: Run, baseMs: number): CallQuality {
  const pings = run.chain
    .wire!.records()
    .filter((r) => r.type === 8 && r.ttl > 32 && r.seq! >= 2 && r.seq! <= ROUNDS + 1)
    .sort((a, b) => a.seq! - b.seq!);
  expect(pings).toHaveLength(ROUNDS);
  // a reply later than the prober's timeout (1 s) is a loss, as it counts them (a stalled, loaded machine)
  const rtts = pings
    .filter((r) => !r.dropped)
    .map((r) => r.appliedMs! + baseMs)
    .filter((ms) => ms < DEFAULT_TIMEOUT_MS);
  let diff = 0;
  for (let k = 1; k < rtts.length; k++) diff += Math.abs(rtts[k] - rtts[k - 1]);
  return callQualityOf(
    { latencyMs: mean(rtts), jitterMs: diff / (rtts.length - 1), lossPct: (100 * (ROUNDS - rtts.length)) / ROUNDS },
    ROUNDS,
  );
}

describe.skipIf(skip !== null)('path probing on a namespace chain', () => {
  const runs: Record<string, Run> = {};
  const figures: string[] = [];

  beforeAll(async () => {
    requireBuild();
    const [r1, r2, server, thinned] = await Promise.all([
      runWire({ link: 1, delayMs: 40, lossPct: 10, seed: 11 }),
      runWire({ link: 2, delayMs: 40, lossPct: 10, seed: 12 }),
      runWire({ link: 4, delayMs: 40, jitterMs: 8, lossPct: 5, seed: 14 }),
      runThinned(50),
    ]);
    Object.assign(runs, { r1, r2, server, thinned });
  }, 240_000);

  afterAll(async () => {
    await Promise.all(Object.values(runs).map((r) => r.chain.cleanup()));
    if (figures.length) console.log(`path chain figures:\n  ${figures.join('\n  ')}`);
  });

  it('delay and loss at R1 show from hop 1 on, and the verdict names the Wi-Fi router', () => {
    figures.push('delay 40 ms + 10% loss at R1:', ...checkDelayFrom(runs.r1, 1));
    const v = runs.r1.report.paths[0].verdict;
    expect(v).toMatchObject({ place: 'home', hop: 1, hopAddress: runs.r1.chain.hops[0] });
    expect(v.title).toMatch(/^The delay starts at your router \(hop 1: \+\d+ ms/);
    figures.push(`  verdict: ${v.title}`);
  });

  it('delay and loss at R2 show from hop 2 on, and the verdict names the provider', () => {
    figures.push('delay 40 ms + 10% loss at R2:', ...checkDelayFrom(runs.r2, 2));
    const v = runs.r2.report.paths[0].verdict;
    expect(v).toMatchObject({ place: 'provider', hop: 2, hopAddress: runs.r2.chain.hops[1] });
    expect(v.title).toBe('The delay starts at hop 2 (your provider), not in your home');
    figures.push(`  verdict: ${v.title}`);
  });

  it('delay only at the server shows at the destination alone, and the verdict names it', () => {
    figures.push('delay 40 ± 8 ms + 5% loss at the server:', ...checkDelayFrom(runs.server, 4));
    const v = runs.server.report.paths[0].verdict;
    expect(v).toMatchObject({ place: 'destination', hop: 4, hopAddress: runs.server.chain.server });
    expect(v.title).toBe(`${runs.server.chain.server} itself is slow`);
    figures.push(`  verdict: ${v.title}`);
  });

  it('the call-quality grade of the 40 ± 8 ms / 5% loss path equals the E-model over what happened', () => {
    const shown = runs.server.report.targets[0].callQuality!;
    const base = hop(runs.server, 3).rttMs.avg!;
    const expected = expectedCallQuality(runs.server, base);
    const diag = `shown ${JSON.stringify(shown)} expected ${JSON.stringify(expected)} base ${base}`;
    expect(Math.abs(shown.latencyMs - expected.latencyMs), diag).toBeLessThanOrEqual(2);
    expect(Math.abs(shown.jitterMs - expected.jitterMs)).toBeLessThanOrEqual(1);
    expect(Math.abs(shown.lossPct - expected.lossPct)).toBeLessThanOrEqual(3);
    expect(Math.abs(shown.mos - expected.mos)).toBeLessThan(0.05);
    expect(shown.grade).toBe(expected.grade);
    expect(shown.grade).toBe(gradeFor(shown.mos).grade);
    // the grade is also the JSON report's for the path
    expect(runs.server.report.paths[0].callQuality).toEqual(shown);
    figures.push(
      `call quality: shown MOS ${shown.mos.toFixed(3)} (${shown.grade}: ${shown.calls}) from ${shown.latencyMs.toFixed(1)} ms, jitter ${shown.jitterMs.toFixed(2)} ms, loss ${shown.lossPct.toFixed(1)}%; from the wire's log MOS ${expected.mos.toFixed(3)} (${expected.grade})`,
    );
  });

  it('loss only in R2 ICMP answers is rate limiting, not path loss', () => {
    const run = runs.thinned;
    const path = run.report.paths[0];
    const h2 = hop(run, 2);
    expect(run.thinned).toBeDefined();
    const thinnedPct = (100 * run.thinned!) / h2.sent;
    expect(Math.abs(h2.lossPct! - thinnedPct)).toBeLessThanOrEqual(3);
    expect(h2.lossPct!).toBeGreaterThan(20);
    expect(h2.lossKind).toBe('rate-limit');
    expect(h2.pathLossPct!).toBeLessThanOrEqual(3);
    for (const ttl of [3, 4]) expect(hop(run, ttl).lossPct!).toBeLessThanOrEqual(3);
    expect(path.notes.join(' ')).toMatch(
      /Hop 2 \([\d.]+\) answered only [\d.]+% of probes, .*ICMP rate limiting.*not packet loss/,
    );
    expect(path.verdict.place).toBe('none');
    figures.push(
      `R2 drops ${thinnedPct.toFixed(1)}% of its ICMP: hop 2 loss ${h2.lossPct!.toFixed(1)}% read as ${h2.lossKind}, hops 3-4 ${hop(run, 3).lossPct!.toFixed(1)}% / ${hop(run, 4).lossPct!.toFixed(1)}%; verdict: ${path.verdict.title}`,
    );
  });
});
