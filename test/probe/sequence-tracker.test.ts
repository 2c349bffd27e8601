import { describe, expect, it } from 'vitest';
import { parseBsdLine, parseIputilsLine } from '../../src/probe/ping-output.js';
import { SequenceTracker, type SeqOutcome } from '../../src/probe/sequence-tracker.js';

const T0 = 1_700_000_000_000;

function iputils(o: { intervalMs?: number; timeoutMs?: number } = {}) {
  const tracker = new SequenceTracker({
    intervalMs: o.intervalMs ?? 1000,
    timeoutMs: o.timeoutMs ?? 1000,
    firstSeq: 1,
    warmUp: 1,
    startedAt: T0,
    now: () => T0,
  });
  const got: SeqOutcome[] = [];
  const feed = (line: string) => got.push(...tracker.feed(parseIputilsLine(line)));
  const stamp = (ms: number) => `[${((T0 + ms) / 1000).toFixed(6)}]`;
  const reply = (seq: number, sentMs: number, rtt: number, dup = '') =>
    feed(`${stamp(sentMs + rtt)} 64 bytes from 10.0.0.2: icmp_seq=${seq} ttl=64 time=${rtt} ms${dup}`);
  const noAnswer = (seq: number, atMs: number) => feed(`${stamp(atMs)} no answer yet for icmp_seq=${seq}`);
  return { tracker, got, feed, reply, noAnswer, rtts: () => got.map((g) => [g.seq, g.rttMs]) };
}

describe('SequenceTracker', () => {
  it('swallows the warm-up probe and settles answers in order with exact send times', () => {
    const t = iputils();
    t.noAnswer(1, 0); // -l 2 sends 1 and 2 together
    t.reply(1, 0, 0.5);
    t.reply(2, 0, 0.4);
    t.reply(3, 1000, 40);
    expect(t.rtts()).toEqual([
      [2, 0.4],
      [3, 40],
    ]);
    expect(t.got[1].sentAt).toBeCloseTo(T0 + 1000, 3);
  });

  it('counts a gap as lost once later probes prove its timeout passed', () => {
    const t = iputils();
    t.reply(2, 0, 10);
    t.noAnswer(3, 2000); // 3 unanswered when 4 left
    t.reply(4, 2000, 10);
    expect(t.rtts()).toEqual([[2, 10]]); // 3 may still be answered within its timeout
    t.reply(5, 3000, 10);
    expect(t.rtts()).toEqual([
      [2, 10],
      [3, null],
      [4, 10],
      [5, 10],
    ]);
    expect(t.got[1].sentAt).toBe(T0 + 1000); // estimated from the cadence
  });

  it('counts a reply slower than the timeout as lost, and ignores replies after giving up', () => {
    const t = iputils({ timeoutMs: 1000 });
    t.reply(2, 0, 10);
    t.noAnswer(3, 2000);
    t.reply(3, 1000, 1500); // arrives before giving up, but too late
    t.reply(4, 2000, 10);
    t.noAnswer(5, 4000);
    t.reply(6, 5000, 10);
    t.reply(7, 6000, 10);
    t.reply(5, 3000, 4001); // after 5 was given up on
    expect(t.rtts()).toEqual([
      [2, 10],
      [3, null],
      [4, 10],
      [5, null],
      [6, 10],
      [7, 10],
    ]);
  });

  it('keeps an in-time answer that came after later probes were sent', () => {
    const t = iputils({ intervalMs: 200, timeoutMs: 1000 });
    t.reply(2, 0, 5);
    for (let s = 3; s <= 6; s++) t.noAnswer(s, (s - 1) * 200); // 3 unanswered as 4..7 leave
    t.reply(3, 200, 900);
    for (let s = 4; s <= 8; s++) t.reply(s, (s - 2) * 200, 5);
    expect(t.rtts().slice(0, 3)).toEqual([
      [2, 5],
      [3, 900],
      [4, 5],
    ]);
  });

  it('ignores duplicates and settles ICMP errors as losses', () => {
    const t = iputils();
    t.reply(2, 0, 10);
    t.reply(2, 0, 11, ' (DUP!)');
    t.feed(`From 10.0.0.1 icmp_seq=3 Destination Host Unreachable`);
    t.reply(4, 2000, 12);
    expect(t.got).toMatchObject([
      { seq: 2, rttMs: 10 },
      { seq: 3, rttMs: null, error: 'Destination Host Unreachable' },
      { seq: 4, rttMs: 12 },
    ]);
  });

  it('unwraps 16-bit sequence numbers', () => {
    const tracker = new SequenceTracker({
      intervalMs: 1000,
      timeoutMs: 1000,
      firstSeq: 0,
      warmUp: 0,
      startedAt: T0,
      now: () => T0,
    });
    const got: SeqOutcome[] = [];
    for (let i = 0; i < 65540; i++) {
      got.push(...tracker.feed(parseBsdLine(`64 bytes from 1.1.1.1: icmp_seq=${i % 65536} ttl=57 time=10 ms`)));
    }
    expect(got).toHaveLength(65540);
    expect(got[65539].seq).toBe(65539);
    expect(got.every((g) => g.rttMs === 10)).toBe(true);
  });

  it('on a complete exit settles everything ping says it sent; on a stop drops what is undecided', () => {
    const a = iputils();
    a.reply(2, 0, 10);
    a.noAnswer(3, 2000);
    a.got.push(...a.tracker.finish(true, 5)); // -c 5 including the warm-up: 2..5
    expect(a.rtts()).toEqual([
      [2, 10],
      [3, null],
      [4, null],
      [5, null],
    ]);

    const b = iputils();
    b.reply(2, 0, 10);
    b.noAnswer(3, 2000);
    b.got.push(...b.tracker.finish(false, null));
    expect(b.rtts()).toEqual([[2, 10]]);
  });
});
