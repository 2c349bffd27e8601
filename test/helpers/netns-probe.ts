/**
 * A two-namespace lab for the prober's tests: `near` (where ping runs) and `far` (which answers),
 * joined by a veth pair on a private 10.x subnet that exists only inside the namespaces. Nothing is
 * ever sent off this machine.
 *
 * This kernel has no netem, so `far` turns off the kernel's echo replies and runs
 * netns-probe-responder.py, which answers echo requests itself after a delay from a seeded
 * schedule and logs what it actually applied. `near` gets its own /etc (via /etc/netns/<name>/,
 * which `ip netns exec` mounts over /etc): a resolv.conf, a hosts file and "hosts: files" only, so
 * names resolve (or fail) at once without any DNS server.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

export const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
export const NETNS_SKIP_REASON = 'prober namespace tests need root (ip netns, raw ICMP sockets): skipped';

export const REPO = resolve(import.meta.dirname, '../..');
export const BIN = join(REPO, 'bin/netlens.js');
const RESPONDER = join(import.meta.dirname, 'netns-probe-responder.py');
const DIST_PROBE = join(REPO, 'dist/src/probe');

export interface ResponderOptions {
  seed: number;
  minMs?: number;
  maxMs?: number;
  dropEvery?: number;
  lateEvery?: number;
  lateMs?: number;
}

/** One echo request as the responder handled it. */
export interface ResponderRecord {
  src: string;
  dst: string;
  id: number;
  seq: number;
  dropped: boolean;
  late?: boolean;
  plannedMs?: number;
  /** The delay really applied, measured by the responder from receive to send. */
  appliedMs?: number;
}

export interface Responder {
  records(): ResponderRecord[];
  stop(): void;
}

export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ProbeLab {
  near: string;
  far: string;
  nearAddr: string;
  farAddr: string;
  /** An address on the link that nobody answers. */
  silentAddr: string;
  /** Resolves to farAddr inside `near`. */
  farName: string;
  /** The DNS servers near's resolv.conf lists (nobody answers them). */
  dnsServers: string[];
  startResponder(o: ResponderOptions): Promise<Responder>;
  /** Runs a command inside `near`. */
  execNear(file: string, args: string[], o?: { timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<ExecResult>;
  /** Runs the built Prober inside `near` (see CHILD below) and returns what it printed. */
  runProber(o: ChildRequest, timeoutMs?: number): Promise<ChildResult>;
  cleanup(): Promise<void>;
}

export type ChildRequest = { op: 'probe'; prober: Record<string, unknown>; runMs?: number } | { op: 'targets' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ChildResult = any;

// The child runs from a temp dir and imports the built engine by absolute path (the worker needs dist/).
const CHILD = `
const req = JSON.parse(process.argv[2]);
const dist = process.argv[3];
if (req.op === 'targets') {
  const { defaultTargets } = await import(dist + '/default-targets.js');
  process.stdout.write(JSON.stringify(await defaultTargets()));
} else {
  const { Prober } = await import(dist + '/prober.js');
  const prober = new Prober(req.prober);
  const updates = [];
  const samples = {};
  prober.on('update', (u) => {
    updates.push({ at: Date.now(), t: u.snapshot.t });
    for (const b of u.samples) (samples[b.host] ??= []).push(...b.samples);
  });
  const started = prober.start();
  if (!started.ok) { process.stdout.write(JSON.stringify({ error: started.error })); process.exit(0); }
  const t0 = Date.now();
  let doneAt = null;
  await new Promise((resolve) => {
    prober.on('done', () => { doneAt = Date.now(); resolve(); });
    if (req.runMs) setTimeout(resolve, req.runMs);
  });
  const stopAt = Date.now();
  const final = await prober.stop();
  process.stdout.write(JSON.stringify({ final, updates, samples, t0, doneAt, stopAt }));
}
`;

async function sh(file: string, args: string[]): Promise<void> {
  await execFileP(file, args);
}

async function quiet(file: string, args: string[]): Promise<void> {
  await execFileP(file, args).catch(() => undefined);
}

export async function createProbeLab(): Promise<ProbeLab> {
  const id = randomBytes(3).toString('hex');
  const near = `nl-probe-${id}n`;
  const far = `nl-probe-${id}f`;
  const vNear = `nlp${id}n`;
  const vFar = `nlp${id}f`;
  const net = `10.${100 + (parseInt(id.slice(0, 2), 16) % 100)}.${parseInt(id.slice(2, 4), 16)}`;
  const nearAddr = `${net}.1`;
  const farAddr = `${net}.2`;
  const dnsServers = [`${net}.53`, `${net}.54`];
  const etcDir = `/etc/netns/${near}`;
  const work = mkdtempSync(join(tmpdir(), 'nl-probe-'));
  const responders: ChildProcess[] = [];

  const cleanup = async () => {
    for (const r of responders) if (r.exitCode === null) r.kill('SIGKILL');
    // Whatever still runs inside the namespaces (stray pings, responders) goes first.
    for (const ns of [near, far]) {
      const pids = await execFileP('ip', ['netns', 'pids', ns]).then(
        (r) => r.stdout.split(/\s+/).filter(Boolean),
        () => [],
      );
      for (const pid of pids) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await quiet('ip', ['netns', 'del', ns]);
    }
    rmSync(etcDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  };

  try {
    await sh('ip', ['netns', 'add', near]);
    await sh('ip', ['netns', 'add', far]);
    await sh('ip', ['link', 'add', vNear, 'netns', near, 'type', 'veth', 'peer', 'name', vFar, 'netns', far]);
    await sh('ip', ['-n', near, 'addr', 'add', `${nearAddr}/24`, 'dev', vNear]);
    await sh('ip', ['-n', far, 'addr', 'add', `${farAddr}/24`, 'dev', vFar]);
    for (const [ns, dev] of [
      [near, vNear],
      [far, vFar],
    ]) {
      await sh('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
      await sh('ip', ['-n', ns, 'link', 'set', dev, 'up']);
    }
    await sh('ip', ['-n', near, 'route', 'add', 'default', 'via', farAddr]);
    await sh('ip', ['netns', 'exec', far, 'sysctl', '-q', 'net.ipv4.icmp_echo_ignore_all=1']);
    mkdirSync(etcDir, { recursive: true });
    writeFileSync(join(etcDir, 'resolv.conf'), dnsServers.map((s) => `nameserver ${s}\n`).join(''));
    writeFileSync(join(etcDir, 'hosts'), `127.0.0.1 localhost\n${farAddr} far.nl-probe.test\n`);
    writeFileSync(join(etcDir, 'nsswitch.conf'), 'hosts: files\n');
    writeFileSync(join(work, 'child.mjs'), CHILD);
  } catch (err) {
    await cleanup();
    throw err;
  }

  const execNear: ProbeLab['execNear'] = (file, args, o = {}) =>
    new Promise((resolveExec) => {
      execFile(
        'ip',
        ['netns', 'exec', near, file, ...args],
        { timeout: o.timeoutMs ?? 60_000, env: o.env ?? process.env, maxBuffer: 64 << 20 },
        (err, stdout, stderr) => {
          const code = err
            ? typeof (err as { code?: unknown }).code === 'number'
              ? (err as { code: number }).code
              : null
            : 0;
          resolveExec({ code, stdout: String(stdout), stderr: String(stderr) });
        },
      );
    });

  return {
    near,
    far,
    nearAddr,
    farAddr,
    silentAddr: `${net}.9`,
    farName: 'far.nl-probe.test',
    dnsServers,
    async startResponder(o) {
      const log = join(work, `responder-${responders.length}.jsonl`);
      writeFileSync(log, '');
      const args = [
        // Real-time priority, so a busy machine (tests run in parallel) does not stretch its delays.
        'netns',
        'exec',
        far,
        'chrt',
        '-f',
        '10',
        'python3',
        RESPONDER,
        '--seed',
        String(o.seed),
        '--log',
        log,
        '--min-ms',
        String(o.minMs ?? 32),
        '--max-ms',
        String(o.maxMs ?? 48),
        '--drop-every',
        String(o.dropEvery ?? 0),
        '--late-every',
        String(o.lateEvery ?? 0),
        '--late-ms',
        String(o.lateMs ?? 1500),
      ];
      const child = spawn('ip', args, { stdio: ['ignore', 'pipe', 'inherit'] });
      responders.push(child);
      await new Promise<void>((ready, failed) => {
        child.stdout!.once('data', () => ready());
        child.once('exit', (code) => failed(new Error(`responder exited with ${code}`)));
      });
      return {
        records: () =>
          readFileSync(log, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as ResponderRecord),
        stop: () => {
          child.kill('SIGKILL');
        },
      };
    },
    execNear,
    async runProber(req, timeoutMs = 120_000) {
      const r = await execNear('node', [join(work, 'child.mjs'), JSON.stringify(req), DIST_PROBE], { timeoutMs });
      if (r.code !== 0) throw new Error(`prober child failed (${r.code}): ${r.stderr}`);
      return JSON.parse(r.stdout);
    },
    cleanup,
  };
}

/** The prober's tests run the built worker: say so plainly when dist/ is missing. */
export function requireBuild(): void {
  try {
    readFileSync(join(DIST_PROBE, 'prober-worker.js'));
  } catch {
    throw new Error('dist/ is not built: run `npm run build` before these tests (npm test does)');
  }
}
