/**
 * The path verdict as the alert engine gives it: a suggestion when the path shows trouble, read
 * with the traffic the engine counted: a delay in the rounds taken while this machine downloaded,
 * and not in the idle ones, is bufferbloat, not the provider (the same busy/idle split as the
 * bufferbloat advice).
 */
import { describe, expect, it } from 'vitest';
import { makePath, probeSnapshot, T0 } from '../helpers/path-fixtures.js';
import { Traffic } from './traffic.js';

const loaded = (r: number) => r >= 10 && r < 20;

/** 30 seconds of traffic from T0: a download (about 1.4 MB/s) in seconds 10–19, a trickle otherwise. */
function traffic(): Traffic {
  const tr = new Traffic({}, T0 / 1000);
  for (let r = 0; r < 31; r++) {
    const frames = loaded(r) ? 1000 : 1;
    for (let k = 0; k < frames; k++) tr.udpFrame('203.0.113.5', '192.168.1.20', 443, 50000, [], 1 / frames, 1400);
  }
  return tr;
}

const base = (hop: number) => 0.5 + hop * 0.3;

describe('path advice', () => {
  it('a delay only while this machine downloads: bufferbloat, not the provider', () => {
    const tr = traffic();
    const path = makePath(4, (h, r) => base(h) + (loaded(r) && h >= 2 ? 120 : 0));
    tr.engine.ingestProbe({ snapshot: probeSnapshot([path]), samples: [] });
    const [v] = tr.engine.pathVerdicts();
    expect(v).toMatchObject({ place: 'load', hop: 2 });
    const s = tr.engine.suggestions().find((x) => x.kind === 'path');
    expect(s?.title).toBe(
      'The delay comes only while this machine moves a lot of data: bufferbloat, not your provider',
    );
    expect(s?.evidence).toMatchObject({ place: 'load', underLoadOnly: true });
  });

  it('the same delay idle too: the provider', () => {
    const tr = traffic();
    const path = makePath(4, (h) => base(h) + (h >= 2 ? 120 : 0));
    tr.engine.ingestProbe({ snapshot: probeSnapshot([path]), samples: [] });
    expect(tr.engine.pathVerdicts()[0]).toMatchObject({ place: 'provider', hop: 2 });
    expect(tr.engine.suggestions().find((x) => x.kind === 'path')?.title).toBe(
      'The delay starts at hop 2 (your provider), not in your home',
    );
  });

  it('a healthy path: a verdict that says so, and no suggestion', () => {
    const tr = traffic();
    tr.engine.ingestProbe({ snapshot: probeSnapshot([makePath(4, (h) => base(h))]), samples: [] });
    expect(tr.engine.pathVerdicts()[0].place).toBe('none');
    expect(tr.engine.suggestions().some((x) => x.kind === 'path')).toBe(false);
  });
});
