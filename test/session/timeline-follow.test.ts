/**
 * timeline:range answers a file's whole span in buckets that fit (a 10-hour file in 2-minute
 * buckets, every packet counted once), the view filter's time range counts exactly the packets
 * tshark counts in it, and stream:follow gives an HTTP conversation's request as text.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import type { FlowsPage, StreamText, TimelineRange } from '../../src/api/views.js';
import { replayFile, type Replayed } from '../helpers/engine-replay.js';
import { HAVE_SHARED, SKIP_REASON, samplePath, truthFor } from '../helpers/shared-pcaps.js';
import { bucketFor } from '../../src/session/timeline-query.js';

const opened: Replayed[] = [];
afterAll(() => {
  for (const r of opened) r.svc.dispose();
});

async function open(name: string): Promise<Replayed> {
  const r = await replayFile(samplePath(name));
  opened.push(r);
  return r;
}

describe('timeline buckets', () => {
  it('picks the ladder step that fits', () => {
    expect(bucketFor(0.6, 300)).toBe(0.01);
    expect(bucketFor(36_000, 300)).toBe(120);
    expect(bucketFor(60, 300)).toBe(0.2);
    expect(bucketFor(1e9, 300)).toBe(3600);
  });
});

describe.skipIf(!HAVE_SHARED)('timeline:range and stream:follow on real captures', () => {
  if (!HAVE_SHARED) console.warn(SKIP_REASON);

  it('the 10-hour file: the whole span, every packet once', async () => {
    const truth = truthFor('zeek-rotation-rawip.pcap');
    const r = await open('zeek-rotation-rawip.pcap');
    const t = await r.svc.handle('timeline:range', {});
    expect(t.ok).toBe(true);
    const tl = (t as { value: TimelineRange }).value;
    expect(tl.to - tl.from).toBeCloseTo(Number(truth.max_ts_epoch) - Number(truth.min_ts_epoch), 3);
    expect(tl.to - tl.from).toBeGreaterThan(9.9 * 3600);
    expect(tl.bucketSec).toBe(120);
    expect(tl.points.reduce((n, p) => n + p.packets, 0)).toBe(truth.packets);
    expect(tl.points[0].t).toBeLessThanOrEqual(tl.from);
    expect(tl.points.at(-1)!.t + tl.bucketSec).toBeGreaterThan(tl.to);
  });

  it('a time filter counts the packets tshark counts in the same range', async () => {
    const name = 'cs-http_espn.pcapng';
    const truth = truthFor(name);
    const r = await open(name);
    const from = Number(truth.min_ts_epoch) + 0.5;
    const to = Number(truth.min_ts_epoch) + 1.25;
    const f = await r.svc.handle('view:setFilter', {
      protocol: '',
      src: '',
      dst: '',
      port: null,
      host: '',
      time: { from, to },
    });
    expect(f.ok).toBe(true);
    const snap = r.svc.current!.snapshot();
    const tshark = execFileSync(
      'tshark',
      [
        '-r',
        samplePath(name),
        '-Y',
        `frame.time_epoch >= ${from} && frame.time_epoch <= ${to}`,
        '-T',
        'fields',
        '-e',
        'frame.number',
      ],
      { encoding: 'utf8' },
    )
      .trim()
      .split('\n')
      .filter(Boolean).length;
    expect(tshark).toBeGreaterThan(0);
    expect(snap.totals.packets).toBe(tshark);
    expect(snap.counts.packetsMatching).toBe(tshark);
    const t = await r.svc.handle('timeline:range', { from, to });
    expect((t as { value: TimelineRange }).value.points.reduce((n, p) => n + p.packets, 0)).toBe(tshark);
  });

  it('follows the HTTP conversation of zeek-wikipedia.pcap: the request as text', async () => {
    const r = await open('zeek-wikipedia.pcap');
    const page = await r.svc.handle('flows:page', {
      offset: 0,
      limit: 100,
      sort: 'bytes',
      descending: true,
      search: '',
    });
    const flows = (page as { value: FlowsPage }).value.rows;
    const http = flows.find((f) => f.protocol === 'tcp' && f.bPort === 80)!;
    expect(http).toBeDefined();
    const s = await r.svc.handle('stream:follow', {
      protocol: 'tcp',
      a: http.a,
      aPort: http.aPort,
      b: http.b,
      bPort: http.bPort,
    });
    expect(s.ok).toBe(true);
    const st = (s as { value: StreamText }).value;
    expect(st.chunks[0].fromA).toBe(true);
    expect(st.chunks[0].text).toMatch(/^GET \/\S* HTTP\/1\.[01]\r\nHost: /);
    expect(st.chunks.some((c) => !c.fromA && /^HTTP\/1\.[01] \d{3}/.test(c.text))).toBe(true);
    expect(st.bytesAtoB).toBeGreaterThan(0);
    expect(await r.svc.handle('stream:follow', { protocol: 'icmp', a: '', aPort: 0, b: '', bPort: 0 })).toMatchObject({
      ok: false,
    });
  });
});
