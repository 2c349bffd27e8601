/**
 * Each detector on traffic built by the test (hand-made frames through the real pipeline): it
 * fires on the pattern, says why with numbers, stays quiet on the look-alike that is normal, and
 * keeps one alert per incident.
 */
import { describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../../src/api/alerts.js';
import { ascii } from '../decode/build-frames.js';
import { ACK, FIN, PSH, RST, SYN, Traffic, URG, mac } from './traffic.js';

const of = (alerts: Alert[], type: Alert['type']) => alerts.filter((a) => a.type === type);

describe('port-scan', () => {
  function synScan(tr: Traffic, ports: number[], open: number[] = []): void {
    for (const port of ports) {
      tr.tcpFrame('10.0.0.5', '10.0.0.2', 40000, port, SYN, { seq: 7, dt: 0.0005 });
      if (open.includes(port))
        tr.tcpFrame('10.0.0.2', '10.0.0.5', port, 40000, SYN | ACK, { seq: 99, ack: 8, dt: 0.0005 });
      else tr.tcpFrame('10.0.0.2', '10.0.0.5', port, 40000, RST | ACK, { seq: 0, ack: 8, dt: 0.0005 });
    }
  }

  it('a SYN scan of 200 ports: one alert naming scanner, target, the count and the open ports', () => {
    const tr = new Traffic();
    synScan(
      tr,
      Array.from({ length: 200 }, (_, i) => i + 1),
      [22, 80],
    );
    tr.advance(5);
    const { alerts } = tr.end();
    const scans = of(alerts, 'port-scan');
    expect(scans).toHaveLength(1);
    expect(scans[0]).toMatchObject({ severity: 'warning', source: '10.0.0.5', target: '10.0.0.2' });
    expect(scans[0].summary).toBe(
      '10.0.0.5 tried 200 TCP ports on 10.0.0.2 in 0.20 seconds (a SYN scan); 2 ports answered (open): 22 and 80.',
    );
    expect(scans[0].evidence).toMatchObject({
      distinctPorts: 200,
      unanswered: 198,
      openPorts: [22, 80],
      threshold: 50,
    });
  });

  it('below the threshold nothing; the threshold comes from the settings (--port-scan-threshold)', () => {
    const quiet = new Traffic();
    synScan(
      quiet,
      Array.from({ length: 40 }, (_, i) => 1000 + i),
    );
    expect(of(quiet.end().alerts, 'port-scan')).toHaveLength(0);
    const strict = new Traffic((s) => (s.portScan.threshold = 30));
    synScan(
      strict,
      Array.from({ length: 40 }, (_, i) => 1000 + i),
    );
    expect(of(strict.end().alerts, 'port-scan')).toHaveLength(1);
  });

  it.each([
    ['FIN', FIN],
    ['NULL', 0],
    ['Xmas', FIN | PSH | URG],
  ])('a %s scan is a scan whatever the answers', (name, flags) => {
    const tr = new Traffic();
    for (let port = 1; port <= 80; port++) {
      tr.tcpFrame('10.0.0.5', '10.0.0.2', 50000, port, flags, { dt: 0.001 });
      if (port % 2) tr.tcpFrame('10.0.0.2', '10.0.0.5', port, 50000, RST | ACK, { dt: 0.001 });
    }
    tr.advance(4);
    const scans = of(tr.end().alerts, 'port-scan');
    expect(scans).toHaveLength(1);
    expect(scans[0].summary).toContain(`(a ${name} scan)`);
    expect(scans[0].evidence.scanType).toEqual([name]);
  });

  it('a UDP scan (closed ports answer ICMP port unreachable) is a UDP port scan', () => {
    const tr = new Traffic();
    for (let port = 100; port < 180; port++) {
      tr.udpFrame('10.0.0.5', '10.0.0.2', 61000, port, [], 0.002);
      if (port % 3 === 0) tr.unreachable('10.0.0.2', '10.0.0.5', 3, '10.0.0.2', 61000, port, 0.001);
    }
    tr.advance(4);
    const scans = of(tr.end().alerts, 'port-scan');
    expect(scans).toHaveLength(1);
    expect(scans[0].summary).toMatch(
      /^10\.0\.0\.5 tried 80 UDP ports on 10\.0\.0\.2 .*\(a UDP scan\); none answered\.$/,
    );
  });

  it('many ports that all answer (passive FTP data connections) are not a scan', () => {
    const tr = new Traffic();
    for (let i = 0; i < 120; i++) {
      const port = 30000 + i;
      tr.tcpFrame('10.0.0.5', '10.0.0.2', 45000 + i, port, SYN, { seq: 1, dt: 0.01 });
      tr.tcpFrame('10.0.0.2', '10.0.0.5', port, 45000 + i, SYN | ACK, { seq: 5, ack: 2, dt: 0.01 });
      tr.tcpFrame('10.0.0.5', '10.0.0.2', 45000 + i, port, ACK, { seq: 2, ack: 6, dt: 0.01 });
    }
    tr.advance(5);
    expect(of(tr.end().alerts, 'port-scan')).toHaveLength(0);
  });

  it('the same port on 60 silent hosts is a sweep; on 60 hosts that answer it is browsing', () => {
    const sweep = new Traffic();
    for (let h = 1; h <= 60; h++) sweep.tcpFrame('10.0.0.5', `10.0.1.${h}`, 41000 + h, 445, SYN, { dt: 0.01 });
    sweep.advance(5);
    const s = of(sweep.end().alerts, 'port-scan');
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ source: '10.0.0.5', target: 'port 445 on 60 hosts' });
    expect(s[0].summary).toMatch(/tried TCP port 445 on 60 hosts .*sweep\); 60 did not answer/);

    const browse = new Traffic();
    for (let h = 1; h <= 60; h++) {
      browse.tcpFrame('10.0.0.5', `10.0.1.${h}`, 41000 + h, 443, SYN, { seq: 1, dt: 0.01 });
      browse.tcpFrame(`10.0.1.${h}`, '10.0.0.5', 443, 41000 + h, SYN | ACK, { seq: 9, ack: 2, dt: 0.01 });
    }
    browse.advance(5);
    expect(of(browse.end().alerts, 'port-scan')).toHaveLength(0);
  });
});

describe('syn-flood', () => {
  it('500 SYNs to one service that never complete: a syn-flood on that service from its one source', () => {
    const tr = new Traffic();
    for (let i = 0; i < 500; i++) {
      const sport = 1024 + i;
      tr.tcpFrame('10.0.0.9', '10.0.0.2', sport, 80, SYN, { seq: 1000 + i, dt: 0.0005 });
      tr.tcpFrame('10.0.0.2', '10.0.0.9', 80, sport, SYN | ACK, { seq: 5, ack: 1001 + i, dt: 0.0005 });
      tr.tcpFrame('10.0.0.9', '10.0.0.2', sport, 80, RST, { seq: 1001 + i, dt: 0.0005 });
    }
    tr.advance(5);
    const floods = of(tr.end().alerts, 'syn-flood');
    expect(floods).toHaveLength(1);
    expect(floods[0]).toMatchObject({ source: '10.0.0.9', target: '10.0.0.2:80', severity: 'warning' });
    expect(floods[0].summary).toMatch(
      /^10\.0\.0\.2 port 80 got 500 connection attempts \(SYN\) in 0\.7\d seconds from 10\.0\.0\.9, and none completed the handshake: a SYN flood\.$/,
    );
    expect(floods[0].evidence).toMatchObject({ syns: 500, completed: 0, distinctSources: 1 });
  });

  it('a busy server that completes its handshakes is not flooded, and repeated SYNs are not new attempts', () => {
    const tr = new Traffic();
    for (let i = 0; i < 300; i++) {
      const sport = 2000 + i;
      tr.tcpFrame(`10.0.2.${1 + (i % 200)}`, '10.0.0.2', sport, 443, SYN, { seq: 1, dt: 0.001 });
      tr.tcpFrame('10.0.0.2', `10.0.2.${1 + (i % 200)}`, 443, sport, SYN | ACK, { seq: 50, ack: 2, dt: 0.001 });
      tr.tcpFrame(`10.0.2.${1 + (i % 200)}`, '10.0.0.2', sport, 443, ACK, { seq: 2, ack: 51, dt: 0.001 });
    }
    // a client retrying a dead server: the same SYN again and again
    for (let i = 0; i < 150; i++) tr.tcpFrame('10.0.0.7', '10.0.0.3', 3333, 8080, SYN, { seq: 77, dt: 0.02 });
    tr.advance(5);
    expect(of(tr.end().alerts, 'syn-flood')).toHaveLength(0);
  });
});

describe('access-attempts', () => {
  it('refused connections to SSH: a warning that says nothing listens there', () => {
    const tr = new Traffic();
    for (let i = 0; i < 15; i++) {
      tr.tcpFrame('10.0.0.5', '10.0.0.2', 50000 + i, 22, SYN, { seq: 1, dt: 0.001 });
      tr.tcpFrame('10.0.0.2', '10.0.0.5', 22, 50000 + i, RST | ACK, { ack: 2, dt: 1 });
    }
    tr.advance(5);
    const a = of(tr.end().alerts, 'access-attempts');
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ severity: 'warning', source: '10.0.0.5', target: '10.0.0.2:22' });
    expect(a[0].summary).toMatch(
      /^10\.0\.0\.5 tried to reach SSH on 10\.0\.0\.2 15 times in 1\d seconds: 15 refused; nothing listens there\.$/,
    );
    expect(a[0].evidence).toMatchObject({ service: 'SSH', remoteAccess: true, attempts: 15, refused: 15 });
  });

  it('a program retrying a closed ordinary port is info; ICMP port-unreachable counts for UDP', () => {
    const tr = new Traffic();
    for (let i = 0; i < 12; i++) {
      tr.tcpFrame('10.0.0.5', '10.0.0.2', 51000 + i, 5432, SYN, { seq: 1, dt: 0.001 });
      tr.tcpFrame('10.0.0.2', '10.0.0.5', 5432, 51000 + i, RST | ACK, { ack: 2, dt: 2 });
    }
    for (let i = 0; i < 12; i++) {
      tr.udpFrame('10.0.0.6', '10.0.0.2', 52000 + i, 514, ascii('<13>hello'), 0.001);
      tr.unreachable('10.0.0.2', '10.0.0.6', 3, '10.0.0.2', 52000 + i, 514, 1);
    }
    tr.advance(5);
    const a = of(tr.end().alerts, 'access-attempts');
    expect(a.map((x) => [x.target, x.severity])).toEqual([
      ['10.0.0.2:5432', 'info'],
      ['10.0.0.2:514', 'info'],
    ]);
    expect(a[1].summary).toContain('12 refused by ICMP unreachable');
  });

  it('many connections to RDP that succeed: info (automation), not a warning', () => {
    const tr = new Traffic();
    for (let i = 0; i < 25; i++) {
      tr.tcpFrame('10.0.0.5', '10.0.0.2', 53000 + i, 3389, SYN, { seq: 1, dt: 0.01 });
      tr.tcpFrame('10.0.0.2', '10.0.0.5', 3389, 53000 + i, SYN | ACK, { seq: 9, ack: 2, dt: 0.01 });
      tr.tcpFrame('10.0.0.5', '10.0.0.2', 53000 + i, 3389, ACK, { seq: 2, ack: 10, dt: 1 });
    }
    tr.advance(5);
    const a = of(tr.end().alerts, 'access-attempts');
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ severity: 'info', target: '10.0.0.2:3389' });
    expect(a[0].summary).toContain('25 connected');
  });
});

describe('arp-spoof', () => {
  it('an address claimed by a second MAC is a conflict naming both', () => {
    const tr = new Traffic();
    tr.arp(2, mac(1), '192.168.1.1', '192.168.1.20', mac(20), 1);
    tr.arp(2, mac(66), '192.168.1.1', '192.168.1.20', mac(20), 1);
    tr.advance(2);
    const a = of(tr.end().alerts, 'arp-spoof');
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({
      severity: 'warning',
      target: '192.168.1.1',
      source: '02:00:00:00:00:01, 02:00:00:00:00:42',
    });
    expect(a[0].summary).toMatch(/^Two devices claim 192\.168\.1\.1: 02:00:00:00:00:01 and 02:00:00:00:00:42/);
  });

  it('one MAC answering for 12 addresses; a host re-announcing its own address is quiet', () => {
    const tr = new Traffic();
    for (let i = 1; i <= 12; i++) tr.arp(2, mac(7), `192.168.1.${100 + i}`, '192.168.1.2', mac(2), 0.1);
    for (let i = 0; i < 5; i++) tr.arp(1, mac(3), '192.168.1.3', '192.168.1.3', undefined, 10); // gratuitous, same MAC
    tr.advance(2);
    const a = of(tr.end().alerts, 'arp-spoof');
    expect(a).toHaveLength(1);
    expect(a[0].summary).toMatch(/^The device 02:00:00:00:00:07 claims 1[0-2] IP addresses/);
  });
});

describe('host-flood', () => {
  it('a one-sided UDP flood is a warning naming sender and target; a two-way transfer of the same size is info', () => {
    const flood = new Traffic();
    for (let i = 0; i < 25_000; i++) flood.udpFrame('10.0.0.8', '10.0.0.2', 4444, 9999, [1, 2, 3], 0.0002);
    flood.advance(2);
    const f = of(flood.end().alerts, 'host-flood');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'warning', source: '10.0.0.8', target: '10.0.0.2' });
    expect(f[0].summary).toMatch(
      /^10\.0\.0\.8 sent 25,000 packets in 5 seconds .*, mostly to 10\.0\.0\.2, and got 0 back: a flood\.$/,
    );

    const busy = new Traffic();
    for (let i = 0; i < 25_000; i++) {
      busy.udpFrame('10.0.0.8', '10.0.0.2', 4444, 9999, [1, 2, 3], 0.0001);
      if (i % 2) busy.udpFrame('10.0.0.2', '10.0.0.8', 9999, 4444, [4], 0.0001);
    }
    busy.advance(2);
    const b = of(busy.end().alerts, 'host-flood');
    expect(b).toHaveLength(1);
    expect(b[0].severity).toBe('info');
    expect(b[0].summary).toContain('a heavy two-way transfer');
  });

  it('the threshold comes from the settings (--host-flood-threshold)', () => {
    const tr = new Traffic((s) => (s.hostFlood.threshold = 500));
    for (let i = 0; i < 600; i++) tr.udpFrame('10.0.0.8', '10.0.0.2', 4444, 9999, [1], 0.005);
    tr.advance(2);
    expect(of(tr.end().alerts, 'host-flood').map((a) => a.severity)).toEqual(['warning']);
  });
});

describe('traffic-spike', () => {
  it('a burst far above a quiet, learned baseline', () => {
    const tr = new Traffic();
    for (let s = 0; s < 60; s++) for (let i = 0; i < 10; i++) tr.udpFrame('10.0.0.3', '10.0.0.4', 5000, 6000, [1], 0.1);
    for (let s = 0; s < 5; s++)
      for (let i = 0; i < 2000; i++) tr.udpFrame('10.0.0.1', '10.0.0.4', 5001, 6001, new Array(1000).fill(7), 1 / 2000);
    for (let s = 0; s < 3; s++) tr.udpFrame('10.0.0.3', '10.0.0.4', 5000, 6000, [1], 1);
    const sp = of(tr.end().alerts, 'traffic-spike');
    expect(sp).toHaveLength(1);
    expect(sp[0].summary).toMatch(
      /^Traffic jumped to 16\.\d Mbit\/s \(2,000 packets per second\), .* times the usual .*, for 5 seconds; the top sender was 10\.0\.0\.1\.$/,
    );
    expect(sp[0].evidence).toMatchObject({ spikeSeconds: 5, peakPacketsPerSec: 2000, baselinePacketsPerSec: 10 });
  });

  it('steady heavy traffic is no spike, and nothing is called before a baseline exists', () => {
    const tr = new Traffic();
    for (let s = 0; s < 80; s++)
      for (let i = 0; i < 1000; i++) tr.udpFrame('10.0.0.1', '10.0.0.4', 5001, 6001, new Array(200).fill(7), 1 / 1000);
    expect(of(tr.end().alerts, 'traffic-spike')).toHaveLength(0);
  });
});

describe('packet-loss and latency', () => {
  it('a sender resending 10% of its data: packet-loss with the rate', () => {
    const tr = new Traffic();
    let seq = 1;
    const data = new Array(1000).fill(0x41);
    for (let i = 0; i < 600; i++) {
      tr.tcpFrame('10.0.0.1', '10.0.0.2', 5201, 40000, PSH | ACK, { seq, ack: 1, payload: data, dt: 0.005 });
      if (i % 10 === 9)
        tr.tcpFrame('10.0.0.1', '10.0.0.2', 5201, 40000, PSH | ACK, { seq, ack: 1, payload: data, dt: 0.005 });
      seq += 1000;
    }
    tr.advance(6);
    const loss = of(tr.end().alerts, 'packet-loss');
    expect(loss).toHaveLength(1);
    expect(loss[0]).toMatchObject({ source: '10.0.0.1', target: '10.0.0.2' });
    expect(loss[0].summary).toMatch(
      /^10\.0\.0\.1 had to resend (9|10)(\.\d)?% of what it sent \(60 retransmitted segments, [\d.]+ kB of [\d.]+ kB in the last 10 seconds\) to 10\.0\.0\.2: packets are being lost on the way\.$/,
    );
  });

  it('pings: unanswered ones are packet-loss, slower ones a latency rise; traceroute probes are neither', () => {
    const tr = new Traffic();
    for (let s = 0; s < 30; s++) {
      tr.echo('10.0.0.1', '10.0.0.9', 8, 7, s, 0.001);
      tr.echo('10.0.0.9', '10.0.0.1', 0, 7, s, 0.999);
    }
    for (let s = 30; s < 60; s++) {
      tr.echo('10.0.0.1', '10.0.0.9', 8, 7, s, 0.3);
      if (s % 4 !== 0) tr.echo('10.0.0.9', '10.0.0.1', 0, 7, s, 0.7);
      else tr.advance(0.7);
    }
    tr.advance(5);
    const { alerts } = tr.end();
    const lat = of(alerts, 'latency');
    expect(lat).toHaveLength(1);
    expect(lat[0].target).toBe('10.0.0.9');
    expect(lat[0].summary).toMatch(/^Round trips to 10\.0\.0\.9 rose from 1\.0 ms to 300 ms/);
    const loss = of(alerts, 'packet-loss');
    expect(loss).toHaveLength(1);
    expect(loss[0].summary).toMatch(/^10\.0\.0\.9 did not answer \d+(\.\d)?% of pings/);
  });

  it('prober updates: loss and high round trips to a target', () => {
    const tr = new Traffic();
    tr.udpFrame('10.0.0.1', '10.0.0.2', 1, 2, [], 0);
    const t0 = tr.t * 1000;
    const samples = Array.from({ length: 40 }, (_, i) => ({
      seq: i + 1,
      t: t0 + i * 1000,
      rttMs: i % 5 === 0 ? null : 420 + (i % 3),
    }));
    tr.engine.ingestProbe({
      snapshot: {
        t: t0,
        intervalMs: 1000,
        timeoutMs: 1000,
        running: true,
        targets: [],
        paths: [],
        verdicts: [],
        wifi: null,
      },
      samples: [{ host: '1.1.1.1', samples }],
    });
    const { alerts } = tr.end();
    expect(of(alerts, 'packet-loss')[0].summary).toMatch(/^1\.1\.1\.1 did not answer 20% of probes \(8 of 40\)/);
    expect(of(alerts, 'latency')[0].summary).toMatch(/^Round trips to 1\.1\.1\.1 take 42\d ms, above 300 ms/);
  });
});

describe('dns-anomaly', () => {
  it('an NXDOMAIN burst to one client', () => {
    const tr = new Traffic();
    for (let i = 0; i < 60; i++) {
      tr.dns('10.0.0.5', '10.0.0.53', 100 + i, `xkq${i}zzv.example`, null, 0.1);
      tr.dns('10.0.0.5', '10.0.0.53', 100 + i, `xkq${i}zzv.example`, 3, 0.3);
    }
    tr.advance(3);
    const a = of(tr.end().alerts, 'dns-anomaly');
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ severity: 'warning', source: '10.0.0.5' });
    expect(a[0].summary).toMatch(
      /^10\.0\.0\.5 asked for 60 names that do not exist \(NXDOMAIN\) in 2\d seconds, such as xkq0zzv\.example/,
    );
  });

  it('long random-looking names under one domain (tunnelling); ordinary names are quiet', () => {
    const tr = new Traffic();
    const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
    let x = 12345;
    const rnd = (): string =>
      Array.from({ length: 52 }, () => alphabet[((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 16) % 32]).join('');
    for (let i = 0; i < 60; i++) tr.dns('10.0.0.5', '10.0.0.53', 1000 + i, `${rnd()}.t.evil.example`, null, 0.2);
    for (let i = 0; i < 60; i++) tr.dns('10.0.0.6', '10.0.0.53', 3000 + i, `www${i}.wikipedia.org`, null, 0.2);
    tr.advance(3);
    const a = of(tr.end().alerts, 'dns-anomaly');
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ severity: 'warning', source: '10.0.0.5', target: 'evil.example' });
    expect(a[0].summary).toContain('60 DNS queries with long, random-looking names under evil.example');
  });

  it('names from the network are cleaned of control characters before they reach a summary', () => {
    const tr = new Traffic();
    for (let i = 0; i < 60; i++) {
      tr.dns('10.0.0.5', '10.0.0.53', 100 + i, `a\u001b[31mred${i}.example`, null, 0.1);
      tr.dns('10.0.0.5', '10.0.0.53', 100 + i, `a\u001b[31mred${i}.example`, 3, 0.1);
    }
    const a = of(tr.end().alerts, 'dns-anomaly');
    expect(a).toHaveLength(1);
    expect(a[0].summary.includes('\u001b')).toBe(false);
    expect(a[0].summary).toContain('a?[31mred0.example');
  });
});

describe('alert events and incidents', () => {
  it('an ongoing incident is one alert: new once, then paced updates; severity only rises; a throwing listener is counted, not propagated', () => {
    const tr = new Traffic();
    const events: AlertEvent[] = [];
    tr.engine.on('alert', (e) => events.push(e));
    tr.engine.on('alert', () => {
      throw new Error('bad subscriber');
    });
    for (let round = 0; round < 6; round++) {
      for (let p = 1; p <= 100; p++) {
        tr.tcpFrame('10.0.0.5', '10.0.0.2', 40000 + round, round * 100 + p, SYN, { seq: 3, dt: 0.01 });
      }
      tr.advance(10);
    }
    const { alerts } = tr.end();
    expect(of(alerts, 'port-scan')).toHaveLength(1);
    const mine = events.filter((e) => e.alert.type === 'port-scan');
    expect(mine[0].change).toBe('new');
    expect(mine.slice(1).every((e) => e.change === 'update' && e.alert.id === mine[0].alert.id)).toBe(true);
    expect(mine.length).toBeLessThan(20);
    expect(mine.at(-1)!.alert.evidence.distinctPorts).toBe(600);
    expect(tr.engine.listenerErrors).toBeGreaterThan(0);
    const snap = tr.engine.snapshot();
    expect(snap.counts.warning).toBe(1);
    expect(snap.alerts[0].updates).toBe(mine.length - 1);
  });

  it('after a long quiet the same trouble is a new incident', () => {
    const tr = new Traffic();
    for (const gapBefore of [0, 600]) {
      tr.advance(gapBefore);
      for (let p = 1; p <= 80; p++)
        tr.tcpFrame('10.0.0.5', '10.0.0.2', 40000 + gapBefore, p, SYN, { seq: 3, dt: 0.01 });
      tr.advance(5);
      tr.udpFrame('10.0.0.1', '10.0.0.4', 1, 2, [], 0);
    }
    expect(of(tr.end().alerts, 'port-scan')).toHaveLength(2);
  });
});

describe('suggestions', () => {
  it('bufferbloat: RTT under load far above idle RTT, graded, with an SQM rate at 85-95% of the measured speed', () => {
    const tr = new Traffic();
    const chunk = new Array(1200).fill(1);
    for (let s = 0; s < 40; s++) {
      const loaded = s >= 15 && s < 35;
      tr.echo('10.0.0.1', '8.8.8.8', 8, 9, s, 0);
      tr.advance(loaded ? 0.25 : 0.012);
      tr.echo('8.8.8.8', '10.0.0.1', 0, 9, s, 0);
      // a 10 Mbit/s download while loaded: ~1,000 packets of 1,250 bytes a second
      const n = loaded ? 1000 : 2;
      for (let i = 0; i < n; i++) tr.udpFrame('8.8.4.4', '10.0.0.1', 443, 50000, chunk, (loaded ? 0.75 : 0.988) / n);
    }
    tr.advance(2);
    const s = tr.end().suggestions.find((x) => x.kind === 'bufferbloat')!;
    expect(s).toBeDefined();
    expect(s.title).toBe('Your connection has bufferbloat: grade D (+238 ms under load)');
    expect(s.evidence).toMatchObject({ grade: 'D' });
    expect(s.why).toMatch(/Idle, round trips took 12 ms .* they took 250 ms/);
    expect(s.action).toMatch(/cake \(or fq_codel\).*85–95% of the speed measured here: 8\.\d–9\.\d Mbit\/s/);
  });

  it('cleartext: an HTTP login with an Authorization header, and a Telnet session', () => {
    const tr = new Traffic();
    tr.http(
      '10.0.0.5',
      '93.184.216.34',
      40001,
      'GET /admin HTTP/1.1\r\nHost: router.example\r\nAuthorization: Basic dXNlcjpwYXNz\r\n\r\n',
      1,
      0.1,
    );
    tr.tcpFrame('10.0.0.5', '10.0.0.1', 40002, 23, PSH | ACK, { seq: 1, ack: 1, payload: ascii('admin\r\n'), dt: 0.1 });
    const kinds = tr.end().suggestions.filter((x) => x.kind === 'cleartext');
    expect(kinds.map((k) => k.title)).toEqual([
      'Passwords sent in clear text: HTTP to router.example (93.184.216.34)',
      'Passwords sent in clear text: Telnet to 10.0.0.1',
    ]);
    expect(kinds[1].action).toMatch(/Use SSH instead of Telnet/);
  });

  it('mtu: an ICMP "fragmentation needed" with the MTU it reports', () => {
    const tr = new Traffic();
    const quoted = [
      0x45, 0, 0x05, 0xdc, 0, 1, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 5, 93, 184, 216, 34, 0x9c, 0x41, 0x01, 0xbb, 0, 0, 0,
      1,
    ];
    const icmp = [3, 4, 0, 0, 0, 0, 0x05, 0x78, ...quoted];
    tr.frame([
      2,
      0,
      0,
      0,
      0,
      0x0b,
      2,
      0,
      0,
      0,
      0,
      0x0a,
      0x08,
      0x00,
      0x45,
      0,
      0,
      20 + icmp.length,
      0,
      1,
      0,
      0,
      64,
      1,
      0,
      0,
      10,
      0,
      0,
      1,
      10,
      0,
      0,
      5,
      ...icmp,
    ]);
    const s = tr.end().suggestions.find((x) => x.kind === 'mtu')!;
    expect(s.title).toBe('The path MTU is smaller than usual (1400 bytes)');
  });

  it('broadcast storm: thousands of broadcast frames a second', () => {
    const tr = new Traffic();
    const bcast = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
    for (let s = 0; s < 5; s++)
      for (let i = 0; i < 1500; i++) tr.arp(1, mac(5), '10.0.0.5', `10.0.0.${i % 200}`, undefined, 1 / 1500);
    void bcast;
    const s = tr.end().suggestions.find((x) => x.kind === 'broadcast-storm')!;
    expect(s).toBeDefined();
    expect(s.title).toMatch(/^Broadcast storm: up to 1,50\d broadcast frames a second$/);
  });

  it('dns-slow: a resolver answering in 300 ms, with the faster one seen in the capture', () => {
    const tr = new Traffic();
    for (let i = 0; i < 20; i++) {
      tr.dns('10.0.0.5', '10.0.0.53', 500 + i, `host${i}.example`, null, 0.3);
      tr.dns('10.0.0.5', '10.0.0.53', 500 + i, `host${i}.example`, 0, 0.1, '1.2.3.4');
      tr.dns('10.0.0.5', '1.1.1.1', 900 + i, `other${i}.example`, null, 0.01);
      tr.dns('10.0.0.5', '1.1.1.1', 900 + i, `other${i}.example`, 0, 0.5, '1.2.3.5');
    }
    const s = tr.end().suggestions.filter((x) => x.kind === 'dns-slow');
    expect(s).toHaveLength(1);
    expect(s[0].title).toBe('Slow or failing DNS server 10.0.0.53');
    expect(s[0].why).toContain('answered in 300 ms');
    expect(s[0].action).toMatch(/^1\.1\.1\.1 answered in 10(\.0)? ms in this capture/);
  });
});
