/**
 * The renderer's pieces for issue 12: the end a middle ellipsis keeps, one colour per protocol
 * (UDP the same in every chart), Wireshark's row colours, chart time ticks, the timeline's
 * question (zoom, live window, whole session) and the filter's time and host parts.
 */
import { describe, expect, it } from 'vitest';
import { splitEnd } from '../../renderer/lib/middle.js';
import { protocolColor, isApplication, plainName } from '../../renderer/lib/protocols.js';
import { rowColour } from '../../renderer/lib/packet-colours.js';
import { bucketText, formatTick } from '../../renderer/lib/time-format.js';
import { LIGHT_PALETTE } from '../../renderer/charts/palette.js';
import { throughputChart, protocolChart } from '../../renderer/charts/configs.js';
import { TimelineState } from '../../renderer/state/timeline.svelte.js';
import { FiltersState, sameFilter, EMPTY_FILTER } from '../../renderer/state/filters.svelte.js';
import { FakeApi } from './fake-api.js';

describe('names that fit', () => {
  it('keeps the port, or the end of a name', () => {
    expect(splitEnd('10.88.0.2:8000')).toEqual(['10.88.0.2', ':8000']);
    expect(splitEnd('[2001:db8::1]:443')).toEqual(['[2001:db8::1', ']:443']);
    expect(splitEnd('2001:db8::1')[1]).toBe('2001:db8::1'.slice(-10));
    expect(splitEnd('upload.wikimedia.org')).toEqual(['upload.wik', 'imedia.org']);
  });
});

describe('one colour per protocol', () => {
  it('UDP is the same colour in the throughput stacks and the protocol chart', () => {
    const pt = {
      t: 1,
      packets: 1,
      bytes: 10,
      in: { tcp: 0, udp: 10, icmp: 0, other: 0 },
      out: { tcp: 0, udp: 0, icmp: 0, other: 0 },
    };
    const tp = throughputChart([pt], LIGHT_PALETTE);
    const udpIn = tp.data.datasets.find((d) => d.label === 'UDP in')!;
    const pc = protocolChart(
      [
        { protocol: 'udp', packets: 1, bytes: 10 },
        { protocol: 'dns', packets: 1, bytes: 10 },
      ],
      LIGHT_PALETTE,
    );
    expect((pc.data.datasets[0].backgroundColor as string[])[0]).toBe(udpIn.borderColor);
    // by name, not by rank: the same list in another order keeps each colour
    const again = protocolChart(
      [
        { protocol: 'dns', packets: 2, bytes: 1 },
        { protocol: 'udp', packets: 1, bytes: 1 },
      ],
      LIGHT_PALETTE,
    );
    expect((again.data.datasets[0].backgroundColor as string[])[1]).toBe(udpIn.borderColor);
    expect(protocolColor('dns', LIGHT_PALETTE)).not.toBe(protocolColor('http', LIGHT_PALETTE));
    expect(protocolColor('dns', LIGHT_PALETTE)).not.toBe(protocolColor('ip', LIGHT_PALETTE));
  });

  it('plain names and applications', () => {
    expect(plainName('dns', { dns: 'DNS: name lookups' })).toBe('DNS: name lookups');
    expect(plainName('xyz')).toBe('XYZ');
    expect(isApplication('dns')).toBe(true);
    expect(isApplication('eth')).toBe(false);
  });
});

describe("Wireshark's row colours", () => {
  it('SYN/FIN, RST, bad TCP', () => {
    expect(rowColour({ protocol: 'tcp', info: '45691 → 80 [SYN] Seq=0' })).toBe('syn');
    expect(rowColour({ protocol: 'tcp', info: '80 → 45691 [RST, ACK]' })).toBe('rst');
    expect(rowColour({ protocol: 'tcp', info: '[TCP Retransmission] 1 → 2 [ACK]' })).toBe('bad');
    expect(rowColour({ protocol: 'arp', info: 'Who has 10.0.0.1?' })).toBe('arp');
    expect(rowColour({ protocol: 'http', info: 'GET / HTTP/1.1' })).toBe('none');
  });
});

describe('time that fits', () => {
  it('ticks and bucket sizes read for the span shown', () => {
    const t = new Date(2024, 0, 5, 14, 3, 27, 250).getTime() / 1000;
    expect(formatTick(t, 0.5)).toBe('14:03:27.250');
    expect(formatTick(t, 120)).toBe('14:03:27');
    expect(formatTick(t, 10 * 3600)).toBe('14:03');
    expect(formatTick(t, 5 * 86400)).toBe('Jan 5 14:03');
    expect(bucketText(0.01)).toBe('10 ms');
    expect(bucketText(120)).toBe('2 min');
  });

  it('asks for the zoom, the live window (no older than the start), or the whole session', async () => {
    const api = new FakeApi().handle('timeline:range', (a) => ({
      ok: true,
      value: {
        from: a.from ?? 0,
        to: a.to ?? 0,
        bucketSec: 1,
        points: [],
        directions: true,
        paused: [],
        session: null,
      },
    }));
    const tl = new TimelineState(api, () => 1000);
    expect(tl.args(true, null, 990)).toEqual({ from: 990, to: 1000, buckets: 240 });
    expect(tl.args(true, null, 0)).toEqual({ from: 400, to: 1000, buckets: 240 });
    tl.setWindow('session');
    expect(tl.args(true, null, 0)).toEqual({ buckets: 240 });
    expect(tl.args(false, { from: 5, to: 9 })).toEqual({ from: 5, to: 9, buckets: 240 });
    await tl.refresh(false, { from: 5, to: 9 });
    expect(tl.range?.from).toBe(5);
  });
});

describe('filters: time and hosts', () => {
  it('a zoom and a drill-down are sent with the typed parts, and a new session drops them', async () => {
    const api = new FakeApi().handle('view:setFilter', (f) => ({ ok: true, value: f }));
    const f = new FiltersState(api, { debounceMs: 0 });
    await f.setTime({ from: 1, to: 2 });
    expect(api.callsTo('view:setFilter').at(-1)).toEqual({ ...EMPTY_FILTER, time: { from: 1, to: 2 } });
    await f.show({ ...EMPTY_FILTER, hosts: ['10.0.0.1', '10.0.0.2'], port: 80 });
    expect(f.hosts).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(f.time).toBeNull();
    expect(f.active).toBe(true);
    await f.dropDrill();
    expect(api.callsTo('view:setFilter').at(-1)).toEqual({ ...EMPTY_FILTER, port: 80 });
    expect(sameFilter({ ...EMPTY_FILTER, time: { from: 1, to: 2 } }, EMPTY_FILTER)).toBe(false);
  });
});
