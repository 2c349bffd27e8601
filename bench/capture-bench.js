#!/usr/bin/env node
/**
 * Live capture benchmark (not a test: it prints figures and asserts nothing).
 *
 * On a veth pair between two network namespaces it creates (and removes, even on failure), it
 * replays 64-byte UDP frames with `tcpreplay --pps` from one end and captures on the other, and
 * finds, in the same run, the highest rate at which each receiver loses nothing:
 *   - `netlens capture IFACE -w /dev/null --json` (the whole engine: decode, statistics, pcap writer)
 *   - `tcpdump -w /dev/null` with the same kernel buffer size
 * Loss = frames sent (tcpreplay's count) - frames the receiver reports. Each trial sends
 * SECONDS worth of frames, so the kernel buffer alone cannot hide a receiver that falls behind.
 *
 * Needs root, iproute2, tcpreplay, tcpdump, and `npm run build` (npm run bench:capture does it).
 * Environment: NETLENS_BENCH_SECONDS (default 4), NETLENS_BENCH_RATES (comma-separated pps),
 * NETLENS_BENCH_BUFFER_MB (default 128, netlens' default), NETLENS_BENCH_PIN=0 to not pin CPUs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/netlens.js');
const SECONDS = Number(process.env.NETLENS_BENCH_SECONDS ?? 4);
const BUFFER_MB = Number(process.env.NETLENS_BENCH_BUFFER_MB ?? 128);
const RATES = (
  process.env.NETLENS_BENCH_RATES ??
  '50000,100000,150000,200000,250000,300000,350000,400000,450000,500000,600000,800000'
)
  .split(',')
  .map(Number);
const FIXTURE_PACKETS = 100_000;

function why() {
  if (process.platform !== 'linux') return 'needs Linux network namespaces';
  if (process.geteuid?.() !== 0) return 'needs root (namespaces and capture)';
  for (const t of ['ip', 'tcpreplay', 'tcpdump']) {
    if (spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0)
      return `needs ${t} (Debian: iproute2, tcpreplay, tcpdump)`;
  }
  if (!existsSync(join(ROOT, 'dist/src/capture/pcap-writer.js'))) return 'needs the build: npm run build';
  return null;
}

const reason = why();
if (reason) {
  console.log(`capture bench: skipped: ${reason}`);
  process.exit(0);
}

// ---- namespaces, removed on every way out
const id = randomBytes(3).toString('hex');
const nsA = `nl-bench-${id}-a`;
const nsB = `nl-bench-${id}-b`;
const ifA = `nlb${id}a`;
const ifB = `nlb${id}b`;
const work = mkdtempSync(join(tmpdir(), 'nl-capture-bench-'));
const children = new Set();

function sh(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || r.error?.message}`);
  return r.stdout;
}

function cleanup() {
  for (const c of children) {
    try {
      c.kill('SIGKILL');
    } catch {
      // gone
    }
  }
  for (const ns of [nsA, nsB]) spawnSync('ip', ['netns', 'del', ns]);
  rmSync(work, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

function setup() {
  for (const ns of [nsA, nsB]) {
    sh('ip', ['netns', 'add', ns]);
    sh('ip', ['netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1']);
    sh('ip', ['netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv6.conf.default.disable_ipv6=1']);
  }
  sh('ip', ['link', 'add', ifA, 'netns', nsA, 'type', 'veth', 'peer', 'name', ifB, 'netns', nsB]);
  sh('ip', ['-n', nsA, 'link', 'set', ifA, 'up']);
  sh('ip', ['-n', nsB, 'link', 'set', ifB, 'up']);
}

/** 64-byte Ethernet/IPv4/UDP frames to a MAC that is not the receiver's, so its kernel drops them after capture. */
async function makeFixture(path) {
  const { PcapWriter } = await import(join(ROOT, 'dist/src/capture/pcap-writer.js'));
  const w = PcapWriter.open(path, { linkType: 1, snaplen: 65535 });
  if (!w.ok) throw new Error(w.error.message);
  const f = Buffer.alloc(60);
  Buffer.from([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0]).copy(f, 0);
  f[14] = 0x45;
  f.writeUInt16BE(46, 16);
  f[22] = 64;
  f[23] = 17;
  Buffer.from([10, 99, 0, 1, 10, 99, 0, 2]).copy(f, 26);
  f.writeUInt16BE(9, 36);
  f.writeUInt16BE(26, 38);
  for (let i = 0; i < FIXTURE_PACKETS; i++) {
    f.writeUInt16BE(10000 + (i % 5000), 34);
    w.value.write({
      buf: f,
      offset: 0,
      capLen: 60,
      origLen: 60,
      tsSec: 1_700_000_000 + Math.floor(i / 1000),
      tsNsec: (i % 1000) * 1_000_000,
    });
  }
  w.value.close();
}

/** With 2+ cores and taskset: the sender on CPU 0, the receiver on CPU 1, so neither starves the other. */
const PIN =
  (process.env.NETLENS_BENCH_PIN ?? '1') !== '0' &&
  spawnSync('sh', ['-c', 'command -v taskset']).status === 0 &&
  availableParallelism() >= 2;
const pinned = (cpu, cmd, args) => (PIN ? ['taskset', ['-c', String(cpu), cmd, ...args]] : [cmd, args]);

function start(cmd, args, ready) {
  const [c, a] = pinned(1, cmd, args);
  const child = spawn('ip', ['netns', 'exec', nsB, c, ...a], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  const isReady = new Promise((res, rej) => {
    const t = setTimeout(() => rej(new Error(`${cmd} did not start: ${stderr}`)), 20_000);
    child.stderr.setEncoding('utf8').on('data', (d) => {
      stderr += d;
      if (ready.test(stderr)) {
        clearTimeout(t);
        res();
      }
    });
    child.once('exit', () => rej(new Error(`${cmd} exited: ${stderr}`)));
  });
  const done = new Promise((res) =>
    child.once('close', (code) => {
      children.delete(child);
      res({ code, stdout, stderr });
    }),
  );
  return { child, isReady, done };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** pps = 0: as fast as tcpreplay can (--topspeed), about 2 s worth at this machine's sender rate. */
function replay(fixture, pps) {
  const loops = Math.max(1, Math.ceil(((pps || 500_000) * SECONDS) / FIXTURE_PACKETS));
  const rate = pps ? [`--pps=${pps}`] : ['--topspeed'];
  const [c, a] = pinned(0, 'tcpreplay', ['-i', ifA, ...rate, `--loop=${loops}`, fixture]);
  const r = spawnSync('ip', ['netns', 'exec', nsA, c, ...a], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tcpreplay: ${r.stderr}`);
  const sent = Number(/Actual: (\d+) packets/.exec(r.stdout)?.[1]);
  const achieved = Number(/Rated: [\d.]+ Bps, [\d.]+ Mbps, ([\d.]+) pps/.exec(r.stdout)?.[1]);
  return { sent, achieved };
}

async function trial(kind, fixture, pps) {
  const recv =
    kind === 'netlens'
      ? start(
          process.execPath,
          [
            BIN,
            'capture',
            ifB,
            '-w',
            '/dev/null',
            '--json',
            '--status-interval',
            '0',
            '--buffer-mb',
            String(BUFFER_MB),
          ],
          /capturing on/,
        )
      : start('tcpdump', ['-i', ifB, '-n', '-w', '/dev/null', '-B', String(BUFFER_MB * 1024)], /listening on/);
  await recv.isReady;
  await sleep(200);
  const { sent, achieved } = replay(fixture, pps);
  await sleep(1000);
  recv.child.kill(kind === 'netlens' ? 'SIGTERM' : 'SIGINT');
  const out = await recv.done;
  let got;
  let kernelDrops;
  if (kind === 'netlens') {
    const report = JSON.parse(out.stdout);
    got = report.packets;
    kernelDrops = report.capture?.droppedByKernel ?? null;
  } else {
    got = Number(/(\d+) packets? captured/.exec(out.stderr)?.[1]);
    kernelDrops = Number(/(\d+) packets? dropped by kernel/.exec(out.stderr)?.[1]);
  }
  return { kind, pps, achieved, sent, got, lost: sent - got, kernelDrops };
}

function fmt(n) {
  return n === null || n === undefined || Number.isNaN(n) ? '?' : Math.round(n).toLocaleString('en-US');
}

/** Rates up the ladder until a trial loses; then the sender's top speed. Best = highest achieved rate with no loss. */
async function ladder(kind, fixture) {
  let best = null;
  let senderLimited = 0;
  for (const pps of [...RATES, 0]) {
    const t = await trial(kind, fixture, pps);
    console.log(
      `  ${kind.padEnd(8)} offered ${(pps ? fmt(pps) : 'top speed').padStart(9)} pps  achieved ${fmt(t.achieved).padStart(9)} pps  sent ${fmt(t.sent).padStart(10)}  got ${fmt(t.got).padStart(10)}  lost ${fmt(t.lost).padStart(8)}  kernel drops ${fmt(t.kernelDrops)}`,
    );
    if (t.lost !== 0) break;
    if (!best || t.achieved > best.achieved) best = t;
    // the sender is the limit (twice in a row): faster offers only repeat it; go to top speed
    if (pps && t.achieved < pps * 0.9 && ++senderLimited >= 2) {
      const top = await trial(kind, fixture, 0);
      console.log(
        `  ${kind.padEnd(8)} offered top speed pps  achieved ${fmt(top.achieved).padStart(9)} pps  sent ${fmt(top.sent).padStart(10)}  got ${fmt(top.got).padStart(10)}  lost ${fmt(top.lost).padStart(8)}  kernel drops ${fmt(top.kernelDrops)}`,
      );
      if (top.lost === 0 && top.achieved > best.achieved) best = top;
      break;
    }
  }
  return best;
}

async function main() {
  setup();
  const fixture = join(work, 'udp64.pcap');
  await makeFixture(fixture);
  const backend = spawnSync(
    process.execPath,
    [
      '-e',
      `import('${join(ROOT, 'dist/src/capture/live-native.js')}').then(m=>console.log(m.loadNativePcap()?'native binding':'cap fallback'))`,
    ],
    { encoding: 'utf8' },
  ).stdout.trim();
  console.log(
    `capture bench: 64-byte UDP frames over a veth pair, ${SECONDS} s per trial, kernel buffer ${BUFFER_MB} MB for both; netlens on the ${backend}${PIN ? '; sender pinned to CPU 0, receiver to CPU 1' : ''}`,
  );
  const netlens = await ladder('netlens', fixture);
  const tcpdump = await ladder('tcpdump', fixture);
  const n = netlens?.achieved ?? 0;
  const t = tcpdump?.achieved ?? 0;
  console.log('');
  const limited = (b) =>
    b && (b.pps === 0 || b.achieved < b.pps * 0.9)
      ? " (the sender's limit: no loss at the fastest tcpreplay managed)"
      : '';
  console.log(`max zero-loss rate  netlens capture: ${fmt(n)} pps${limited(netlens)}`);
  console.log(`max zero-loss rate  tcpdump -w /dev/null: ${fmt(t)} pps${limited(tcpdump)}`);
  console.log(`ratio netlens / tcpdump: ${t > 0 ? (n / t).toFixed(2) : '?'}`);
}

main().catch((err) => {
  console.error(`capture bench failed: ${err.message}`);
  process.exitCode = 1;
});
