#!/usr/bin/env node
// Benchmark (not a test): `netlens analyze` on the 5M-packet capture, with capinfos on the same
// file in the same run for a ratio. Prints figures; asserts nothing about time.
// Usage: npm run bench [-- FILE]   (default bench/data/bench-5M.pcap, built with
// ../shared/pcaps/make-bench.sh when missing).
import { spawnSync } from 'node:child_process';
import { benchFile, root } from './bench-file.js';

const file = benchFile(process.argv[2]);

/** Runs a command under /usr/bin/time; returns wall seconds, peak RSS (MB) and stdout. */
function timed(cmd, args, keepStdout = true) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr.slice(-500)}`);
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [wall, kb] = last.split(' ').map(Number);
  return { wall, rssMb: kb / 1024, stdout: r.stdout };
}

// Warm the page cache so neither side pays for the first read from disk.
timed('cat', [file], false);

const runs = Number(process.env.BENCH_RUNS ?? 2);
const ours = [];
const cap = [];
let packets = 0;
for (let i = 0; i < runs; i++) {
  const a = timed('node', [`${root}/bin/netlens.js`, 'analyze', '--json', file]);
  packets = JSON.parse(a.stdout).packets;
  ours.push(a);
  cap.push(timed('capinfos', [file]));
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) / 2)];
const oursWall = median(ours.map((r) => r.wall));
const oursRss = Math.max(...ours.map((r) => r.rssMb));
const capWall = median(cap.map((r) => r.wall));
const capRss = Math.max(...cap.map((r) => r.rssMb));

console.log(`file                 ${file}`);
console.log(`packets              ${packets.toLocaleString('en-US')}`);
console.log(
  `netlens analyze      ${oursWall.toFixed(2)} s  ${Math.round(packets / oursWall).toLocaleString('en-US')} packets/s  peak RSS ${oursRss.toFixed(0)} MB  (median of ${runs})`,
);
console.log(
  `capinfos             ${capWall.toFixed(2)} s  ${Math.round(packets / capWall).toLocaleString('en-US')} packets/s  peak RSS ${capRss.toFixed(0)} MB`,
);
console.log(`ratio                netlens is ${(capWall / oursWall).toFixed(2)}x capinfos's speed`);
console.log(`bar (issue 2)        >= 1,000,000 packets/s, <= 300 MB, faster than capinfos`);
