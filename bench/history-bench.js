#!/usr/bin/env node
/**
 * History benchmark (not a test: it prints figures and asserts nothing).
 *
 * 1. Write cost: the engine's packet path (PacketPipeline: decode + analysis) fed at a steady
 *    100,000 packets/s for NETLENS_BENCH_SECONDS, once without history and once with the
 *    recorder and the store in its worker thread (writing every 7 s, as in the app). CPU is the
 *    whole process's (user + system, every thread), so the ratio is what history adds.
 * 2. Sustained flow writes: flows/s through the worker (batches as the recorder sends them).
 * 3. Queries on a synthetic 30-day store (50 local / 5,000 remote hosts, 30 apps, 10M flows and
 *    the per-minute usage they make, rolled up to hours by the store's own upkeep): top-10 apps
 *    over 30 days and a 30-day per-day chart by app, each run 7 times (median and worst), and the
 *    store's size on disk. The synthetic rows are made by DuckDB itself (INSERT ... SELECT over
 *    range()), which takes a minute rather than the hours a replay would.
 *
 * Needs `npm run build` (npm run bench:history does it). NETLENS_BENCH_FLOWS (default 10,000,000),
 * NETLENS_BENCH_SECONDS (default 10, per run; 3 runs each way), NETLENS_BENCH_KEEP=1 keeps the stores (the
 * month's path is printed), NETLENS_BENCH_STORE=PATH reuses a kept month, NETLENS_BENCH_PARTS=cpu,writes,queries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const dist = (p) => import(join(ROOT, 'dist/src', p));
const { PacketPipeline } = await dist('session/pipeline.js');
const { SessionView } = await dist('session/session-view.js');
const { HistoryRecorder } = await dist('history/history-recorder.js');
const { HistoryClient } = await dist('history/history-client.js');
const { HistoryStore } = await dist('history/history-store.js');
const { dayEdges } = await dist('history/usage-query.js');
const { fileBytes } = await dist('history/upkeep.js');

const FLOWS = Number(process.env.NETLENS_BENCH_FLOWS ?? 10_000_000);
const SECONDS = Number(process.env.NETLENS_BENCH_SECONDS ?? 10);
const PPS = 100_000;
const dir = mkdtempSync(join(tmpdir(), 'netlens-history-bench-'));
const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;

/** 4,096 Ethernet/IPv4/TCP|UDP frames between 50 local and 5,000 remote hosts (cycled). */
function frames() {
  const out = [];
  let seed = 99;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >>> 8;
  for (let i = 0; i < 4096; i++) {
    const f = Buffer.alloc(14 + 20 + 20 + 100 + (rnd() % 1200));
    f.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0], 0);
    const local = (192 << 24) | (168 << 16) | (1 << 8) | (10 + (rnd() % 50));
    const remote = (93 << 24) | (rnd() % 5000);
    const out_ = rnd() % 2 === 0;
    const tcp = rnd() % 4 !== 0;
    f[14] = 0x45;
    f.writeUInt16BE(f.length - 14, 16);
    f[22] = 64;
    f[23] = tcp ? 6 : 17;
    f.writeUInt32BE((out_ ? local : remote) >>> 0, 26);
    f.writeUInt32BE((out_ ? remote : local) >>> 0, 30);
    f.writeUInt16BE(out_ ? 40000 + (i % 2000) : tcp ? 443 : 53, 34);
    f.writeUInt16BE(out_ ? (tcp ? 443 : 53) : 40000 + (i % 2000), 36);
    if (tcp) {
      f[46] = 0x50;
      f[47] = 0x18;
    } else f.writeUInt16BE(f.length - 34, 38);
    out.push(f);
  }
  return out;
}

/** Feeds the pipeline PPS packets per second (stamped with the wall clock) for SECONDS; answers the CPU used. */
async function paced(withHistory) {
  // the engine's per-packet work: decode, analysis, the detectors, the session view's rings and counts
  const pipeline = new PacketPipeline({});
  const view = new SessionView(pipeline, { localAddresses: ['192.168.1.10'] });
  pipeline.addObserver(view);
  let client = null;
  let rec = null;
  if (withHistory) {
    const c = await HistoryClient.open(join(dir, `paced-${Date.now()}.duckdb`));
    if (!c.ok) throw new Error(c.error.message);
    client = c.value;
    const now = Date.now() / 1000;
    const base = {
      kind: 'live',
      iface: 'bench0',
      network: '',
      filter: '',
      file: null,
      started: now,
      stopped: null,
      lastSeen: now,
      stopReason: null,
      packets: 0,
      bytes: 0,
      dropped: 0,
    };
    const id = await client.call('beginSession', base);
    rec = new HistoryRecorder({
      sink: client,
      session: { ...base, id },
      analyzer: pipeline.analyzer,
      localAddresses: [],
    });
    pipeline.addObserver(rec);
  }
  const fs = frames();
  const pkt = { buf: fs[0], offset: 0, capLen: 0, origLen: 0, tsSec: 0, tsNsec: 0, linkType: 1, ifIndex: 0 };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let sent = 0;
  let late = 0;
  while (performance.now() - t0 < SECONDS * 1000) {
    const due = Math.floor(((performance.now() - t0) / 1000) * PPS);
    const nowMs = Date.now();
    for (; sent < due; sent++) {
      const f = fs[sent & 4095];
      pkt.buf = f;
      pkt.capLen = pkt.origLen = f.length;
      pkt.tsSec = Math.floor(nowMs / 1000);
      pkt.tsNsec = (nowMs % 1000) * 1e6;
      pipeline.push(pkt);
    }
    if (due - sent > PPS / 10) late++;
    pipeline.alerts?.advance(Date.now() / 1000);
    view.tick();
    await new Promise((r) => setTimeout(r, 5));
  }
  if (rec) await rec.stop('user');
  const cpu = process.cpuUsage(cpu0);
  const wall = (performance.now() - t0) / 1000;
  if (client) await client.close();
  return { cpuSec: (cpu.user + cpu.system) / 1e6, wall, sent, late };
}

async function flowWrites() {
  const c = await HistoryClient.open(join(dir, 'flows.duckdb'));
  if (!c.ok) throw new Error(c.error.message);
  const client = c.value;
  const now = Date.now() / 1000;
  const base = {
    kind: 'live',
    iface: 'bench0',
    network: '',
    filter: '',
    file: null,
    started: now,
    stopped: null,
    lastSeen: now,
    stopReason: null,
    packets: 0,
    bytes: 0,
    dropped: 0,
  };
  const id = await client.call('beginSession', base);
  const batch = [];
  for (let i = 0; i < 10_000; i++)
    batch.push({
      session: id,
      protocol: 'tcp',
      local: `192.168.1.${10 + (i % 50)}`,
      localPort: 40000 + (i % 20000),
      remote: `93.184.${(i >> 8) & 255}.${i & 255}`,
      remotePort: 443,
      outbound: true,
      app: `app${i % 30}`,
      service: 'https',
      name: `host${i % 5000}.example`,
      country: 'DE',
      asn: 3320,
      bytesOut: 1000 + i,
      bytesIn: 50000 + i,
      packetsOut: 10,
      packetsIn: 40,
      start: now - 60 + (i % 60),
      duration: 1.5,
      rttMs: 12.5,
      retransmissions: 0,
    });
  const n = 50;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let k = 0; k < n; k++)
    await client.write({
      session: { ...base, id },
      minutes: [],
      probes: [],
      flows: batch,
      alerts: [],
      suggestions: [],
    });
  const sec = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await client.close();
  return { flows: n * batch.length, sec, cpuSec: (cpu.user + cpu.system) / 1e6 };
}

/** The synthetic month, made by DuckDB in the store's own tables; then the store's roll-up. */
async function synthetic(path) {
  const now = Math.floor(Date.now() / 1000 / 3600) * 3600;
  const from = now - 30 * 86400;
  const s = await HistoryStore.open(path, { now: () => now + 3600 });
  if (!s.ok) throw new Error(s.error.message);
  const db = s.value.db.db;
  const t0 = performance.now();
  await db.run(
    `INSERT INTO sessions SELECT 1, 'live', 'wlan0', 'home', '', NULL, ${from}, ${now}, ${now}, 'user', 0, 0, 0`,
  );
  await db.run(`
    INSERT INTO flows SELECT 1 AS session,
      ${from} + (i * ${(30 * 86400) / FLOWS}) + random() AS start,
      (random() * random() * 120) AS duration,
      CASE WHEN i % 5 = 0 THEN 'udp' ELSE 'tcp' END AS protocol,
      '192.168.1.' || (10 + (hash(i) % 50)) AS local, 40000 + (i % 20000) AS local_port,
      '93.' || (hash(i * 7) % 20) || '.' || ((hash(i * 7) // 20) % 250) || '.1' AS remote,
      CASE WHEN i % 5 = 0 THEN 53 ELSE 443 END AS remote_port, true AS outbound,
      'app' || (hash(i * 13) % 30) AS app, CASE WHEN i % 5 = 0 THEN 'dns' ELSE 'https' END AS service,
      'host' || (hash(i * 7) % 5000) || '.example' AS name, ['DE','US','FR','NL','GB'][(1 + hash(i * 7) % 5)::BIGINT] AS country,
      3320 + (hash(i * 7) % 40)::INTEGER AS asn,
      (200 + random() * 20000)::BIGINT AS bytes_out, (500 + random() * 200000)::BIGINT AS bytes_in,
      (2 + random() * 20)::BIGINT AS packets_out, (2 + random() * 150)::BIGINT AS packets_in,
      5 + random() * 80 AS rtt_ms, (random() * 2)::INTEGER AS retransmissions
    FROM range(${FLOWS}) t(i)`);
  const tFlows = (performance.now() - t0) / 1000;
  // per-minute usage: what those flows carried, in the minute each started
  await db.run(`
    INSERT INTO usage_minute SELECT session, (start // 60)::INTEGER, 0, local, remote, app, service, country, asn,
      sum(bytes_in), sum(bytes_out), sum(packets_in), sum(packets_out)
    FROM flows GROUP BY ALL ORDER BY 2`);
  const tUsage = (performance.now() - t0) / 1000;
  await s.value.db.upkeep.rollUp();
  await db.run('CHECKPOINT');
  const tAll = (performance.now() - t0) / 1000;
  const counts = await db.one(
    'SELECT (SELECT count(*) FROM flows) f, (SELECT count(*) FROM usage_minute) m, (SELECT count(*) FROM usage_hour) h',
  );
  return { store: s.value, from, now, tFlows, tUsage, tAll, counts };
}

/** A synthetic store kept by an earlier run (NETLENS_BENCH_STORE): its own month. */
async function reopen(path) {
  const s = await HistoryStore.open(path);
  if (!s.ok) throw new Error(s.error.message);
  const db = s.value.db.db;
  const r = await db.one('SELECT min(started) AS from_, max(stopped) AS now FROM sessions');
  const counts = await db.one(
    'SELECT (SELECT count(*) FROM flows) f, (SELECT count(*) FROM usage_minute) m, (SELECT count(*) FROM usage_hour) h',
  );
  return { store: s.value, from: r.from_, now: r.now, tFlows: 0, tUsage: 0, tAll: 0, counts };
}

async function timed(f, n = 7) {
  const ms = [];
  let last;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    last = await f();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(n / 2)], worst: ms[n - 1], last };
}

const PARTS = (process.env.NETLENS_BENCH_PARTS ?? 'cpu,writes,queries').split(',');

try {
  console.log(
    `history bench: ${SECONDS} s at ${PPS.toLocaleString()} packets/s, then ${FLOWS.toLocaleString()} synthetic flows`,
  );
  if (PARTS.includes('cpu')) await cpuPart();
  if (PARTS.includes('writes')) {
    const w = await flowWrites();
    console.log(
      `flow writes: ${w.flows.toLocaleString()} flows in ${w.sec.toFixed(2)} s = ${Math.round(w.flows / w.sec).toLocaleString()} flows/s sustained (CPU ${w.cpuSec.toFixed(2)} s)`,
    );
  }
  if (PARTS.includes('queries')) await queryPart();
} finally {
  if (process.env.NETLENS_BENCH_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
}

async function cpuPart() {
  // alternated, three of each: the machine's speed moves, the ratio of neighbours is what holds
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push([await paced(false), await paced(true)]);
  const pct = (x) => ((x.cpuSec / x.wall) * 100).toFixed(1);
  for (const [off, on] of runs)
    console.log(
      `  without history ${off.cpuSec.toFixed(2)} s CPU (${pct(off)}% of a core), with ${on.cpuSec.toFixed(2)} s (${pct(on)}%): ` +
        `+${(((on.cpuSec - off.cpuSec) / off.cpuSec) * 100).toFixed(1)}%; ${on.sent.toLocaleString()} packets each, late ticks ${off.late}/${on.late}`,
    );
  const adds = runs.map(([off, on]) => (on.cpuSec - off.cpuSec) / off.cpuSec).sort((a, b) => a - b);
  const totalOff = runs.reduce((t, [off]) => t + off.cpuSec, 0);
  const totalOn = runs.reduce((t, [, on]) => t + on.cpuSec, 0);
  console.log(
    `history adds ${(adds[1] * 100).toFixed(1)}% (median of 3; all runs together ${(((totalOn - totalOff) / totalOff) * 100).toFixed(1)}%) to the engine's CPU at ${PPS.toLocaleString()} pps (bar: <= 5%)`,
  );
}

async function queryPart() {
  const existing = process.env.NETLENS_BENCH_STORE;
  const path = existing ?? join(dir, 'month.duckdb');
  const m = existing ? await reopen(path) : await synthetic(path);
  console.log(
    `synthetic month: ${Number(m.counts.f).toLocaleString()} flows, ${Number(m.counts.m).toLocaleString()} minute rows, ${Number(m.counts.h).toLocaleString()} hour rows; made in ${m.tAll.toFixed(1)} s (flows ${m.tFlows.toFixed(1)} s)`,
  );
  const top = await timed(() => m.store.usage({ from: m.from, to: m.now, by: 'app', top: 10 }));
  const chart = await timed(() =>
    m.store.usage({ from: m.from, to: m.now, by: 'app', edges: dayEdges(m.from, m.now), top: 10 }),
  );
  const hosts = await timed(() =>
    m.store.usage({ from: m.from, to: m.now, by: 'host', edges: dayEdges(m.from, m.now), top: 10 }),
  );
  const flows = await timed(() =>
    m.store.flows({ from: m.now - 86400, to: m.now, filter: { host: 'host42.' }, limit: 100 }),
  );
  const topApp = top.last.ok ? top.last.value.groups[0] : null;
  console.log(
    `top-10 apps over 30 days:          median ${top.median.toFixed(0)} ms, worst ${top.worst.toFixed(0)} ms (bar: <= 200 ms); top ${topApp?.key} ${mb(topApp.bytesIn + topApp.bytesOut)}`,
  );
  console.log(
    `30-day per-day chart by app:       median ${chart.median.toFixed(0)} ms, worst ${chart.worst.toFixed(0)} ms (bar: <= 200 ms); ${chart.last.ok ? chart.last.value.buckets.length : '?'} days`,
  );
  console.log(
    `30-day per-day chart by host:      median ${hosts.median.toFixed(0)} ms, worst ${hosts.worst.toFixed(0)} ms`,
  );
  console.log(
    `one day's flows matching a name:   median ${flows.median.toFixed(0)} ms, worst ${flows.worst.toFixed(0)} ms (${flows.last.ok ? flows.last.value.total : '?'} flows)`,
  );
  await m.store.close();
  console.log(`store size: ${mb(fileBytes(path))} on disk (bar: <= 1,500 MB)`);
  if (process.env.NETLENS_BENCH_KEEP === '1') console.log(`kept: ${path}`);
}
