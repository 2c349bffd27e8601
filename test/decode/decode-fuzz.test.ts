/**
 * Fuzz: random and mutated frames through decodePacket (and the QUIC Initial opener on its own):
 * no exception, no hang, and no read past capLen (the same frame followed by different garbage
 * must decode the same). Seeded: the seed is printed; NETLENS_FUZZ_SEED=<n> replays a run,
 * NETLENS_FUZZ_FRAMES=<n> changes the count (default 1,000,000).
 */
import { describe, expect, it } from 'vitest';
import { decodePacket } from '../../src/decode/decode-packet.js';
import { Decoded } from '../../src/decode/decoded.js';
import { clientHelloFromInitial } from '../../src/decode/app/quic-initial.js';
import { HAVE_SHARED, sampleNames, samplePath } from '../helpers/shared-pcaps.js';
import { forEachFrame } from './sample-frames.js';
import { ascii, dnsName, eth, ip4, ipv4, ipv6, tcp, u16, u32, udp } from './build-frames.js';
import { FRAMES as TUNNEL_FRAMES, HDLC_FRAMES, nestedPastTheLimit } from './tunnel-frames.js';

const SEED = Number(process.env.NETLENS_FUZZ_SEED ?? Math.floor(Math.random() * 0xffffffff)) >>> 0;
const FRAMES = Number(process.env.NETLENS_FUZZ_FRAMES ?? 1_000_000);

/** mulberry32: small, fast, good enough to spread mutations. */
let state = SEED;
function rand(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function randInt(n: number): number {
  return Math.floor(rand() * n);
}

const LINK_TYPES = [0, 1, 1, 1, 101, 104, 105, 108, 113, 127, 127, 228, 229, 276];
const INTERESTING = [0x00, 0xff, 0x80, 0x7f, 0xc0, 0x3f, 0x01, 0x05, 0x06, 0x11, 0x2c, 0x3a, 0x16, 0x03];

interface Seed {
  data: Buffer;
  linkType: number;
}

/** Hand-built frames that reach every decoder, so the fuzz means something without ../shared. */
function builtSeeds(): Seed[] {
  const E4 = eth(0x0800);
  const s = (bytes: number[], linkType = 1): Seed => ({ data: Buffer.from(bytes), linkType });
  const dns = [
    ...u16(1),
    ...u16(0x8180),
    ...u16(1),
    ...u16(2),
    0,
    0,
    0,
    0,
    ...dnsName('a.example.com'),
    0,
    1,
    0,
    1,
    0xc0,
    12,
    0,
    5,
    0,
    1,
    ...u32(1),
    ...u16(4),
    1,
    ...ascii('b'),
    0xc0,
    14,
    0xc0,
    12,
    0,
    1,
    0,
    1,
    ...u32(1),
    0,
    4,
    1,
    2,
    3,
    4,
  ];
  const bootp = [
    1,
    1,
    6,
    0,
    ...Array(24).fill(0),
    2,
    0,
    0,
    0,
    0,
    1,
    ...Array(10).fill(0),
    ...Array(192).fill(0),
    0x63,
    0x82,
    0x53,
    0x63,
    53,
    1,
    1,
    12,
    4,
    ...ascii('host'),
    50,
    4,
    ...ip4('10.0.0.9'),
    255,
  ];
  const quicLong = [0xc0, ...u32(1), 8, ...Array(8).fill(0x11), 0, 0, 0x44, 0xd0, ...Array(1250).fill(0x5a)];
  const ext = [0, 0, 0, 8, 0, 6, 0, 0, 3, ...ascii('x.y'), 0, 16, 0, 5, 0, 3, 2, ...ascii('h2'), 0, 43, 0, 3, 2, 3, 4];
  const ch = [3, 3, ...Array(32).fill(1), 0, 0, 2, 0x13, 1, 1, 0, ...u16(ext.length), ...ext];
  const tls = [0x16, 3, 1, ...u16(ch.length + 4), 1, 0, ...u16(ch.length), ...ch];
  return [
    // every tunnel and overlay, and tunnels nested past the depth limit (a recursion bomb)
    ...TUNNEL_FRAMES.map((f) => s(f)),
    ...HDLC_FRAMES.map((f) => s(f, 104)),
    ...nestedPastTheLimit().map((f) => s(f)),
    // LLDP (chassis MAC, port name, TTL, end) and an STP configuration BPDU
    s([
      ...eth(0x88cc),
      ...u16(0x0207),
      4,
      2,
      0,
      0,
      0,
      0,
      1,
      ...u16(0x0403),
      5,
      ...ascii('p1'),
      ...u16(0x0602),
      0,
      120,
      0,
      0,
    ]),
    s([...Array(12).fill(2), ...u16(38), 0x42, 0x42, 3, ...u16(0), 0, 0, 0, ...Array(34).fill(1)]),
    s([...E4, ...ipv4({ proto: 17 }, udp(40000, 53, dns))]),
    s([...E4, ...ipv4({ proto: 17 }, udp(5353, 5353, dns))]),
    s([...E4, ...ipv4({ proto: 17 }, udp(68, 67, bootp))]),
    s([...E4, ...ipv4({ proto: 17 }, udp(50000, 443, quicLong))]),
    s([...E4, ...ipv4({ proto: 6 }, tcp(50000, 443, {}, tls))]),
    s([...E4, ...ipv4({ proto: 6 }, tcp(50000, 80, {}, ascii('GET / HTTP/1.1\r\nHost: h\r\nUser-Agent: u\r\n\r\n')))]),
    s([...E4, ...ipv4({ proto: 6 }, tcp(80, 50000, {}, ascii('HTTP/1.1 200 OK\r\n\r\n')))]),
    s([...E4, ...ipv4({ proto: 6 }, tcp(22, 50000, {}, ascii('SSH-2.0-x\r\n')))]),
    s([...E4, ...ipv4({ proto: 17 }, udp(1900, 1900, ascii('NOTIFY * HTTP/1.1\r\nNT: a\r\nLOCATION: b\r\n\r\n')))]),
    s([...E4, ...ipv4({ proto: 1 }, [3, 3, 0, 0, 0, 0, 0, 0, ...ipv4({ proto: 17 }, udp(1, 53, []))])]),
    s([
      ...eth(0x86dd),
      ...ipv6(0, [58, 0, 1, 4, 0, 0, 0, 0, 135, 0, 0, 0, 0, 0, 0, 0, ...Array(16).fill(0), 1, 1, 1, 2, 3, 4, 5, 6]),
    ]),
    s([...eth(0x86dd), ...ipv6(44, [17, 0, 0, 1, 0, 0, 0, 1, ...udp(1, 2, [1])])]),
    s([
      ...E4,
      ...ipv4({ proto: 47 }, [
        0x30,
        0x81,
        0x88,
        0x0b,
        0,
        4,
        0,
        1,
        0,
        0,
        0,
        1,
        0,
        0,
        0,
        1,
        0xff,
        3,
        0,
        0x21,
        ...ipv4({ proto: 2 }, [0x11, 0, 0, 0, 0, 0, 0, 0]),
      ]),
    ]),
    s([...eth(0x8100), 0, 5, 0x88, 0xa8, 0, 6, 0x08, 0x06, 0, 1, 8, 0, 6, 4, 0, 1, ...Array(20).fill(2)]),
    s([...eth(0x8864), 0x11, 0, 0, 1, 0, 30, 0, 0x21, ...ipv4({ proto: 17 }, udp(1, 53, [0, 1, 2]))]),
    s([...eth(0x8847), 0, 1, 0, 64, 0, 2, 1, 64, ...ipv4({ proto: 6 }, tcp(1, 2, {}, []))]),
    s(
      [
        0,
        0,
        12,
        0,
        0x22,
        0,
        0,
        0,
        0x10,
        0,
        0x9e,
        0x09,
        0x08,
        0x02,
        0,
        0,
        ...Array(18).fill(1),
        0,
        0,
        0xaa,
        0xaa,
        3,
        0,
        0,
        0,
        0x08,
        0,
        ...ipv4({ proto: 17 }, udp(1, 2, [1])),
      ],
      127,
    ),
  ];
}

/** Frames from the samples that exercise the most code: every one with a hint or a UDP app, and a sprinkling of the rest. */
function sampleSeeds(): Seed[] {
  if (!HAVE_SHARED) return [];
  const seeds: Seed[] = [];
  const d = new Decoded();
  for (const name of sampleNames()) {
    let kept = 0;
    forEachFrame(samplePath(name), (p, i) => {
      if (kept >= 300) return;
      decodePacket(p.buf, p.offset, p.capLen, p.linkType, d);
      if (d.hint !== null || d.malformed || i % 97 === 0 || d.layerCount > 4) {
        seeds.push({ data: Buffer.from(p.buf.subarray(p.offset, p.offset + p.capLen)), linkType: p.linkType });
        kept++;
      }
    });
  }
  return seeds;
}

/** A numeric digest of what a decode produced (to compare two decodes of the same bytes). */
function digest(d: Decoded): string {
  let s = `${d.layerCount}|${d.malformed}|${d.malformedAt}|${d.srcPort}|${d.dstPort}|${d.payloadLen}|${d.app}|${JSON.stringify(d.hint)}|`;
  for (let i = 0; i < d.layerCount; i++) s += `${d.layers[i]},${d.layerOffsets[i]};`;
  return s;
}

describe('decodePacket fuzz', () => {
  it(`survives ${FRAMES.toLocaleString('en')} random and mutated frames (seed ${SEED})`, () => {
    console.log(`decode fuzz: seed ${SEED} (replay with NETLENS_FUZZ_SEED=${SEED}), ${FRAMES} frames`);
    const seeds = [...builtSeeds(), ...sampleSeeds()];
    const d = new Decoded();
    const MAX = 4096;
    // The frame is written at a varying offset inside a larger buffer, followed by garbage.
    const work = Buffer.alloc(MAX * 2 + 64);
    const other = Buffer.alloc(MAX * 2 + 64);
    let checked = 0;
    let malformed = 0;
    const t0 = Date.now();
    for (let n = 0; n < FRAMES; n++) {
      const off = randInt(64);
      let len: number;
      let linkType: number;
      const mode = rand();
      if (mode < 0.25) {
        // Random bytes, random length and link type.
        len = randInt(rand() < 0.9 ? 160 : 1500);
        linkType = LINK_TYPES[randInt(LINK_TYPES.length)];
        for (let i = 0; i < len; i++) work[off + i] = randInt(256);
      } else {
        // A real frame with a few mutations and maybe a cut or an extension.
        const seed = seeds[randInt(seeds.length)];
        linkType = rand() < 0.02 ? LINK_TYPES[randInt(LINK_TYPES.length)] : seed.linkType;
        len = Math.min(seed.data.length, MAX);
        seed.data.copy(work, off, 0, len);
        const flips = rand() < 0.1 ? 0 : 1 + randInt(rand() < 0.8 ? 4 : 32);
        for (let k = 0; k < flips && len > 0; k++) {
          const at = off + randInt(len);
          work[at] = rand() < 0.5 ? randInt(256) : INTERESTING[randInt(INTERESTING.length)];
        }
        const cut = rand();
        if (cut < 0.3) len = randInt(len + 1);
        else if (cut < 0.35) {
          const extra = randInt(64);
          for (let i = 0; i < extra && len < MAX; i++) work[off + len++] = randInt(256);
        }
      }
      // Garbage after the frame, different each time.
      const g = randInt(256);
      for (let i = off + len; i < off + len + 32; i++) work[i] = g ^ i;
      decodePacket(work, off, len, linkType, d);
      if (d.malformed) malformed++;
      if ((n & 31) === 0) {
        // The same bytes elsewhere with other garbage after them must decode the same.
        const off2 = randInt(64);
        work.copy(other, off2, off, off + len);
        for (let i = off2 + len; i < off2 + len + 32; i++) other[i] = ~work[i - off2 + off] & 0xff;
        const a = digest(d);
        decodePacket(other, off2, len, linkType, d);
        expect(digest(d)).toBe(a);
        checked++;
      }
    }
    const ms = Date.now() - t0;
    console.log(
      `decode fuzz: ${FRAMES} frames in ${ms} ms (${seeds.length} seed frames, ${malformed} malformed, ${checked} re-decoded elsewhere)`,
    );
    expect(checked).toBeGreaterThan(0);
  });

  it(`opens mutated QUIC Initials without throwing (seed ${SEED})`, () => {
    state = (SEED ^ 0x9e3779b9) >>> 0;
    const initials: Buffer[] = [];
    if (HAVE_SHARED) {
      forEachFrame(samplePath('zeek-quic-firefox-cloudflare.pcap'), (p) => {
        // UDP payload of the long-header packets (Ethernet 14 + IPv4 20 + UDP 8).
        const q = p.offset + 42;
        if (p.capLen > 42 && (p.buf[q] & 0x80) !== 0)
          initials.push(Buffer.from(p.buf.subarray(q, p.offset + p.capLen)));
      });
    }
    initials.push(Buffer.from([0xc0, 0, 0, 0, 1, 8, ...Array(8).fill(3), 0, 0, 0x44, 0xd0, ...Array(1250).fill(0x5a)]));
    const work = Buffer.alloc(2048);
    let found = 0;
    for (let n = 0; n < 3000; n++) {
      const src = initials[randInt(initials.length)];
      const len = rand() < 0.3 ? randInt(src.length + 1) : src.length;
      src.copy(work, 0, 0, len);
      const flips = n % 4 === 0 ? 0 : 1 + randInt(3);
      for (let k = 0; k < flips && len > 0; k++) work[randInt(len)] = randInt(256);
      const version = work.readUInt32BE(1);
      const ch = clientHelloFromInitial(work, 0, len, version);
      if (ch?.sni) found++;
    }
    if (HAVE_SHARED) expect(found).toBeGreaterThan(0);
  });
});
