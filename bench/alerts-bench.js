#!/usr/bin/env node
// Benchmark (not a test): what the alert detectors cost. Runs `netlens analyze --json` on the
// 5M-packet capture with the detectors on and with --no-alerts, alternating in the same run, and
// prints both speeds and their ratio (issue 5 asks for the "on" speed within 10% of "off").
// Wall time suffers from whatever else runs on the machine; CPU time (user + system) less so:
// both are printed, as medians.
// Usage: npm run build && node bench/alerts-bench.js [FILE]   (BENCH_RUNS=N, default 7 pairs)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchFile, root } from './bench-file.js';

const file = benchFile(process.argv[2]);

/** Runs netlens analyze under /usr/bin/time: wall and CPU seconds, peak RSS (MB), the report. */
function run(extra, nodeFlags = []) {
  const r = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '%e %U %S %M',
      process.execPath,
      ...nodeFlags,
      `${root}/bin/netlens.js`,
      'analyze',
      '--json',
      ...extra,
      file,
    ],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    },
  );
  if (r.status !== 0) throw new Error(`netlens analyze failed (${r.status}): ${r.stderr.slice(-500)}`);
  const [wall, user, sys, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  const report = JSON.parse(r.stdout);
  return {
    wall,
    cpu: user + sys,
    rssMb: kb / 1024,
    packets: report.packets,
    alerts: report.alerts.length,
    suggestions: report.suggestions.length,
  };
}

// warm the page cache so neither side pays for the first read from disk
spawnSync('cat', [file], { stdio: ['ignore', 'ignore', 'ignore'] });

const pairs = Number(process.env.BENCH_RUNS ?? 7);
const off = [];
const on = [];
for (let i = 0; i < pairs; i++) {
  // alternate which goes first, so a drift in machine load does not favour one side
  if (i % 2 === 0) {
    off.push(run(['--no-alerts']));
    on.push(run([]));
  } else {
    on.push(run([]));
    off.push(run(['--no-alerts']));
  }
}
const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const packets = on[0].packets;
const fmt = (label, rs) => {
  const wall = median(rs.map((r) => r.wall));
  const cpu = median(rs.map((r) => r.cpu));
  const rss = Math.max(...rs.map((r) => r.rssMb));
  console.log(
    `${label.padEnd(22)} wall ${wall.toFixed(2)} s  ${Math.round(packets / wall)
      .toLocaleString('en-US')
      .padStart(10)} packets/s   cpu ${cpu.toFixed(2)} s  ${Math.round(packets / cpu)
      .toLocaleString('en-US')
      .padStart(10)} packets/s   peak RSS ${rss.toFixed(0)} MB`,
  );
  return { wall, cpu };
};
console.log(`file                   ${file}`);
console.log(`packets                ${packets.toLocaleString('en-US')}  (median of ${pairs} runs each, alternating)`);
const a = fmt('detectors off', off);
const b = fmt('detectors on', on);
console.log(`alerts, suggestions    ${on[0].alerts}, ${on[0].suggestions}`);
// Each pair ran back to back, so its ratio sees the same machine load: the median of the pairs'
// ratios is the figure least moved by a noisy neighbour; the ratio of the medians is printed too.
const pairWall = off.map((r, i) => r.wall / on[i].wall);
const pairCpu = off.map((r, i) => r.cpu / on[i].cpu);
console.log(`per pair (wall)        ${pairWall.map((x) => x.toFixed(3)).join(' ')}`);
console.log(
  `on / off speed         median of pairs: wall ${median(pairWall).toFixed(3)}   cpu ${median(pairCpu).toFixed(3)}   ratio of medians: wall ${(a.wall / b.wall).toFixed(3)}   cpu ${(a.cpu / b.cpu).toFixed(3)}`,
);
console.log('                       (1.000 = no cost; issue 5 asks >= 0.90)');

// Where the time goes, independent of the machine's speed at the moment: one more run with V8's
// sampling profiler, and the share of samples taken inside src/alerts/ (the detectors, called from
// the pipeline) against the whole run.
const profDir = mkdtempSync(join(tmpdir(), 'nl-alerts-prof-'));
try {
  run([], ['--cpu-prof', `--cpu-prof-dir=${profDir}`]);
  const prof = JSON.parse(
    readFileSync(
      join(
        profDir,
        readdirSync(profDir).find((f) => f.endsWith('.cpuprofile')),
      ),
      'utf8',
    ),
  );
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inAlerts = new Map();
  const isIn = (id) => {
    if (inAlerts.has(id)) return inAlerts.get(id);
    const own = byId.get(id).callFrame.url.includes('/src/alerts/');
    const up = parent.get(id);
    const v = own || (up !== undefined && isIn(up));
    inAlerts.set(id, v);
    return v;
  };
  let total = 0;
  let alerts = 0;
  prof.samples.forEach((id, i) => {
    const dt = prof.timeDeltas[i];
    total += dt;
    if (isIn(id)) alerts += dt;
  });
  console.log(
    `inside src/alerts/      ${((alerts / total) * 100).toFixed(1)}% of a profiled run's samples (${(alerts / 1000).toFixed(0)} of ${(total / 1000).toFixed(0)} ms; the per-packet check inlined into the pipeline is not counted)`,
  );
} finally {
  rmSync(profDir, { recursive: true, force: true });
}
