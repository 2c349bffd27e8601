/**
 * Network namespaces and veth pairs for live-capture tests. Every name is unique per test run
 * (nl-cap-<random>), traffic stays on addresses inside the namespaces the test made, and
 * everything is removed by cleanupNetns() (call it in afterAll) or, failing that, when the
 * process exits. Needs root (or CAP_NET_ADMIN) and iproute2.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions, type SpawnSyncReturns } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export interface VethPair {
  id: string;
  /** Namespace of end A, or null when end A stays in the test's own namespace. */
  nsA: string | null;
  nsB: string | null;
  ifA: string;
  ifB: string;
  /** IPv4 address of each end ('' when none). */
  addrA: string;
  addrB: string;
}

export interface VethOptions {
  /** Put end A / end B in a new namespace (default true). Ends left in the root namespace get no address. */
  nsA?: boolean;
  nsB?: boolean;
  /** IPv4 /24 prefix like "10.201.7" for the namespaced ends (.1 on A, .2 on B); default random 10.x.y. */
  subnet?: string;
  /** Give namespaced ends addresses (default true). */
  addresses?: boolean;
  mtu?: number;
  /** Keep IPv6 (off by default, so the kernel's own router solicitations and MLD reports stay out of counts). */
  ipv6?: boolean;
}

const namespaces = new Set<string>();
const links = new Set<string>(); // root-namespace links we created
const children = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', cleanupNetns);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      cleanupNetns();
      process.exit(130);
    });
  }
}

/** Why live tests cannot run here, or null when they can. */
export function netnsUnavailableReason(): string | null {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (typeof process.geteuid === 'function' && process.geteuid() !== 0)
    return 'live capture tests need root (network namespaces and capture)';
  const r = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return `iproute2 'ip netns' is not usable: ${r.error?.message ?? r.stderr}`;
  return null;
}

export function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

function sh(cmd: string, args: string[]): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed: ${r.error?.message ?? r.stderr.trim()}`);
  return r;
}

function ipIn(ns: string | null, args: string[]): void {
  sh('ip', ns ? ['-n', ns, ...args] : args);
}

function sysctlIn(ns: string | null, key: string, value: string): void {
  const args = ['-qw', `${key}=${value}`];
  if (ns) sh('ip', ['netns', 'exec', ns, 'sysctl', ...args]);
  else sh('sysctl', args);
}

/** Creates a veth pair with each end in its own new namespace (or left in ours). */
export function createVethPair(opts: VethOptions = {}): VethPair {
  installExitHook();
  const id = randomBytes(3).toString('hex');
  const nsA = opts.nsA === false ? null : `nl-cap-${id}-a`;
  const nsB = opts.nsB === false ? null : `nl-cap-${id}-b`;
  const ifA = `nl${id}a`;
  const ifB = `nl${id}b`;
  const subnet = opts.subnet ?? `10.${100 + (randomBytes(1)[0] % 100)}.${randomBytes(1)[0]}`;
  const withAddr = opts.addresses !== false;
  try {
    for (const ns of [nsA, nsB]) {
      if (!ns) continue;
      sh('ip', ['netns', 'add', ns]);
      namespaces.add(ns);
      ipIn(ns, ['link', 'set', 'lo', 'up']);
      if (!opts.ipv6) sysctlIn(ns, 'net.ipv6.conf.all.disable_ipv6', '1');
      if (!opts.ipv6) sysctlIn(ns, 'net.ipv6.conf.default.disable_ipv6', '1');
    }
    sh('ip', ['link', 'add', ifA, 'type', 'veth', 'peer', 'name', ifB]);
    links.add(ifA); // until it moves: deleting one end deletes the pair
    for (const [ifn, ns] of [
      [ifA, nsA],
      [ifB, nsB],
    ] as const) {
      if (ns) ipIn(null, ['link', 'set', ifn, 'netns', ns]);
      else sysctlIn(null, `net.ipv6.conf.${ifn}.disable_ipv6`, '1');
    }
    links.delete(ifA);
    if (!nsA) links.add(ifA);
    else if (!nsB) links.add(ifB);
    for (const [ifn, ns, host] of [
      [ifA, nsA, 1],
      [ifB, nsB, 2],
    ] as const) {
      if (opts.mtu) ipIn(ns, ['link', 'set', ifn, 'mtu', String(opts.mtu)]);
      if (ns && withAddr) ipIn(ns, ['addr', 'add', `${subnet}.${host}/24`, 'dev', ifn]);
      ipIn(ns, ['link', 'set', ifn, 'up']);
    }
  } catch (err) {
    cleanupNetns();
    throw err;
  }
  return {
    id,
    nsA,
    nsB,
    ifA,
    ifB,
    addrA: nsA && withAddr ? `${subnet}.1` : '',
    addrB: nsB && withAddr ? `${subnet}.2` : '',
  };
}

/** Runs a command to completion inside a namespace (or ours when ns is null). */
export function nsExecSync(
  ns: string | null,
  cmd: string,
  args: string[],
  opts: { timeoutMs?: number; input?: string } = {},
): SpawnSyncReturns<string> {
  const [c, a] = ns ? ['ip', ['netns', 'exec', ns, cmd, ...args]] : [cmd, args];
  return spawnSync(c, a, {
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 60_000,
    input: opts.input,
    killSignal: 'SIGKILL',
  });
}

/** Starts a process inside a namespace; it is killed by cleanupNetns() if still running. */
export function nsSpawn(ns: string | null, cmd: string, args: string[], opts: SpawnOptions = {}): ChildProcess {
  installExitHook();
  const [c, a] = ns ? ['ip', ['netns', 'exec', ns, cmd, ...args]] : [cmd, args];
  const child = spawn(c, a, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Collects a spawned process's output and waits for it to end (killing it after timeoutMs). */
export function collect(child: ChildProcess, timeoutMs = 60_000): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(t);
      resolve({ code, signal, stdout, stderr });
    };
    if (child.exitCode !== null || child.signalCode !== null) {
      // already gone: streams may still hold data
      child.once('close', () => finish(child.exitCode, child.signalCode));
      return;
    }
    child.once('close', (code, signal) => finish(code, signal));
  });
}

/** Waits until `predicate` holds on the text the stream has produced so far. */
export function waitForOutput(
  child: ChildProcess,
  stream: 'stdout' | 'stderr',
  predicate: (text: string) => boolean,
  timeoutMs = 20_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const s = child[stream];
    if (!s) return reject(new Error(`no ${stream}`));
    const t = setTimeout(() => {
      s.off('data', on);
      reject(new Error(`timed out waiting for ${stream}; got: ${text.slice(-500)}`));
    }, timeoutMs);
    const on = (d: Buffer | string): void => {
      text += d.toString();
      if (predicate(text)) {
        clearTimeout(t);
        s.off('data', on);
        resolve(text);
      }
    };
    s.on('data', on);
    child.once('exit', () => {
      if (!predicate(text)) {
        clearTimeout(t);
        s.off('data', on);
        reject(new Error(`process ended before ${stream} matched; got: ${text.slice(-500)}`));
      }
    });
  });
}

/** Deletes one link (to simulate an interface going away). */
export function deleteLink(ns: string | null, ifName: string): void {
  ipIn(ns, ['link', 'del', ifName]);
  links.delete(ifName);
}

/** Kills the processes we started, then deletes our namespaces and links. Safe to call often. */
export function cleanupNetns(): void {
  for (const c of children) {
    try {
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    } catch {
      // gone
    }
  }
  children.clear();
  for (const ns of namespaces) {
    // processes started inside by others (ip netns exec) die with SIGKILL first
    const pids =
      spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout?.split(/\s+/).filter(Boolean) ?? [];
    for (const pid of pids) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // gone
      }
    }
    spawnSync('ip', ['netns', 'del', ns]);
  }
  namespaces.clear();
  for (const l of links) spawnSync('ip', ['link', 'del', l]);
  links.clear();
}
