/**
 * TCP retransmissions against tshark's `tcp.analysis.retransmission` (which includes fast and
 * spurious retransmissions), on every sample capture that has any: within 5%.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../src/session/analyze-file.js';
import { HAVE_SHARED, SKIP_REASON, sampleNames, samplePath } from '../helpers/shared-pcaps.js';

const HAVE_TSHARK = existsSync('/usr/bin/tshark');

function tsharkRetransmissions(path: string): number {
  // tshark exits non-zero on a file cut short, after printing every whole frame: read its output regardless.
  const r = spawnSync(
    'tshark',
    ['-n', '-r', path, '-Y', 'tcp.analysis.retransmission', '-T', 'fields', '-e', 'frame.number'],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  return r.stdout.split('\n').filter((l) => l.trim() !== '').length;
}

describe.skipIf(!HAVE_SHARED || !HAVE_TSHARK)('TCP retransmissions equal tshark within 5%', () => {
  const rows = sampleNames().map((name) => ({ name, tshark: tsharkRetransmissions(samplePath(name)) }));

  it('some samples have retransmissions', () => {
    expect(rows.filter((r) => r.tshark > 0).length).toBeGreaterThan(0);
  });

  it.each(rows.filter((r) => r.tshark > 0))('$name: tshark $tshark', ({ name, tshark }) => {
    const r = analyzeFile(samplePath(name));
    if (!r.ok) throw new Error(r.error.message);
    const ours = r.value.report.retransmissions.packets;
    expect(Math.abs(ours - tshark)).toBeLessThanOrEqual(Math.floor(tshark * 0.05));
  });

  it.each(rows.filter((r) => r.tshark === 0))('$name: none where tshark sees none', ({ name }) => {
    const r = analyzeFile(samplePath(name));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.report.retransmissions.packets).toBe(0);
  });
});

describe.skipIf(HAVE_SHARED && HAVE_TSHARK)('retransmissions (skipped)', () => {
  it.skip(HAVE_SHARED ? 'tshark is not installed (apt-get install tshark)' : SKIP_REASON, () => {});
});
