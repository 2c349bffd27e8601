#!/usr/bin/env node
// Benchmark (not a test): `netlens analyze` on the 5M-packet capture, with ndpiReader (nDPI, which
// also tracks and classifies every flow) and capinfos on the same file in the same run, run in
// alternating rounds; prints the medians, each round's ratio and the machine's load. Asserts
// nothing about time. BENCH_BASE=/path/to/another/netlens adds that build to every round.
// Usage: npm run bench [-- FILE]   (default bench/data/bench-5M.pcap, built with
// ../shared/pcaps/make-bench.sh when missing).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

const runs = Number(process.env.BENCH_RUNS ?? 5);
const base = process.env.BENCH_BASE;
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const ours = [];
const old = [];
const ndpi = [];
const cap = [];
let packets = 0;
const loadBefore = load();
for (let i = 0; i < runs; i++) {
  const a = timed('node', [`${root}/bin/netlens.js`, 'analyze', '--json', file]);
  packets = JSON.parse(a.stdout).packets;
  ours.push(a);
  ndpi.push(timed('ndpiReader', ['-q', '-i', file], false));
  if (base) old.push(timed('node', [`${base}/bin/netlens.js`, 'analyze', '--json', file], false));
  cap.push(timed('capinfos', [file]));
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) / 2)];
const line = (name, rs) => {
  const wall = median(rs.map((r) => r.wall));
  const rss = Math.max(...rs.map((r) => r.rssMb));
  console.log(
    `${name.padEnd(21)}${wall.toFixed(2)} s  ${Math.round(packets / wall).toLocaleString('en-US')} packets/s  peak RSS ${rss.toFixed(0)} MB  (median of ${rs.length})`,
  );
  return wall;
};

console.log(`file                 ${file}`);
console.log(`packets              ${packets.toLocaleString('en-US')}`);
console.log(`load average         ${loadBefore} before, ${load()} after (2 cores, shared)`);
const oursWall = line('netlens analyze', ours);
line('ndpiReader', ndpi);
if (base) line('netlens (base)', old);
const capWall = line('capinfos', cap);
const pairs = ours.map((r, i) => ndpi[i].wall / r.wall);
console.log(`ratio per round      ${pairs.map((x) => x.toFixed(2)).join(' ')} (ndpiReader time / netlens time)`);
console.log(
  `ratio                netlens is ${median(pairs).toFixed(2)}x ndpiReader's speed (median of rounds), ${(capWall / oursWall).toFixed(2)}x capinfos's`,
);
if (base)
  console.log(`vs base              ${(median(old.map((r) => r.wall)) / oursWall).toFixed(2)}x the base build's speed`);
console.log(`bars                 issue 16: >= ndpiReader's speed, <= 250 MB; issue 11: no slower than before`);
