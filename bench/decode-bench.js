#!/usr/bin/env node
// Benchmark (not a test): decodePacket on every packet of the 5M-packet capture. Prints figures;
// asserts nothing about time.
//   1. reader alone (the floor), then reader + decodePacket, over the whole file;
//   2. decodePacket alone on the first DECODE_ONLY packets held in memory (no I/O in the timing).
// Usage: npm run bench:decode [-- FILE]   (default bench/data/bench-5M.pcap, built with
// ../shared/pcaps/make-bench.sh when missing). BENCH_RUNS=n passes (default 3);
// DECODE_ONLY=n packets for part 2 (default 1,000,000).
import { openCaptureFile } from '../dist/src/capture/capture-file.js';
import { decodePacket } from '../dist/src/decode/decode-packet.js';
import { Decoded } from '../dist/src/decode/decoded.js';
import { PROTO_NAMES } from '../dist/src/decode/protocols.js';
import { benchFile } from './bench-file.js';

const file = benchFile(process.argv[2]);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const decodeOnly = Number(process.env.DECODE_ONLY ?? 1_000_000);

function open() {
  const r = openCaptureFile(file);
  if (!r.ok) throw new Error(`${r.error.message} (${r.error.hint})`);
  return r.value;
}

/** One pass over the file; with decode, every packet goes through decodePacket. */
function pass(decode) {
  const reader = open();
  const d = new Decoded();
  const layerFrames = new Float64Array(PROTO_NAMES.length);
  let packets = 0;
  let hints = 0;
  let malformed = 0;
  let bytes = 0;
  const onPacket = decode
    ? (p) => {
        decodePacket(p.buf, p.offset, p.capLen, p.linkType, d);
        packets++;
        if (d.hint !== null) hints++;
        if (d.malformed) malformed++;
        for (let i = 0; i < d.layerCount; i++) layerFrames[d.layers[i]]++;
      }
    : (p) => {
        packets++;
        bytes += p.capLen;
      };
  const t0 = process.hrtime.bigint();
  while (reader.read(onPacket, 65536) > 0) {
    // next batch
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  reader.close();
  return { s, packets, hints, malformed, bytes, layerFrames };
}

/** Copies the first n packets into one buffer, then times decodePacket alone over them. */
function decodeOnlyPasses(n) {
  const reader = open();
  const chunks = [];
  const offsets = new Int32Array(n);
  const lens = new Int32Array(n);
  const links = new Int32Array(n);
  let total = 0;
  let count = 0;
  let chunk = Buffer.allocUnsafe(64 << 20);
  let used = 0;
  const starts = new Int32Array(n);
  while (
    count < n &&
    reader.read((p) => {
      if (count >= n) return;
      if (used + p.capLen > chunk.length) {
        chunks.push(chunk.subarray(0, used));
        chunk = Buffer.allocUnsafe(64 << 20);
        used = 0;
      }
      p.buf.copy(chunk, used, p.offset, p.offset + p.capLen);
      starts[count] = chunks.length;
      offsets[count] = used;
      lens[count] = p.capLen;
      links[count] = p.linkType;
      used += p.capLen;
      total += p.capLen;
      count++;
    }, 65536) > 0
  ) {
    // next batch
  }
  chunks.push(chunk.subarray(0, used));
  reader.close();
  const d = new Decoded();
  const out = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < count; i++) decodePacket(chunks[starts[i]], offsets[i], lens[i], links[i], d);
    out.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { count, total, times: out };
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');

pass(false); // warm the page cache
const readOnly = [];
const withDecode = [];
for (let i = 0; i < runs; i++) {
  readOnly.push(pass(false));
  withDecode.push(pass(true));
}
const bestRead = readOnly.reduce((a, b) => (b.s < a.s ? b : a));
const best = withDecode.reduce((a, b) => (b.s < a.s ? b : a));
const only = decodeOnlyPasses(decodeOnly);
const bestOnly = Math.min(...only.times);

console.log(`file                   ${file} (${fmt(best.packets)} packets)`);
for (const [i, p] of withDecode.entries()) {
  console.log(
    `read + decode pass ${i + 1}   ${p.s.toFixed(2)} s  ${fmt(p.packets / p.s)} packets/s  (reader alone ${readOnly[i].s.toFixed(2)} s)`,
  );
}
console.log(`reader alone best      ${fmt(bestRead.packets / bestRead.s)} packets/s`);
console.log(`read + decode best     ${fmt(best.packets / best.s)} packets/s`);
console.log(
  `decode share           ${(((best.s - bestRead.s) / best.packets) * 1e9).toFixed(0)} ns/packet (read+decode minus reader alone)`,
);
for (const [i, s] of only.times.entries()) {
  console.log(
    `decode only pass ${i + 1}     ${s.toFixed(2)} s  ${fmt(only.count / s)} packets/s  (${fmt(only.count)} packets in memory)`,
  );
}
console.log(
  `decode only best       ${fmt(only.count / bestOnly)} packets/s  ${((bestOnly / only.count) * 1e9).toFixed(0)} ns/packet`,
);
console.log(
  `hints                  ${fmt(best.hints)} packets (${((best.hints / best.packets) * 100).toFixed(1)}%) carry an application hint`,
);
console.log(`malformed              ${fmt(best.malformed)} packets`);
const top = [...best.layerFrames.entries()].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
console.log(`layers (frames)        ${top.map(([id, v]) => `${PROTO_NAMES[id]} ${fmt(v)}`).join(', ')}`);
console.log(`bar (issue)            decodePacket alone well above 3,000,000 packets/s on this mix`);
console.log(
  `heap used              ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
);
