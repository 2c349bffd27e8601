/**
 * DNS over TCP as tshark counts it (with its default TCP reassembly): a frame shows `dns` where at
 * least one length-prefixed message ends in it: several messages in one segment count the frame
 * once, a message split across segments counts where it ends. Frames built here, compared with
 * tshark run on the written capture.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../../src/session/analyze-file.js';
import { dnsName, eth, ipv4, tcp, u16 } from '../decode/build-frames.js';
import { HAVE_TSHARK, NO_TSHARK, tempDir, tsharkCounts, writeFrames } from '../decode/tshark-oracle.js';

const C = '10.0.0.1';
const S = '10.0.0.2';
const query = (id: number): number[] => [
  ...u16(id),
  1,
  0,
  ...u16(1),
  0,
  0,
  0,
  0,
  0,
  0,
  ...dnsName('example.com'),
  0,
  1,
  0,
  1,
];
const answer = (id: number): number[] => [
  ...u16(id),
  0x81,
  0x80,
  ...u16(1),
  ...u16(1),
  0,
  0,
  0,
  0,
  ...dnsName('example.com'),
  0,
  1,
  0,
  1,
  0xc0,
  12,
  0,
  1,
  0,
  1,
  0,
  0,
  0,
  60,
  0,
  4,
  93,
  184,
  216,
  34,
];
const framed = (m: number[]): number[] => [...u16(m.length), ...m];

function frames(): number[][] {
  let cs = 1000;
  let ss = 5000;
  const out: number[][] = [];
  const seg = (fromClient: boolean, flags: number, payload: number[]): void => {
    const [src, dst, sp, dp] = fromClient ? [C, S, 40000, 53] : [S, C, 53, 40000];
    const seq = fromClient ? cs : ss;
    const ack = fromClient ? ss : cs;
    out.push([...eth(0x0800), ...ipv4({ proto: 6, src, dst }, tcp(sp, dp, { flags, seq, ack }, payload))]);
    const n = payload.length + (flags & 0x03 ? 1 : 0);
    if (fromClient) cs += n;
    else ss += n;
  };
  seg(true, 0x02, []);
  seg(false, 0x12, []);
  seg(true, 0x10, []);
  // two queries in one segment
  seg(true, 0x18, [...framed(query(1)), ...framed(query(2))]);
  // the first answer split across two segments, the second whole in the second segment
  const a1 = framed(answer(1));
  seg(false, 0x18, a1.slice(0, 10));
  seg(false, 0x18, [...a1.slice(10), ...framed(answer(2))]);
  // a message whose length prefix itself is split
  const q3 = framed(query(3));
  seg(true, 0x18, q3.slice(0, 1));
  seg(true, 0x18, q3.slice(1));
  seg(false, 0x10, []);
  return out;
}

describe.skipIf(!HAVE_TSHARK)('DNS over TCP against tshark', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());

  it('counts dns where messages end: several per segment, split across segments', () => {
    const path = join(tmp.dir, 'dns-tcp.pcap');
    writeFrames(path, frames());
    const r = analyzeFile(path);
    if (!r.ok) throw new Error(r.error.message);
    const want = tsharkCounts(path, ['tcp', 'dns']);
    expect(want.dns).toBe(3);
    expect({ tcp: r.value.report.protocols.tcp?.packets, dns: r.value.report.protocols.dns?.packets }).toEqual(want);
  });
});

describe.skipIf(HAVE_TSHARK)('DNS over TCP against tshark (skipped)', () => {
  it.skip(NO_TSHARK, () => {});
});
