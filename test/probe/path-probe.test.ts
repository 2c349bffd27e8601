/**
 * The path prober's rounds, driven by a scripted traceroute: how far it probes, how answers become
 * hops, how the path getting shorter or longer is followed, and the fallback from ICMP to UDP.
 * (The real traceroute over a namespace chain is in path-chain.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { PathSnapshot } from '../../src/api/path.js';
import { HopNames } from '../../src/probe/path/hop-names.js';
import { PathProbe } from '../../src/probe/path/path-probe.js';
import { RoundGate } from '../../src/probe/path/round-gate.js';
import { MAX_HOPS } from '../../src/probe/path/traceroute-command.js';
import type { RoundOptions, RoundResult } from '../../src/probe/path/traceroute-round.js';
import type { HopProbe } from '../../src/probe/path/traceroute-output.js';

type Script = (o: RoundOptions, round: number) => Partial<RoundResult> & { hops?: Map<number, HopProbe[]> };

function hops(list: [string | null, number | null][]): Map<number, HopProbe[]> {
  return new Map(list.map(([address, rttMs], i) => [i + 1, [{ address, rttMs, flag: null }]]));
}

async function runProbe(
  script: Script,
  rounds: number,
  names = new HopNames(async () => []),
): Promise<{ snap: PathSnapshot; calls: RoundOptions[] }> {
  const calls: RoundOptions[] = [];
  let finished!: () => void;
  const done = new Promise<void>((r) => (finished = r));
  const probe = new PathProbe({
    host: 'dest.test',
    intervalMs: 2,
    timeoutMs: 1000,
    count: rounds,
    seriesLimit: 60,
    family: 'linux',
    method: 'auto',
    names,
    onFinished: () => finished(),
    run: async (o) => {
      calls.push(o);
      const r = script(o, calls.length);
      return { outcome: 'ok', t: Date.now(), address: '192.0.2.9', hops: new Map(), message: null, hint: null, ...r };
    },
  });
  probe.start();
  await done;
  await probe.stop();
  return { snap: probe.snapshot(), calls };
}

describe('path probe rounds', () => {
  it('probes to 30 hops first, then only to the destination', async () => {
    const { snap, calls } = await runProbe(
      () => ({
        hops: hops([
          ['10.0.0.1', 1],
          ['10.0.1.1', 5],
          ['192.0.2.9', 9],
        ]),
      }),
      5,
    );
    expect(calls[0].maxTtl).toBe(MAX_HOPS);
    expect(calls.slice(1).map((c) => c.maxTtl)).toEqual([3, 3, 3, 3]);
    // while the destination's distance is unknown, few probes at once; then all hops together
    expect(calls.map((c) => c.exploring)).toEqual([true, false, false, false, false]);
    expect(calls.every((c) => c.method === 'icmp')).toBe(true);
    expect(snap.reached).toBe(true);
    expect(snap.hops.map((h) => [h.ttl, h.address, h.sent, h.received, h.destination])).toEqual([
      [1, '10.0.0.1', 5, 5, false],
      [2, '10.0.1.1', 5, 5, false],
      [3, '192.0.2.9', 5, 5, true],
    ]);
    expect(snap.series.t).toHaveLength(5);
    expect(snap.series.rtt).toEqual([
      [1, 1, 1, 1, 1],
      [5, 5, 5, 5, 5],
      [9, 9, 9, 9, 9],
    ]);
    expect(snap.state).toBe('ok');
  });

  it('probes a few hops past the last router when the destination stays silent', async () => {
    const { snap, calls } = await runProbe(
      (o) => ({
        hops: hops(
          Array.from({ length: o.maxTtl }, (_, i): [string | null, number | null] =>
            i < 2 ? [`10.0.${i}.1`, i + 1] : [null, null],
          ),
        ),
      }),
      4,
    );
    expect(calls.map((c) => c.maxTtl)).toEqual([30, 5, 5, 5]);
    expect(snap.reached).toBe(false);
    // shown: the two routers and one silent row after them
    expect(snap.hops.map((h) => h.ttl)).toEqual([1, 2, 3]);
    expect(snap.hops[2].received).toBe(0);
    expect(snap.notes.join(' ')).toBe('');
  });

  it('follows a path that gets shorter, and one that gets longer', async () => {
    const { snap, calls } = await runProbe((o, n) => {
      if (n <= 2)
        return {
          hops: hops([
            ['10.0.0.1', 1],
            ['10.0.1.1', 2],
            ['10.0.2.1', 3],
            ['192.0.2.9', 4],
          ]),
        };
      if (n <= 4)
        return {
          hops: hops([
            ['10.0.0.1', 1],
            ['192.0.2.9', 2],
          ]),
        };
      // longer again: a router answers where the destination was
      return {
        hops: hops(
          [
            ['10.0.0.1', 1],
            ['10.0.5.1', 2],
            ['192.0.2.9', 3],
          ].slice(0, o.maxTtl) as [string, number][],
        ),
      };
    }, 7);
    expect(calls.map((c) => c.maxTtl)).toEqual([30, 4, 4, 2, 2, 5, 3]);
    expect(snap.hops.map((h) => h.address)).toEqual(['10.0.0.1', '10.0.5.1', '192.0.2.9']);
    expect(snap.hops[1].others).toEqual(['192.0.2.9', '10.0.1.1']);
    expect(snap.reached).toBe(true);
  });

  it('falls back from ICMP to UDP probes when ICMP is not allowed', async () => {
    const { snap, calls } = await runProbe(
      (o) =>
        o.method === 'icmp'
          ? { outcome: 'no-permission', message: 'socket: Operation not permitted', hops: new Map() }
          : { hops: hops([['192.0.2.9', 1]]) },
      2,
    );
    expect(calls.map((c) => c.method)).toEqual(['icmp', 'udp', 'udp']);
    expect(snap.method).toBe('udp');
    expect(snap.rounds).toBe(2);
  });

  it('says when traceroute cannot run, and stops', async () => {
    const { snap, calls } = await runProbe(
      () => ({ outcome: 'failed', message: 'the system traceroute command was not found', hint: 'install traceroute' }),
      5,
    );
    expect(calls).toHaveLength(1);
    expect(snap).toMatchObject({ state: 'failed', message: 'the system traceroute command was not found' });
  });

  it('counts a round with no route as lost at every known hop', async () => {
    const { snap } = await runProbe(
      (_o, n) =>
        n === 1
          ? {
              hops: hops([
                ['10.0.0.1', 1],
                ['192.0.2.9', 3],
              ]),
            }
          : { outcome: 'down', message: 'connect: Network is unreachable', hops: new Map() },
      4,
    );
    expect(snap.hops.map((h) => [h.sent, h.received])).toEqual([
      [4, 1],
      [4, 1],
    ]);
    expect(snap).toMatchObject({ state: 'unreachable', message: 'connect: Network is unreachable' });
  });

  it('fills in reverse-DNS names later, off the probing path, and keeps them as text', async () => {
    const asked: string[] = [];
    const names = new HopNames(async (a) => {
      asked.push(a);
      return a === '10.0.0.1' ? ['<img src=x onerror=alert(1)>.example.'] : [];
    });
    const { snap } = await runProbe(
      () => ({
        hops: hops([
          ['10.0.0.1', 1],
          ['192.0.2.9', 2],
        ]),
      }),
      2,
      names,
    );
    // the first snapshot asked; the answer is there on the next
    expect(snap.hops[0].name).toBeNull();
    await new Promise((r) => setTimeout(r, 5));
    expect(asked.sort()).toEqual(['10.0.0.1', '192.0.2.9']);
    expect(names.name('10.0.0.1')).toBe('<img src=x onerror=alert(1)>.example');
    expect(names.name('192.0.2.9')).toBeNull();
  });

  it('ends the path where a router answers "network unreachable", and probes no further', async () => {
    const { snap, calls } = await runProbe(
      (o) => ({
        hops: new Map(
          Array.from({ length: Math.min(o.maxTtl, 3) }, (_, i): [number, HopProbe[]] => [
            i + 1,
            [{ address: `10.0.${i}.1`, rttMs: i + 1, flag: i === 2 ? '!N' : null }],
          ]),
        ),
      }),
      3,
    );
    expect(calls.map((c) => c.maxTtl)).toEqual([30, 3, 3]);
    expect(calls.map((c) => c.exploring)).toEqual([true, false, false]);
    expect(snap.hops.map((h) => h.ttl)).toEqual([1, 2, 3]);
    expect(snap).toMatchObject({
      state: 'unreachable',
      message: 'network unreachable at hop 3 (10.0.2.1)',
      reached: false,
    });
    expect(snap.notes[0]).toBe(
      'Hop 3 (10.0.2.1) answers that dest.test cannot be reached from there (network unreachable): the path ends at hop 3.',
    );
  });

  it('shares one gate between paths: one round at a time, starts spaced by the interval', async () => {
    const gate = new RoundGate(40);
    const log: { who: string; start: number; end: number }[] = [];
    const round = (who: string) => () =>
      new Promise<void>((r) => {
        const start = Date.now();
        setTimeout(() => {
          log.push({ who, start, end: Date.now() });
          r();
        }, 10);
      });
    await Promise.all([gate.run(round('a')), gate.run(round('b')), gate.run(round('a')), gate.run(round('b'))]);
    expect(log.map((l) => l.who)).toEqual(['a', 'b', 'a', 'b']);
    for (let k = 1; k < log.length; k++) {
      expect(log[k].start).toBeGreaterThanOrEqual(log[k - 1].end);
      expect(log[k].start - log[k - 1].start).toBeGreaterThanOrEqual(39);
    }
  });
});
