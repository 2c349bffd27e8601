/**
 * A namespace chain for the path tests: client → R1 ("the Wi-Fi router") → R2 → R3 ("the
 * provider") → server, each a network namespace joined by veth pairs on private 10.x subnets that
 * exist only inside them. Nothing is ever sent off this machine; every name is random per chain.
 *
 *   client .1.2 ─ .1.1 R1 .2.1 ─ .2.2 R2 .3.1 ─ .3.2 R3 .4.1 ─ .4.2 server
 *
 * This kernel has no netem, so one link per chain can be a "wire": cut in two through a namespace
 * of its own where netns-delay-wire.py carries the frames across, holding those going towards the
 * server for a known delay (± jitter) and dropping a known share, and logging what it applied. A
 * router's own ICMP answers can be thinned with iptables (the rate limiting mtr warns about).
 * The client gets its own /etc (resolv.conf, hosts, nsswitch) through /etc/netns/<name>/, and
 * optionally a DNS server (netns-ptr-server.py) answering reverse lookups with given names.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);
const WIRE = join(import.meta.dirname, 'netns-delay-wire.py');
const PTR_SERVER = join(import.meta.dirname, 'netns-ptr-server.py');

export type ChainNode = 'client' | 'r1' | 'r2' | 'r3' | 'server';
/** Link k joins node k − 1 and node k: the wire on link k delays every hop from k on. */
export type ChainLink = 1 | 2 | 3 | 4;

export interface WireOptions {
  link: ChainLink;
  delayMs: number;
  jitterMs?: number;
  lossPct?: number;
  seed?: number;
}

/** One IPv4 frame the wire carried towards the server. */
export interface WireRecord {
  t: number;
  proto: number;
  /** The TTL it had on the wire. */
  ttl: number;
  type?: number;
  id?: number;
  seq?: number;
  dropped: boolean;
  appliedMs?: number;
}

export interface ChainOptions {
  wire?: WireOptions;
  /** Reverse-DNS names the client's DNS server answers (address → name), or a rule from the hops' addresses. */
  ptr?: Record<string, string> | ((hops: [string, string, string, string]) => Record<string, string>);
}

export interface Chain {
  ns: Record<ChainNode, string>;
  /** The address each hop answers from (its interface towards the client), hop 1 to 4. */
  hops: [string, string, string, string];
  server: string;
  /** The client's interface (towards R1), to capture on. */
  clientInterface: string;
  /** A name for the server in the client's hosts file. */
  serverName: string;
  wire: { link: ChainLink; records(): WireRecord[] } | null;
  /** Runs a command inside a node's namespace. */
  exec(node: ChainNode, file: string, args: string[], o?: { timeoutMs?: number }): Promise<ExecResult>;
  /** Starts a long-running command inside a node's namespace (killed by cleanup). */
  spawnIn(node: ChainNode, file: string, args: string[]): ChildProcess;
  /** Drops this share of the ICMP a router sends itself (its time-exceeded and echo replies). */
  thinIcmp(node: 'r1' | 'r2' | 'r3', pct: number): Promise<void>;
  cleanup(): Promise<void>;
}

export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

async function sh(file: string, args: string[]): Promise<void> {
  await execFileP(file, args);
}

function waitReady(child: ChildProcess, what: string): Promise<void> {
  return new Promise((ready, failed) => {
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.once('data', () => ready());
    child.once('exit', (code) => failed(new Error(`${what} exited with ${code}: ${err.trim()}`)));
  });
}

export async function createChain(o: ChainOptions = {}): Promise<Chain> {
  const id = randomBytes(3).toString('hex');
  const nodes: ChainNode[] = ['client', 'r1', 'r2', 'r3', 'server'];
  const ns = Object.fromEntries(nodes.map((n) => [n, `nl-path-${id}-${n}`])) as Record<ChainNode, string>;
  const wireNs = `nl-path-${id}-w`;
  // link k is 10.A.(5B + k).0/24, A and B random per chain, so chains made at once do not collide
  const a = 100 + (parseInt(id.slice(0, 2), 16) % 100);
  const b = parseInt(id.slice(2, 4), 16) % 50;
  const subnet = (k: number) => `10.${a}.${5 * b + k}`;
  const hops: [string, string, string, string] = [
    `${subnet(1)}.1`,
    `${subnet(2)}.2`,
    `${subnet(3)}.2`,
    `${subnet(4)}.2`,
  ];
  const etcDir = `/etc/netns/${ns.client}`;
  const work = mkdtempSync(join(tmpdir(), 'nl-path-'));
  const children: ChildProcess[] = [];
  const all = o.wire ? [...Object.values(ns), wireNs] : Object.values(ns);

  const cleanup = async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const n of all) {
      const pids = await execFileP('ip', ['netns', 'pids', n]).then(
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
      await execFileP('ip', ['netns', 'del', n]).catch(() => undefined);
    }
    rmSync(etcDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  };

  const spawnIn = (node: ChainNode | string, file: string, args: string[]): ChildProcess => {
    const name = node in ns ? ns[node as ChainNode] : node;
    const child = spawn('ip', ['netns', 'exec', name, file, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    return child;
  };

  let wireLog: string | null = null;
  try {
    for (const n of all) {
      await sh('ip', ['netns', 'add', n]);
      await sh('ip', ['-n', n, 'link', 'set', 'lo', 'up']);
      await sh('ip', ['netns', 'exec', n, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1']);
      await sh('ip', ['netns', 'exec', n, 'sysctl', '-qw', 'net.ipv6.conf.default.disable_ipv6=1']);
    }
    // link k: node k−1 (.1 side... see hops) and node k
    const left: ChainNode[] = ['client', 'r1', 'r2', 'r3'];
    const right: ChainNode[] = ['r1', 'r2', 'r3', 'server'];
    for (let k = 1; k <= 4; k++) {
      const a = `nlp${id}l${k}a`;
      const b = `nlp${id}l${k}b`;
      if (o.wire?.link === k) {
        await sh('ip', [
          'link',
          'add',
          a,
          'netns',
          ns[left[k - 1]],
          'type',
          'veth',
          'peer',
          'name',
          'wa',
          'netns',
          wireNs,
        ]);
        await sh('ip', [
          'link',
          'add',
          b,
          'netns',
          ns[right[k - 1]],
          'type',
          'veth',
          'peer',
          'name',
          'wb',
          'netns',
          wireNs,
        ]);
        for (const w of ['wa', 'wb']) {
          await sh('ip', ['-n', wireNs, 'link', 'set', w, 'promisc', 'on']);
          await sh('ip', ['-n', wireNs, 'link', 'set', w, 'up']);
        }
      } else {
        await sh('ip', [
          'link',
          'add',
          a,
          'netns',
          ns[left[k - 1]],
          'type',
          'veth',
          'peer',
          'name',
          b,
          'netns',
          ns[right[k - 1]],
        ]);
      }
      // client side of link 1 is .2 (hop 1 answers from .1); routers' left ends are .1, right ends .2
      const leftAddr = k === 1 ? `${subnet(1)}.2` : `${subnet(k)}.1`;
      const rightAddr = k === 1 ? `${subnet(1)}.1` : `${subnet(k)}.2`;
      await sh('ip', ['-n', ns[left[k - 1]], 'addr', 'add', `${leftAddr}/24`, 'dev', a]);
      await sh('ip', ['-n', ns[right[k - 1]], 'addr', 'add', `${rightAddr}/24`, 'dev', b]);
      await sh('ip', ['-n', ns[left[k - 1]], 'link', 'set', a, 'up']);
      await sh('ip', ['-n', ns[right[k - 1]], 'link', 'set', b, 'up']);
    }
    // routes: everything towards the server goes right, back towards the client left
    await sh('ip', ['-n', ns.client, 'route', 'add', 'default', 'via', `${subnet(1)}.1`]);
    await sh('ip', ['-n', ns.r1, 'route', 'add', 'default', 'via', `${subnet(2)}.2`]);
    await sh('ip', ['-n', ns.r2, 'route', 'add', 'default', 'via', `${subnet(3)}.2`]);
    await sh('ip', ['-n', ns.r2, 'route', 'add', `${subnet(1)}.0/24`, 'via', `${subnet(2)}.1`]);
    // R3 drops anything beyond the server (1.1.1.1, say) silently, as a firewall would: a
    // "network unreachable" answer to every ping of it would spend R3's ICMP budget (1/s towards
    // the client) and starve its answers to the path probes
    await sh('ip', ['-n', ns.r3, 'route', 'add', 'blackhole', 'default']);
    for (const k of [1, 2]) await sh('ip', ['-n', ns.r3, 'route', 'add', `${subnet(k)}.0/24`, 'via', `${subnet(3)}.1`]);
    await sh('ip', ['-n', ns.server, 'route', 'add', 'default', 'via', `${subnet(4)}.1`]);
    for (const r of ['r1', 'r2', 'r3'] as const) {
      await sh('ip', ['netns', 'exec', ns[r], 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    }
    mkdirSync(etcDir, { recursive: true });
    writeFileSync(join(etcDir, 'resolv.conf'), `nameserver 127.0.0.1\noptions timeout:1 attempts:1\n`);
    writeFileSync(join(etcDir, 'hosts'), `127.0.0.1 localhost\n${hops[3]} server.nl-path.test\n`);
    writeFileSync(join(etcDir, 'nsswitch.conf'), 'hosts: files dns\n');
    if (o.ptr) {
      const names = typeof o.ptr === 'function' ? o.ptr(hops) : o.ptr;
      const ptr = spawnIn('client', 'python3', [PTR_SERVER, JSON.stringify(names)]);
      await waitReady(ptr, 'the PTR server');
    }
    if (o.wire) {
      wireLog = join(work, 'wire.jsonl');
      writeFileSync(wireLog, '');
      const w = o.wire;
      // real-time priority, so a busy machine does not stretch the delays it holds
      const wire = spawnIn(wireNs, 'chrt', [
        '-f',
        '10',
        'python3',
        WIRE,
        '--a',
        'wa',
        '--b',
        'wb',
        '--delay-ms',
        String(w.delayMs),
        '--jitter-ms',
        String(w.jitterMs ?? 0),
        '--loss-pct',
        String(w.lossPct ?? 0),
        '--seed',
        String(w.seed ?? 1),
        '--log',
        wireLog,
      ]);
      await waitReady(wire, 'the delay wire');
    }
  } catch (err) {
    await cleanup();
    throw err;
  }

  const exec: Chain['exec'] = (node, file, args, eo = {}) =>
    new Promise((resolveExec) => {
      execFile(
        'ip',
        ['netns', 'exec', ns[node], file, ...args],
        { timeout: eo.timeoutMs ?? 120_000, maxBuffer: 64 << 20 },
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
    ns,
    hops,
    server: hops[3],
    clientInterface: `nlp${id}l1a`,
    serverName: 'server.nl-path.test',
    wire:
      o.wire && wireLog
        ? {
            link: o.wire.link,
            records: () =>
              readFileSync(wireLog!, 'utf8')
                .split('\n')
                .filter(Boolean)
                .map((l) => JSON.parse(l) as WireRecord),
          }
        : null,
    exec,
    spawnIn: (node, file, args) => spawnIn(node, file, args),
    async thinIcmp(node, pct) {
      await sh('ip', [
        'netns',
        'exec',
        ns[node],
        'iptables',
        '-A',
        'OUTPUT',
        '-p',
        'icmp',
        '-m',
        'statistic',
        '--mode',
        'random',
        '--probability',
        String(pct / 100),
        '-j',
        'DROP',
      ]);
    },
    cleanup,
  };
}

/** Why the chain tests cannot run here, or null when they can. */
export function chainUnavailableReason(): string | null {
  if (process.platform !== 'linux') return 'the namespace chain needs Linux';
  if (typeof process.getuid === 'function' && process.getuid() !== 0)
    return 'the namespace chain needs root (ip netns)';
  return null;
}
