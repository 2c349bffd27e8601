/**
 * Issue 15, acceptance 3 (radiotap): the Wi-Fi chart's signal series of a monitor-mode capture,
 * opened in the real engine, equals tshark's radiotap.dbm_antsignal frame by frame (frames without
 * one left out) on zeek-radiotap.pcap and tcpdump-ieee80211-radiotap-exthdr.pcap. The chart the
 * renderer draws plots the series' values one for one (test/renderer/path-charts.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { RadioSignal, RADIO_POINTS } from '../../src/probe/wifi/radio-signal.js';
import { replayFile } from '../helpers/engine-replay.js';
import { HAVE_SHARED, samplePath, SKIP_REASON } from '../helpers/shared-pcaps.js';
import { hasCommand } from '../helpers/netns.js';

const FILES = ['zeek-radiotap.pcap', 'tcpdump-ieee80211-radiotap-exthdr.pcap'];
const skip = !HAVE_SHARED
  ? SKIP_REASON
  : !hasCommand('tshark')
    ? 'tshark is not installed: radiotap oracle skipped'
    : null;
if (skip) console.warn(skip);

/** tshark's per-frame antenna signal and frame time (ms), for the frames that carry one. */
function tsharkSignal(file: string): { t: number; dbm: number }[] {
  const out = execFileSync(
    'tshark',
    ['-r', samplePath(file), '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'radiotap.dbm_antsignal'],
    {
      encoding: 'utf8',
    },
  );
  return out
    .split('\n')
    .map((l) => l.split('\t'))
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([t, v]) => ({ t: Number(t) * 1000, dbm: Number(v.split(',')[0]) }));
}

describe.skipIf(skip !== null)('radiotap signal per frame vs tshark', () => {
  for (const file of FILES) {
    it(file, async () => {
      const want = tsharkSignal(file);
      expect(want.length).toBeGreaterThan(0);
      const { svc, last } = await replayFile(samplePath(file));
      try {
        const radio = last.radio!;
        expect(radio.points.map((p) => p.dbm)).toEqual(want.map((w) => w.dbm));
        radio.points.forEach((p, k) => expect(Math.abs(p.t - want[k].t)).toBeLessThan(0.001));
        expect(radio.frames).toBe(want.length);
        expect(radio.minDbm).toBe(Math.min(...want.map((w) => w.dbm)));
        expect(radio.maxDbm).toBe(Math.max(...want.map((w) => w.dbm)));
        console.log(
          `${file}: ${want.length} frames with a signal, ${radio.minDbm}..${radio.maxDbm} dBm, equal to tshark`,
        );
      } finally {
        await svc.handle('capture:stop', undefined);
      }
    });
  }
});

describe('radio signal series', () => {
  it('keeps the latest points and the whole capture figures', () => {
    const r = new RadioSignal();
    expect(r.series()).toBeNull();
    for (let k = 0; k < RADIO_POINTS + 10; k++) r.add(k, -40 - (k % 30));
    const s = r.series(5)!;
    expect(s.frames).toBe(RADIO_POINTS + 10);
    expect(s.points.map((p) => p.t)).toEqual([605, 606, 607, 608, 609]);
    expect(s.minDbm).toBe(-69);
    expect(s.maxDbm).toBe(-40);
    expect(r.series()!.points).toHaveLength(RADIO_POINTS);
  });
});
