#!/usr/bin/env node
// Benchmark (not a test): the capture-file reader alone on the 5M-packet capture, with capinfos on
// the same file in the same run for a ratio. Prints figures; asserts nothing about time.
// Usage: npm run bench:read [-- FILE]   (default bench/data/bench-5M.pcap, built with
// ../shared/pcaps/make-bench.sh when missing). BENCH_RUNS=n sets the number of reader passes.
import { spawnSync } from 'node:child_process';
import { readSync, openSync, closeSync } from 'node:fs';
import { openCaptureFile } from '../dist/src/capture/capture-file.js';
import { benchFile } from './bench-file.js';

const file = benchFile(process.argv[2]);

/** Reads the whole file with plain readSync into one 8 MiB buffer: the floor for any reader. */
function rawRead() {
  const buf = Buffer.allocUnsafe(8 * 1024 * 1024);
  const fd = openSync(file, 'r');
  const t0 = process.hrtime.bigint();
  let bytes = 0;
  for (let n; (n = readSync(fd, buf, 0, buf.length, bytes)) > 0;) bytes += n;
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  closeSync(fd);
  return { s, bytes };
}

/** One pass of the reader in batches, as the engine reads; touches each packet's fields. */
function readerPass() {
  const r = openCaptureFile(file);
  if (!r.ok) throw new Error(`${r.error.message} (${r.error.hint})`);
  const reader = r.value;
  let packets = 0;
  let bytes = 0;
  let lastSec = 0;
  const onPacket = (p) => {
    packets++;
    bytes += p.capLen;
    lastSec = p.tsSec;
  };
  const t0 = process.hrtime.bigint();
  while (reader.read(onPacket, 65536) > 0) {
    // next batch
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const { truncated, warnings } = reader.info;
  reader.close();
  return { s, packets, bytes, lastSec, truncated, warnings };
}

/** capinfos in a child under /usr/bin/time: wall seconds and peak RSS (MB). */
function capinfos() {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', 'capinfos', file], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`capinfos failed (${r.status}): ${r.stderr.slice(-500)}`);
  const [wall, kb] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  return { wall, rssMb: kb / 1024 };
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');

const warm = rawRead(); // also warms the page cache so no side pays for the disk
const raw = rawRead();
const runs = Number(process.env.BENCH_RUNS ?? 3);
const passes = [];
for (let i = 0; i < runs; i++) passes.push(readerPass());
const best = passes.reduce((a, b) => (b.s < a.s ? b : a));
const rssMb = process.resourceUsage().maxRSS / 1024; // maxRSS is in kilobytes
const cap = capinfos();

console.log(`file                 ${file} (${(warm.bytes / 1e9).toFixed(2)} GB)`);
console.log(
  `plain readSync       ${raw.s.toFixed(2)} s  ${(raw.bytes / raw.s / 1e9).toFixed(2)} GB/s  (8 MiB reads, no parsing: the floor)`,
);
for (const [i, p] of passes.entries()) {
  console.log(
    `reader pass ${i + 1}        ${p.s.toFixed(2)} s  ${fmt(p.packets / p.s)} packets/s  ${(p.bytes / p.s / 1e9).toFixed(2)} GB/s captured`,
  );
}
console.log(
  `packets              ${fmt(best.packets)}  (truncated: ${best.truncated}${best.warnings.length ? `; ${best.warnings.join('; ')}` : ''})`,
);
console.log(
  `reader best          ${fmt(best.packets / best.s)} packets/s  peak RSS ${rssMb.toFixed(0)} MB (whole process)`,
);
console.log(
  `capinfos             ${cap.wall.toFixed(2)} s  ${fmt(best.packets / cap.wall)} packets/s  peak RSS ${cap.rssMb.toFixed(0)} MB`,
);
console.log(`ratio                reader is ${(cap.wall / best.s).toFixed(1)}x capinfos's speed`);
console.log(`bar (issue)          reader alone well over 5,000,000 packets/s with flat memory`);
