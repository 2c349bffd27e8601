/**
 * The verdict over the examples of issue 15: the delay at the Wi-Fi router, at the provider, only
 * at one site; rate limiting and slow-answering routers that are not problems; distance that is not
 * a fault; delay that comes only under load (bufferbloat).
 */
import { describe, expect, it } from 'vitest';
import type { WifiLink } from '../../src/api/wifi.js';
import { overallVerdict, pathVerdict } from '../../src/probe/path/path-verdict.js';
import { emptyLink } from '../../src/probe/wifi/wifi-channel.js';
import { makePath, T0, target } from '../helpers/path-fixtures.js';

const base = (hop: number) => 0.5 + hop * 0.3;
const wobble = (round: number) => (round % 3) * 0.4;

function wifi(signalDbm: number): WifiLink {
  return { ...emptyLink('wlan0'), connected: true, signalDbm, band: '2.4 GHz', channel: 6, freqMhz: 2437 };
}

describe('path verdict', () => {
  it('delay from hop 1 on: the Wi-Fi router, with the signal', () => {
    const p = makePath(4, (h, r) => base(h) + 80 + wobble(r));
    const v = pathVerdict({ path: p, wifi: wifi(-78) });
    expect(v.place).toBe('home');
    expect(v.hop).toBe(1);
    expect(v.addedMs).toBeCloseTo(80.8, 0);
    expect(v.title).toMatch(
      /^The delay starts at your Wi-Fi router \(hop 1: \+81 ms while your Wi-Fi signal is -78 dBm on 2\.4 GHz channel 6\)$/,
    );
    expect(v.action).toMatch(/move closer to the router \(-78 dBm is weak/i);
    expect(v.action).toMatch(/5 GHz/);
    expect(v.evidence).toMatchObject({ hop: 1, wifiSignalDbm: -78 });
  });

  it('delay from hop 2 on: the provider, not your home', () => {
    const p = makePath(4, (h, r) => base(h) + (h >= 2 ? 40 : 0) + wobble(r));
    const v = pathVerdict({ path: p });
    expect(v.place).toBe('provider');
    expect(v.hop).toBe(2);
    expect(v.addedMs).toBeGreaterThan(39);
    expect(v.addedMs).toBeLessThan(41);
    expect(v.title).toBe('The delay starts at hop 2 (your provider), not in your home');
  });

  it('names the provider by its AS where known, and hops in other networks as beyond it', () => {
    const asn = (h: number) => (h === 1 ? null : h <= 4 ? 64500 : 64511);
    const p = makePath(6, (h, r) => base(h) + (h >= 4 ? 35 : 0) + wobble(r), { asn });
    expect(pathVerdict({ path: p })).toMatchObject({ place: 'provider', hop: 4 });
    expect(pathVerdict({ path: p }).title).toMatch(/hop 4 \(your provider, AS64500\)/);
    // a delay entering another network is distance, not a fault
    const far = makePath(6, (h, r) => base(h) + (h >= 5 ? 70 : 0) + wobble(r), { asn });
    expect(pathVerdict({ path: far }).place).toBe('none');
  });

  it('delay only at the destination: only that site is slow', () => {
    const p = makePath(4, (h, r) => base(h) + (h === 4 ? 45 : 0) + wobble(r));
    const alone = pathVerdict({ path: p });
    expect(alone).toMatchObject({ place: 'destination', hop: 4 });
    expect(alone.title).toBe('dest.example itself is slow');
    const compared = pathVerdict({ path: p, others: [target('1.1.1.1', 5), target('9.9.9.9', 7)] });
    expect(compared.title).toBe('Only dest.example is slow; the rest of the internet is fine');
  });

  it('a destination that never answers the path probes is read from its own pings', () => {
    const p = makePath(3, (h, r) => base(h) + wobble(r), { reached: false });
    const dest = target('dest.example', 60);
    expect(pathVerdict({ path: p, destination: dest, others: [target('1.1.1.1', 6)] })).toMatchObject({
      place: 'destination',
      hop: 4,
    });
    // past silent routers its delay may be distance: without faster targets to compare, no verdict
    expect(pathVerdict({ path: p, destination: dest }).place).toBe('none');
  });

  it('loss at one router only is rate limiting, not a verdict', () => {
    const p = makePath(4, (h, r) => (h === 2 && r % 2 === 0 ? null : base(h) + wobble(r)));
    expect(pathVerdict({ path: p })).toMatchObject({ place: 'none', title: 'The path to dest.example looks healthy' });
  });

  it('a router that answers slowly itself is not a delay of the path', () => {
    const p = makePath(4, (h, r) => (h === 2 ? 90 : base(h)) + wobble(r));
    expect(pathVerdict({ path: p }).place).toBe('none');
  });

  it('loss that starts at the provider and continues', () => {
    const p = makePath(4, (h, r) => (h >= 2 && r % 10 === 0 ? null : base(h) + wobble(r)));
    const v = pathVerdict({ path: p });
    expect(v).toMatchObject({ place: 'provider', hop: 2, addedMs: null });
    expect(v.lossPct).toBeCloseTo(10, 5);
    expect(v.title).toBe('The loss starts at hop 2 (your provider), not in your home');
  });

  it('delay that comes only while this machine downloads is bufferbloat, not the provider', () => {
    const loaded = (r: number) => r >= 10 && r < 20;
    const p = makePath(4, (h, r) => base(h) + (loaded(r) && h >= 2 ? 150 : 0) + wobble(r));
    const loadAt = (t: number): 'loaded' | 'idle' => (loaded((t - T0) / 1000) ? 'loaded' : 'idle');
    const v = pathVerdict({ path: p, loadAt });
    expect(v.place).toBe('load');
    expect(v.title).toMatch(/bufferbloat, not your provider/);
    expect(v.action).toMatch(/bufferbloat suggestion/);
    // the same delay while idle as well is the provider's
    const always = makePath(4, (h, r) => base(h) + (h >= 2 ? 150 : 0) + wobble(r));
    expect(pathVerdict({ path: always, loadAt }).place).toBe('provider');
  });

  it('a healthy path says so, and the overall verdict picks the most telling', () => {
    const ok = pathVerdict({ path: makePath(4, (h, r) => base(h) + wobble(r)) });
    expect(ok.place).toBe('none');
    expect(ok.why).toMatch(/^4 hops, \d\.\d ms to dest\.example/);
    const home = pathVerdict({ path: makePath(4, (h) => base(h) + 50) });
    expect(overallVerdict([ok, home])?.place).toBe('home');
    expect(overallVerdict([])).toBeNull();
  });
});

describe('a path that ends', () => {
  it('names the router that says the destination cannot be reached', () => {
    const p = { ...makePath(3, (h) => 1 + h, { reached: false }), end: { ttl: 3, reason: 'network unreachable' } };
    const v = pathVerdict({ path: p });
    expect(v).toMatchObject({ place: 'provider', hop: 3, hopAddress: '10.0.3.1', lossPct: 100 });
    expect(v.title).toBe('dest.example cannot be reached: hop 3 (10.0.3.1) says "network unreachable"');
  });
});
