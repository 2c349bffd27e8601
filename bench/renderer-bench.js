#!/usr/bin/env node
// Benchmark (not a test): the renderer in Debian's Chromium fed by `netlens serve` replaying the
// 5M-packet capture at full speed. For each view (dashboard, connections, packets following the
// newest) it prints frame times, long tasks, JS heap and the size of every snapshot received.
// Asserts nothing about time. Usage: npm run bench:renderer [-- [FILE] [--view dashboard|connections|packets]... [--profile]]
// (--profile also prints where the page's JavaScript spent its time, by function;
// NL_BENCH_BREAKDOWN=1 what the heaviest frames spent their time on, by trace event.)
//
// Frame time: a Chromium trace (CDP Tracing) of the replay gives, for every frame the renderer's
// main thread begins (BeginMainThreadFrame), the main-thread work done in it: the sum of the
// top-level tasks (RunTask: WebSocket messages, Svelte updates, Chart.js drawing, style, layout,
// paint) from that frame's start to the next one's. That must stay under 16 ms at p95. The
// requestAnimationFrame cadence (60 Hz) is printed too, with the frames that missed a vsync.
// Heap: the CDP's Runtime.getHeapUsage, sampled every 250 ms. Snapshots: the WebSocket frames of
// the `snapshot` event, in bytes as sent.
/* global window, document, requestAnimationFrame -- in-page functions run in Chromium */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const cpuProfile = argv.includes('--profile');
const views = argv.flatMap((a, i) => (argv[i - 1] === '--view' ? [a] : []));
const positional = argv.filter((a, i) => a !== '--view' && a !== '--profile' && argv[i - 1] !== '--view');
const file = resolve(positional[0] ?? `${root}/bench/data/bench-5M.pcap`);
const CHROMIUM = process.env.NETLENS_CHROMIUM ?? '/usr/bin/chromium';
const BUDGET_MS = 16;
const HEAP_LIMIT_MB = 200;
const SNAPSHOT_LIMIT = 64 * 1024;

for (const [what, path] of [
  ['capture', file],
  ['Chromium', CHROMIUM],
  ['built renderer', `${root}/dist/renderer/index.html`],
]) {
  if (!existsSync(path)) {
    console.error(
      `renderer-bench: ${what} not found at ${path}${what === 'capture' ? ' (npm run bench builds it)' : ''}`,
    );
    process.exit(2);
  }
}

function startServe() {
  const child = spawn(process.execPath, [`${root}/bin/netlens.js`, 'serve', '--port', '0', '--no-probe'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolveUrl, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const m = /(http:\/\/\S+\?token=\S+)\n/.exec(out);
      if (m) resolveUrl({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`netlens serve exited (${code})`)));
  });
}

const pct = (sorted, p) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const f1 = (n) => (Number.isFinite(n) ? n.toFixed(1) : '–');

/** In the page: rAF deltas and long tasks, kept until collected. */
function installProbes() {
  const w = window;
  w.__bench = { deltas: [], longTasks: [], running: false };
  let last = 0;
  const loop = (t) => {
    if (w.__bench.running) {
      if (last) w.__bench.deltas.push(t - last);
      last = t;
    } else last = 0;
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  try {
    new PerformanceObserver((list) => {
      if (w.__bench.running) for (const e of list.getEntries()) w.__bench.longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  } catch {
    // no long-task timing in this browser
  }
}

/** Per-frame main-thread work from trace events: frames start at BeginMainThreadFrame. */
function frameWork(events) {
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name);
  const main = [...names].filter(([, n]) => n === 'CrRendererMain').map(([k]) => k);
  // the renderer main thread with the most frames is the page's
  let best = null;
  let bestFrames = [];
  for (const key of main) {
    const frames = events
      .filter((e) => `${e.pid}:${e.tid}` === key && e.name === 'BeginMainThreadFrame')
      .map((e) => e.ts)
      .sort((a, b) => a - b);
    if (frames.length > bestFrames.length) {
      best = key;
      bestFrames = frames;
    }
  }
  if (!best || bestFrames.length < 2) return { perFrame: [], tasks: [] };
  const tasks = events
    .filter(
      (e) =>
        `${e.pid}:${e.tid}` === best &&
        e.ph === 'X' &&
        (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') &&
        e.dur > 0,
    )
    .map((e) => ({ start: e.ts, end: e.ts + e.dur }));
  tasks.sort((a, b) => a.start - b.start);
  const perFrame = [];
  let t = 0;
  for (let i = 0; i + 1 < bestFrames.length; i++) {
    const from = bestFrames[i];
    const to = bestFrames[i + 1];
    while (t < tasks.length && tasks[t].end <= from) t++;
    let busy = 0;
    for (let j = t; j < tasks.length && tasks[j].start < to; j++)
      busy += Math.min(to, tasks[j].end) - Math.max(from, tasks[j].start);
    perFrame.push(busy / 1000);
  }
  if (process.env.NL_BENCH_BREAKDOWN) {
    // what the heaviest frames did: the main thread's timeline events inside them, by name
    const heavy = perFrame
      .map((w, i) => [w, i])
      .sort((a, b) => b[0] - a[0])
      .slice(0, Math.ceil(perFrame.length * 0.08));
    const byName = new Map();
    const evs = events.filter(
      (e) => `${e.pid}:${e.tid}` === best && e.ph === 'X' && e.dur > 0 && e.cat.includes('devtools.timeline'),
    );
    for (const [, i] of heavy) {
      for (const e of evs)
        if (e.ts >= bestFrames[i] && e.ts < bestFrames[i + 1])
          byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur / 1000 / heavy.length);
    }
    const raf = evs
      .filter((e) => e.name === 'FireAnimationFrame' && e.dur > 1000)
      .map((e) => e.dur / 1000)
      .sort((a, b) => a - b);
    console.log(
      `  animation-frame callbacks over 1 ms: ${raf.length}, p50 ${f1(pct(raf, 50))} ms, p95 ${f1(pct(raf, 95))} ms, max ${f1(raf.at(-1))} ms`,
    );
    console.log(
      '  heaviest 8% of frames, mean ms per frame by event:',
      [...byName]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([n, ms]) => `${n} ${ms.toFixed(2)}`)
        .join(', '),
    );
  }
  return { perFrame, tasks: tasks.map((x) => (x.end - x.start) / 1000) };
}

/** Self time by function from a CPU profile, the top 25. */
function printProfile(p) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = new Map();
  for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  let total = 0;
  for (const [id, us] of dt) {
    const n = byId.get(id);
    const f = n.callFrame;
    if (f.functionName === '(idle)' || f.functionName === '(program)') continue;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + us);
    total += us;
  }
  console.log(`  CPU profile: ${(total / 1000).toFixed(0)} ms of script and GC; top self time:`);
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`    ${(us / 1000).toFixed(1).padStart(7)} ms  ${k}`);
}

async function run(view, unlimited) {
  const served = await startServe();
  const profile = mkdtempSync(join(tmpdir(), 'nl-bench-chrome-'));
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ];
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args,
  });
  try {
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const snapshots = [];
    let replayStart = 0;
    page.on('websocket', (ws) => {
      ws.on('framereceived', ({ payload }) => {
        const text = typeof payload === 'string' ? payload : payload.toString('utf8');
        if (text.startsWith('{"event":"snapshot"')) snapshots.push({ at: Date.now(), bytes: Buffer.byteLength(text) });
      });
    });
    await page.addInitScript(installProbes);
    await page.goto(served.url);
    await page.waitForFunction(() => document.querySelector('[data-stat="state"]') !== null);
    await page.click(`nav [data-view="${view}"]`);
    const cdp = await ctx.newCDPSession(page);
    const heap = [];
    const sampler = setInterval(() => {
      cdp.send('Runtime.getHeapUsage').then(
        (h) => heap.push(h.usedSize / 1048576),
        () => {},
      );
    }, 250);

    const trace = [];
    cdp.on('Tracing.dataCollected', (d) => trace.push(...d.value));
    const traced = new Promise((res) => cdp.once('Tracing.tracingComplete', res));
    if (unlimited) {
      await cdp.send('Tracing.start', {
        transferMode: 'ReportEvents',
        traceConfig: {
          includedCategories: [
            'toplevel',
            'devtools.timeline',
            'disabled-by-default-devtools.timeline.frame',
            '__metadata',
          ],
          recordMode: 'recordContinuously',
        },
      });
    }
    if (cpuProfile && unlimited) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    await page.evaluate(() => (window.__bench.running = true));
    replayStart = Date.now();
    await page.getByRole('button', { name: 'Open file…' }).click();
    await page.getByLabel('Path of a pcap or pcapng file').fill(file);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.waitForFunction(
      () => document.querySelector('[data-stat="state"]')?.textContent?.includes('File read'),
      null,
      { timeout: 600_000, polling: 500 },
    );
    const replaySec = (Date.now() - replayStart) / 1000;
    await page.waitForTimeout(500);
    const probes = await page.evaluate(() => {
      window.__bench.running = false;
      return { deltas: window.__bench.deltas, longTasks: window.__bench.longTasks };
    });
    clearInterval(sampler);
    if (cpuProfile && unlimited) printProfile((await cdp.send('Profiler.stop')).profile);
    let work = { perFrame: [], tasks: [] };
    if (unlimited) {
      await cdp.send('Tracing.end');
      await traced;
      work = frameWork(trace);
    }
    await cdp.send('HeapProfiler.collectGarbage');
    const after = (await cdp.send('Runtime.getHeapUsage')).usedSize / 1048576;
    const packets = await page.locator('[data-stat="packets"]').textContent();
    return { view, unlimited, replaySec, packets, snapshots, heap, heapAfterGc: after, work, ...probes };
  } finally {
    await ctx.close();
    rmSync(profile, { recursive: true, force: true });
    served.child.kill('SIGTERM');
  }
}

function report(r) {
  const d = [...r.deltas].sort((a, b) => a - b);
  const sizes = r.snapshots.map((s) => s.bytes).sort((a, b) => a - b);
  const heapMax = Math.max(...r.heap);
  console.log(
    `\n${r.view}${r.unlimited ? '' : ' (no trace)'}: replay of ${r.packets} packets took ${r.replaySec.toFixed(1)} s`,
  );
  if (r.unlimited) {
    const w = [...r.work.perFrame].sort((a, b) => a - b);
    const t = [...r.work.tasks].sort((a, b) => a - b);
    console.log(
      `  main-thread work per frame: ${w.length} frames  p50 ${f1(pct(w, 50))} ms  p95 ${f1(pct(w, 95))} ms  p99 ${f1(pct(w, 99))} ms  max ${f1(w.at(-1))} ms` +
        `  (p95 ${pct(w, 95) < BUDGET_MS ? 'under' : 'OVER'} ${BUDGET_MS} ms; ${w.filter((x) => x >= BUDGET_MS).length} frames at or over)`,
    );
    console.log(`  main-thread tasks: ${t.length}  p95 ${f1(pct(t, 95))} ms  max ${f1(t.at(-1))} ms`);
  }
  console.log(
    `  requestAnimationFrame interval: ${d.length} frames  p50 ${f1(pct(d, 50))} ms  p95 ${f1(pct(d, 95))} ms  max ${f1(d.at(-1))} ms  missed a vsync (>25 ms): ${d.filter((x) => x > 25).length}`,
  );
  console.log(
    `  long tasks (>50 ms): ${r.longTasks.length}${r.longTasks.length ? `, longest ${f1(Math.max(...r.longTasks))} ms` : ''}`,
  );
  console.log(
    `  JS heap: max ${f1(heapMax)} MB during the replay, ${f1(r.heapAfterGc)} MB after GC (${heapMax < HEAP_LIMIT_MB ? 'under' : 'OVER'} ${HEAP_LIMIT_MB} MB)`,
  );
  const rate =
    r.snapshots.length > 1 ? (r.snapshots.length - 1) / ((r.snapshots.at(-1).at - r.snapshots[0].at) / 1000) : 0;
  console.log(
    `  snapshots: ${sizes.length} (${f1(rate)}/s), size p50 ${(pct(sizes, 50) / 1024).toFixed(1)} KB  max ${(sizes.at(-1) / 1024).toFixed(1)} KB` +
      `  (${sizes.at(-1) < SNAPSHOT_LIMIT ? 'every one under' : 'OVER'} 64 KB)`,
  );
}

console.log(`renderer benchmark: ${file}, Chromium ${CHROMIUM}, 1280×800`);
for (const view of views.length ? views : ['dashboard', 'connections', 'packets']) report(await run(view, true));
// the dashboard again without tracing, whose own cost shows in the frame cadence
if (views.length === 0) report(await run('dashboard', false));
