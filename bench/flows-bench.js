#!/usr/bin/env node
// Benchmark (not a test): captures where every packet is a new UDP or TCP flow (flows-capture.js:
// a scan or DDoS from a /16), 1M, 2M and 10M packets, written here into a temporary folder.
// For each: `netlens analyze --json` (detectors on) to a file, its time, peak RSS and whether
// the output is valid JSON with every conversation in it; ndpiReader on the same file in the
// same run (capped at BENCH_NDPI_GB of memory and BENCH_NDPI_SEC seconds: it keeps ~700 bytes a
// flow plus its own overhead, ~3.5 GB at 1M). Bars (issue 11): 2M <= 600 MB, 10M <= 1.5 GB.
// Usage: npm run bench:flows [-- 1000000 2000000]   BENCH_BASE=/path/to/old/netlens adds that build (<= 2M).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './bench-file.js';
import { writeFlowsCapture } from './flows-capture.js';
import { checkJsonFile } from './json-check.js';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
if (sizes.length === 0) sizes.push(1_000_000, 2_000_000, 10_000_000);
const ndpiGb = Number(process.env.BENCH_NDPI_GB ?? 8);
const ndpiSec = Number(process.env.BENCH_NDPI_SEC ?? 600);
const base = process.env.BENCH_BASE;
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'netlens-flows-bench-'));

/** Runs `sh -c cmd` under /usr/bin/time: wall seconds, peak RSS (MB), exit status. */
function timed(cmd) {
  const r = spawnSync('bash', ['-c', `/usr/bin/time -f 'TIME %e %M' ${cmd}`], { encoding: 'utf8' });
  const m = /TIME ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  const tail = (r.stderr ?? '')
    .split('\n')
    .filter((l) => l && !l.startsWith('TIME'))
    .slice(-2)
    .join(' | ');
  return { wall: m ? Number(m[1]) : NaN, rssMb: m ? Number(m[2]) / 1024 : NaN, status: r.status, tail };
}

const load = () =>
  (spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout ?? '').split(' ').slice(0, 3).join(' ');
const fmt = (r) => `${r.wall.toFixed(1).padStart(7)} s  peak RSS ${r.rssMb.toFixed(0).padStart(6)} MB`;

console.log(`flows benchmark in ${dir}; load average ${load()} (2 cores, shared)`);
try {
  for (const n of sizes) {
    const pcap = join(dir, `flows-${n}.pcap`);
    const bytes = writeFlowsCapture(pcap, n);
    spawnSync('cat', [pcap], { stdio: 'ignore' }); // warm the page cache for both sides
    console.log(
      `\n${n.toLocaleString('en-US')} packets, each a new flow (${(bytes / 1e6).toFixed(0)} MB); load ${load()}`,
    );
    const runs = [['netlens', join(root, 'bin/netlens.js')]];
    if (base && n <= 2_000_000) runs.push(['netlens (base)', join(base, 'bin/netlens.js')]);
    for (const [name, bin] of runs) {
      const out = join(dir, 'out.json');
      const r = timed(`node "${bin}" analyze --json "${pcap}" > "${out}"`);
      const size = r.status === 0 ? statSync(out).size : 0;
      const check =
        r.status === 0
          ? checkJsonFile(out, ['conversations.tcp', 'conversations.udp'])
          : { valid: false, error: `exit ${r.status}: ${r.tail}` };
      const rows = check.valid ? check.counts['conversations.tcp'] + check.counts['conversations.udp'] : 0;
      const verdict = check.valid
        ? `valid JSON, ${rows.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} flows listed`
        : `NOT valid: ${check.error}`;
      console.log(`  ${name.padEnd(15)}${fmt(r)}  ${(size / 1e6).toFixed(0)} MB of JSON, ${verdict}`);
      rmSync(out, { force: true });
    }
    const nd = timed(`prlimit --as=${ndpiGb * 2 ** 30} timeout ${ndpiSec} ndpiReader -q -i "${pcap}"`);
    const ndNote =
      nd.status === 0
        ? 'finished'
        : nd.status === 124
          ? `stopped after ${ndpiSec} s`
          : `failed (exit ${nd.status}; memory capped at ${ndpiGb} GB)`;
    console.log(`  ${'ndpiReader'.padEnd(15)}${fmt(nd)}  ${ndNote}`);
    rmSync(pcap, { force: true });
  }
  console.log('\nbars (issue 11): 2M flows <= 600 MB peak RSS and valid JSON; 10M <= 1.5 GB and valid JSON');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
