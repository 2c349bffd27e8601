/**
 * Tunnels and overlays against tshark: frames for every encapsulation (GRE with keys and sequence
 * numbers, NVGRE, ERSPAN I/II/III, PPP in GRE, VXLAN, Geneve, IP-in-IP 4in4/6in4/4in6/6in6, Teredo,
 * GTP-U, NSH, VN-Tag, E-Tag, Cisco HDLC, and tunnels nested in tunnels) are built here, written to a
 * capture, and compared with tshark run on that file: each frame's layers, the protocol hierarchy
 * counts, and every IP/IPv6/UDP/TCP conversation (an IP conversation per IP header, a UDP one per
 * UDP header, as tshark counts them).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/analysis/analyzer.js';
import { analyzeFile } from '../../src/session/analyze-file.js';
import { decodePacket } from '../../src/decode/decode-packet.js';
import { Decoded } from '../../src/decode/decoded.js';
import { PROTO, PROTO_NAMES, protoName } from '../../src/decode/protocols.js';
import { FRAMES, HDLC_FRAMES, nestedPastTheLimit } from './tunnel-frames.js';
import { MAX_NETWORK_HEADERS } from '../../src/decode/net/network.js';
import { REASON } from '../../src/decode/malformed.js';
import {
  HAVE_TSHARK,
  NO_TSHARK,
  ourCounts,
  tempDir,
  tsharkConversations,
  tsharkCounts,
  writeFrames,
} from './tshark-oracle.js';

const NAMES = [
  'eth',
  'vlan',
  'ip',
  'ipv6',
  'udp',
  'tcp',
  'dns',
  'arp',
  'gre',
  'ppp',
  'vxlan',
  'geneve',
  'teredo',
  'gtp',
  'erspan',
  'nsh',
  'vntag',
  'etag',
  'chdlc',
  'slarp',
  'data',
];
const KNOWN = new Set<string>(PROTO_NAMES);

function ourStacks(frames: number[][], linkType: number): string[] {
  const d = new Decoded();
  return frames.map((f) => {
    const b = Buffer.from(f);
    decodePacket(b, 0, b.length, linkType, d);
    return Array.from(d.layers.subarray(0, d.layerCount), (id) => protoName(id)).join(':');
  });
}

function tsharkStacks(path: string): string[] {
  const r = spawnSync('tshark', ['-r', path, '-T', 'fields', '-e', 'frame.protocols'], { encoding: 'utf8' });
  return r.stdout
    .trim()
    .split('\n')
    .map((l) =>
      l
        .split(':')
        .filter((n) => KNOWN.has(n))
        .join(':'),
    );
}

describe('tunnels: decoding', () => {
  it('stops tunnels nested past the depth limit, marked malformed', () => {
    const d = new Decoded();
    for (const f of nestedPastTheLimit()) {
      const b = Buffer.from(f);
      decodePacket(b, 0, b.length, 1, d);
      expect(d.tunnelDepth).toBeLessThan(MAX_NETWORK_HEADERS);
      expect([d.malformed, d.malformedReason]).toEqual([true, REASON.TOO_MANY_HEADERS]);
    }
  });

  it('records the outermost tunnel and its id', () => {
    const d = new Decoded();
    const b = Buffer.from(FRAMES[0]);
    decodePacket(b, 0, b.length, 1, d);
    expect([d.tunnelProto, d.tunnelKey, d.tunnelDepth, d.srcPort, d.dstPort]).toEqual([PROTO.vxlan, 42, 1, 1234, 53]);
    const n = Buffer.from(FRAMES[FRAMES.length - 1]);
    decodePacket(n, 0, n.length, 1, d);
    expect([d.tunnelProto, d.tunnelDepth]).toEqual([PROTO.ip, 3]);
  });
});

describe('tunnels: flows', () => {
  it('are keyed on the innermost addresses and ports, and say which tunnel carries them', () => {
    const an = new Analyzer();
    const d = new Decoded();
    FRAMES.forEach((f, i) => {
      const buf = Buffer.from(f);
      decodePacket(buf, 0, buf.length, 1, d);
      an.ingest(
        { buf, offset: 0, capLen: buf.length, origLen: buf.length, tsSec: i, tsNsec: 0, linkType: 1, ifIndex: 0 },
        d,
      );
    });
    const text = (id: number): string => an.addresses.toString(id);
    const flows = (t: Analyzer['udpConversations'] | Analyzer['tcpStreams']): string[] =>
      Array.from(
        { length: t.end },
        (_, c) => `${text(t.a(c))}:${t.aPort(c)} ${text(t.b(c))}:${t.bPort(c)} ${t.tunnel(c)}`,
      );
    const udp = flows(an.udpConversations);
    expect(udp).toContain('192.168.1.1:1234 192.168.1.2:53 VXLAN 42 via 10.0.0.1→10.0.0.2');
    expect(udp).toContain('192.168.1.1:1234 192.168.1.15:53 GTP-U 4097 via 10.0.0.1→10.0.0.2');
    expect(udp).toContain('10.0.0.1:50000 10.0.0.2:4789 ');
    const tcp = flows(an.tcpStreams);
    expect(tcp[0]).toBe('172.16.0.1:40000 172.16.0.2:80 VXLAN 42 via 10.0.0.1→10.0.0.2');
  });
});

describe.skipIf(!HAVE_TSHARK)('tunnels against tshark on a written capture', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());
  const path = join(tmp.dir, 'tunnels.pcap');
  const hdlc = join(tmp.dir, 'chdlc.pcap');
  writeFrames(path, FRAMES);
  writeFrames(hdlc, HDLC_FRAMES, 104);

  it("every frame has tshark's layers", () => {
    expect(ourStacks(FRAMES, 1)).toEqual(tsharkStacks(path));
    expect(ourStacks(HDLC_FRAMES, 104)).toEqual(tsharkStacks(hdlc));
  });

  it('protocol hierarchy counts equal tshark', () => {
    expect(ourCounts(FRAMES, NAMES)).toEqual(tsharkCounts(path, NAMES));
    expect(ourCounts(HDLC_FRAMES, NAMES, 104)).toEqual(tsharkCounts(hdlc, NAMES));
  });

  it('every IP, IPv6, UDP and TCP conversation equals tshark (one per IP and UDP header)', () => {
    for (const file of [path, hdlc]) {
      const r = analyzeFile(file);
      if (!r.ok) throw new Error(r.error.message);
      const c = r.value.report.conversations;
      const row = (
        a: string,
        b: string,
        x: { packetsAtoB: number; packetsBtoA: number; bytesAtoB: number; bytesBtoA: number },
      ) => ({
        a,
        b,
        framesAtoB: x.packetsAtoB,
        framesBtoA: x.packetsBtoA,
        bytesAtoB: x.bytesAtoB,
        bytesBtoA: x.bytesBtoA,
      });
      const sort = <T extends { a: string; b: string }>(l: T[]) =>
        l.sort((x, y) => `${x.a} ${x.b}`.localeCompare(`${y.a} ${y.b}`));
      expect(sort(c.ip.filter((x) => !x.a.includes(':')).map((x) => row(x.a, x.b, x)))).toEqual(
        tsharkConversations(file, 'ip'),
      );
      expect(sort(c.ip.filter((x) => x.a.includes(':')).map((x) => row(x.a, x.b, x)))).toEqual(
        tsharkConversations(file, 'ipv6'),
      );
      for (const kind of ['udp', 'tcp'] as const) {
        const ours = c[kind].map((x) => row(`${x.a}:${x.aPort}`, `${x.b}:${x.bPort}`, x));
        expect(sort(ours)).toEqual(tsharkConversations(file, kind));
      }
    }
  });
});

describe.skipIf(HAVE_TSHARK)('tunnels against tshark (skipped)', () => {
  it.skip(NO_TSHARK, () => {});
});
