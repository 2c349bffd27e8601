import { describe, expect, it } from 'vitest';
import { newRawPacket } from '../../src/capture/raw-packet.js';
import { RawRing } from '../../src/session/raw-ring.js';
import { TrafficWindow } from '../../src/session/traffic-window.js';
import { normalizeFilter, parseCidr } from '../../src/session/view-filter.js';
import { boundSnapshot, snapshotBytes } from '../../src/session/snapshot-bounds.js';
import type { Snapshot } from '../../src/api/snapshot.js';

/** Frame f's bytes: f's low byte repeated, of a length that varies with f. */
function frameOf(f: number): Buffer {
  const len = 1 + ((f * 7919) % 3000);
  return Buffer.alloc(len, f & 0xff);
}

describe('raw ring', () => {
  it('returns exactly the bytes of every frame it still claims, within both bounds, through many wraps', () => {
    const ring = new RawRing(100_000, 200);
    const p = newRawPacket();
    for (let f = 1; f <= 20_000; f++) {
      const b = frameOf(f);
      Object.assign(p, {
        buf: b,
        offset: 0,
        capLen: b.length,
        origLen: b.length + 4,
        tsSec: f,
        tsNsec: 0,
        linkType: 1,
      });
      ring.record(f, p);
      if (f % 97 === 0) {
        let kept = 0;
        for (let g = Math.max(1, f - 400); g <= f; g++) {
          const k = ring.get(g);
          if (!k) continue;
          kept++;
          expect(k.bytes.equals(frameOf(g))).toBe(true);
          expect(k.origLen).toBe(k.bytes.length + 4);
        }
        expect(kept).toBeGreaterThan(10);
        expect(kept).toBeLessThanOrEqual(200);
        expect(ring.get(f)).not.toBeNull();
        // kept frames are a contiguous run ending at the newest
        expect(kept).toBe(f - ring.oldest + 1);
      }
    }
  });
});

describe('traffic window', () => {
  it('keeps a fixed number of seconds and fills gaps with zeros', () => {
    const w = new TrafficWindow(10);
    w.count(100, 50, 0, false);
    w.count(100, 50, 1, true);
    w.count(105, 10, 3, false);
    const pts = w.points();
    expect(pts.length).toBe(10);
    expect(pts.at(-1)).toMatchObject({ t: 105, packets: 1, bytes: 10 });
    expect(pts.find((p) => p.t === 100)).toMatchObject({ packets: 2, bytes: 100, in: { tcp: 50 }, out: { udp: 50 } });
    expect(pts.find((p) => p.t === 103)!.packets).toBe(0);
    w.count(200, 1, 0, false);
    expect(
      w
        .points()
        .filter((p) => p.packets > 0)
        .map((p) => p.t),
    ).toEqual([200]);
    expect(w.rates(100).t).toBe(100);
  });
});

describe('view filter parsing', () => {
  it('accepts addresses and CIDRs of both families and rejects the rest with a hint', () => {
    for (const ok of ['10.0.0.1', '10.0.0.0/8', '2001:db8::/32', 'fe80::1', '0.0.0.0/0'])
      expect(parseCidr(ok, 'source').ok).toBe(true);
    for (const bad of ['10.0.0', '10.0.0.0/33', 'example.com', '::/129', '10.0.0.1/'])
      expect(parseCidr(bad, 'source').ok).toBe(false);
    const n = normalizeFilter({ protocol: ' TLS ', src: '', dst: ' 10.0.0.0/8 ', port: 443, host: ' Google ' });
    expect(n).toEqual({ ok: true, value: { protocol: 'tls', src: '', dst: '10.0.0.0/8', port: 443, host: 'Google' } });
    expect(normalizeFilter({ port: 70000 }).ok).toBe(false);
    expect(normalizeFilter({ port: '80' }).ok).toBe(false);
    expect(normalizeFilter(null).ok).toBe(false);
  });
});

describe('snapshot bounds', () => {
  it('shortens an oversized snapshot until it is under the budget', () => {
    const big = 'x'.repeat(1000);
    const series = Array.from({ length: 60 }, (_, i) => ({ seq: i, t: i, rttMs: 1.5 }));
    const target = {
      host: big,
      kind: 'custom',
      address: null,
      state: 'ok',
      message: null,
      hint: null,
      sent: 1,
      received: 1,
      lossPct: 0,
      lossPct60s: 0,
      rttMs: {},
      jitterMs: {},
      outages: [],
      outageCount: 0,
      series,
    };
    // a 30-hop path with 600 rounds kept
    const path = {
      host: big,
      hops: Array.from({ length: 30 }, (_, k) => ({ ttl: k + 1, address: `10.0.0.${k}`, name: 'n'.repeat(253) })),
      series: {
        t: Array.from({ length: 600 }, (_, r) => r),
        rtt: Array.from({ length: 30 }, () => Array.from({ length: 600 }, () => 12.345)),
      },
      notes: [],
    };
    const alert = {
      id: 'a1',
      type: 'port-scan',
      severity: 'warning',
      firstTime: 1,
      lastTime: 2,
      source: big,
      target: big,
      summary: big,
      evidence: { ports: Array.from({ length: 5000 }, (_, i) => i) },
      acknowledged: false,
    };
    const s = {
      seq: 1,
      t: 0,
      session: {},
      elapsedSec: 0,
      totals: { packets: 0, bytes: 0 },
      all: { packets: 0, bytes: 0, malformed: 0 },
      rates: { t: null, inBitsPerSec: 0, outBitsPerSec: 0, bitsPerSec: 0, packetsPerSec: 0 },
      drops: null,
      timeline: {
        windowSec: 120,
        points: Array.from({ length: 120 }, (_, t) => ({
          t,
          packets: 1e9,
          bytes: 1e12,
          in: { tcp: 1e12, udp: 1e12, icmp: 1e12, other: 1e12 },
          out: { tcp: 1e12, udp: 1e12, icmp: 1e12, other: 1e12 },
        })),
      },
      protocols: [],
      topTalkers: [],
      topListeners: [],
      probe: {
        t: 0,
        intervalMs: 1000,
        timeoutMs: 1000,
        running: true,
        targets: Array.from({ length: 20 }, () => target),
        paths: Array.from({ length: 6 }, () => path),
        verdicts: [],
        wifi: {
          source: 'iw',
          link: null,
          message: null,
          hint: null,
          history: Array.from({ length: 1800 }, (_, t) => ({
            t,
            signalDbm: -60,
            noiseDbm: -95,
            txRateMbps: 400,
            connected: true,
          })),
        },
      },
      alerts: {
        counts: { info: 0, warning: 40, critical: 0 },
        unacknowledged: 40,
        latest: Array.from({ length: 40 }, () => alert),
        suggestions: [],
      },
      counts: { flows: 0, packetsKept: 0, packetsMatching: 0 },
      filter: {},
    } as unknown as Snapshot;
    expect(snapshotBytes(s)).toBeGreaterThan(200_000);
    const b = boundSnapshot(s);
    expect(snapshotBytes(b)).toBeLessThan(60_000);
    expect(b.alerts.latest[0].evidence.truncated).toBe(true);
    expect(b.timeline.points.length).toBeGreaterThan(0);
    expect(b.probe!.paths.length).toBeLessThanOrEqual(4);
    expect(b.probe!.paths[0].series.t.length).toBeLessThanOrEqual(60);
    expect(b.probe!.paths[0].series.rtt[0].length).toBe(b.probe!.paths[0].series.t.length);
    expect(b.probe!.wifi!.history.length).toBeLessThanOrEqual(60);
  });
});
