/**
 * Passive RTT against tshark on every sample: each ICMP echo pair equals `icmp.resptime` /
 * `icmpv6.resptime` (to 0.01 ms), and each TCP stream's handshake RTT equals
 * `tcp.analysis.initial_rtt` where tshark gives one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../src/session/analyze-file.js';
import { HAVE_SHARED, SKIP_REASON, sampleNames, samplePath } from '../helpers/shared-pcaps.js';

const HAVE_TSHARK = existsSync('/usr/bin/tshark');

function tsharkFields(path: string, filter: string, fields: string[]): string[][] {
  // tshark exits non-zero on a file cut short after printing every whole frame: read its output regardless.
  const r = spawnSync('tshark', ['-n', '-r', path, '-Y', filter, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return r.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t'));
}

describe.skipIf(!HAVE_SHARED || !HAVE_TSHARK)('passive RTT equals tshark', () => {
  const names = sampleNames();
  const echo = names.map((name) => ({
    name,
    pairs: tsharkFields(samplePath(name), 'icmp.resptime or icmpv6.resptime', [
      'frame.number',
      'icmp.resptime',
      'icmpv6.resptime',
    ]).map(([frame, v4, v6]) => ({ frame: Number(frame), ms: Number(v4 || v6) })),
  }));
  const handshakes = names.map((name) => {
    const rows = tsharkFields(samplePath(name), 'tcp.analysis.initial_rtt', ['tcp.stream', 'tcp.analysis.initial_rtt']);
    const byStream = new Map<number, number>();
    for (const [stream, s] of rows) if (!byStream.has(Number(stream))) byStream.set(Number(stream), Number(s));
    return { name, byStream };
  });

  it('the samples hold echo pairs and handshakes to compare', () => {
    expect(echo.reduce((n, e) => n + e.pairs.length, 0)).toBeGreaterThanOrEqual(19);
    expect(handshakes.reduce((n, h) => n + h.byStream.size, 0)).toBeGreaterThanOrEqual(500);
  });

  it.each(echo.filter((e) => e.pairs.length > 0))('$name: every ICMP echo pair', ({ name, pairs }) => {
    const r = analyzeFile(samplePath(name));
    if (!r.ok) throw new Error(r.error.message);
    const ours = new Map(
      r.value.pipeline.analyzer.rtt.samples
        .filter((s) => s.method === 'icmp-echo')
        .map((s) => [s.frame, s.seconds * 1000]),
    );
    for (const p of pairs) {
      const got = ours.get(p.frame);
      expect(got, `frame ${p.frame}`).toBeDefined();
      expect(Math.abs((got ?? NaN) - p.ms), `frame ${p.frame}: ours ${got} ms, tshark ${p.ms} ms`).toBeLessThan(0.01);
    }
    expect(ours.size).toBe(pairs.length);
  });

  it.each(handshakes.filter((h) => h.byStream.size > 0))(
    '$name: TCP handshake RTT per stream',
    ({ name, byStream }) => {
      const r = analyzeFile(samplePath(name));
      if (!r.ok) throw new Error(r.error.message);
      const streams = r.value.pipeline.analyzer.tcpStreams;
      const rows = Array.from({ length: streams.end }, (_, id) => ({ initialRtt: streams.initialRtt(id) }));
      const bad: string[] = [];
      for (const [stream, s] of byStream) {
        const ours = rows[stream]?.initialRtt ?? -1;
        if (!(Math.abs(ours - s) < 1e-5)) bad.push(`stream ${stream}: ours ${ours}, tshark ${s}`);
      }
      expect(bad).toEqual([]);
      // The report aggregates them per server.
      const total = r.value.report.rtt.filter((x) => x.method === 'tcp-handshake').reduce((n, x) => n + x.samples, 0);
      expect(total).toBe(rows.filter((s) => s.initialRtt >= 0).length);
    },
  );
});

describe.skipIf(HAVE_SHARED && HAVE_TSHARK)('passive RTT (skipped)', () => {
  it.skip(HAVE_SHARED ? 'tshark is not installed (apt-get install tshark)' : SKIP_REASON, () => {});
});
