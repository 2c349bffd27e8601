/** Alert settings: defaults, a settings file merged over them, validation naming the field; text helpers. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultAlertSettings, resolveAlertConfig } from '../../src/alerts/config.js';
import { loadAlertConfig } from '../../src/alerts/config-file.js';
import { alertLine, alertSections } from '../../src/alerts/alert-lines.js';
import { cleanText, count, duration, listSome } from '../../src/alerts/summary-format.js';

const dir = mkdtempSync(join(tmpdir(), 'nl-alert-cfg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('alert settings', () => {
  it('an empty file is the defaults; a subset overrides only what it names', () => {
    const r = resolveAlertConfig({});
    expect(r.ok && r.value.settings).toEqual(defaultAlertSettings());
    const m = resolveAlertConfig({
      portScan: { threshold: 100 },
      latency: { rttMs: 150 },
      accessAttempts: { remotePorts: [22, 2200] },
    });
    expect(m.ok).toBe(true);
    if (!m.ok) return;
    expect(m.value.settings.portScan).toMatchObject({ threshold: 100, sweepHosts: 50, windowSec: 60 });
    expect(m.value.settings.latency.rttMs).toBe(150);
    expect(m.value.settings.accessAttempts.remotePorts).toEqual([22, 2200]);
    expect(m.value.delivery).toEqual({ webhook: null, email: null });
  });

  it.each([
    [{ portScan: { treshold: 5 } }, /unknown field 'portScan\.treshold'/],
    [{ portScan: { threshold: 'many' } }, /portScan\.threshold must be a number/],
    [{ portScan: { threshold: 0 } }, /portScan\.threshold must be a number above 0/],
    [{ hostFlood: { oneSidedRatio: 3 } }, /hostFlood\.oneSidedRatio must be a fraction/],
    [{ trafficSpike: { minBaselineSec: 500 } }, /trafficSpike\.minBaselineSec/],
    [{ accessAttempts: { remotePorts: [70000] } }, /accessAttempts\.remotePorts/],
    [[1, 2], /must be an object/],
  ])('%j is refused: %s', (input, msg) => {
    const r = resolveAlertConfig(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('usage');
      expect(r.error.message).toMatch(msg);
    }
  });

  it('a settings file, then the flags over it', () => {
    const f = join(dir, 'alerts.json');
    writeFileSync(
      f,
      JSON.stringify({ portScan: { threshold: 80 }, hostFlood: { threshold: 9000, dhcpPerClient: 10 } }),
    );
    const r = loadAlertConfig({ configFile: f, portScanThreshold: 25, hostFloodThreshold: null });
    expect(
      r.ok && [
        r.value.settings.portScan.threshold,
        r.value.settings.hostFlood.threshold,
        r.value.settings.hostFlood.dhcpPerClient,
      ],
    ).toEqual([25, 9000, 10]);
    writeFileSync(f, '{ not json');
    const bad = loadAlertConfig({ configFile: f });
    expect(!bad.ok && bad.error.message).toMatch(/is not valid JSON/);
    const missing = loadAlertConfig({ configFile: join(dir, 'nope.json') });
    expect(!missing.ok && missing.error.code).toBe('file-not-found');
  });
});

describe('alert text', () => {
  it('cleans control, bidi and zero-width characters and cuts long text', () => {
    expect(cleanText('evil\u001b[2J\u202ecom\u200b\r\nx')).toBe('evil?[2J?com???x');
    expect(cleanText('a'.repeat(50), 10)).toBe('aaaaaaaaa…');
  });

  it('numbers and durations in words', () => {
    expect([count(0), count(999), count(1000), count(1234567.4), count(-4200)]).toEqual([
      '0',
      '999',
      '1,000',
      '1,234,567',
      '-4,200',
    ]);
    expect([duration(0.0162), duration(0.5), duration(1), duration(23.4), duration(300), duration(9000)]).toEqual([
      '0.016 seconds',
      '0.50 seconds',
      '1 second',
      '23 seconds',
      '5 minutes',
      '2.5 hours',
    ]);
    expect([listSome([1]), listSome([1, 2]), listSome([1, 2, 3]), listSome([1, 2, 3, 4, 5, 6, 7], 3)]).toEqual([
      '1',
      '1 and 2',
      '1, 2 and 3',
      '1, 2, 3 and 4 more',
    ]);
  });

  it('terminal lines and report sections never carry control characters', () => {
    const a = {
      id: 'a1',
      type: 'dns-anomaly' as const,
      severity: 'warning' as const,
      firstTime: 1_700_000_000,
      lastTime: 1_700_000_001,
      source: 'x',
      target: 'y',
      summary: 'bad\u0007name\u001b]0;pwned\u0007',
      evidence: {},
      updates: 0,
    };
    const line = alertLine(a);
    expect(line).toMatch(/^netlens: alert \[warning\] dns-anomaly \(\d\d:\d\d:\d\d\): bad\?name\?\]0;pwned\?\n$/);
    const text = alertSections([a], [{ id: 's', kind: 'mtu', title: 't\u001bx', why: 'w', action: 'a', evidence: {} }]);
    expect([...text].some((c) => c !== '\n' && c.charCodeAt(0) < 0x20)).toBe(false);
  });
});
