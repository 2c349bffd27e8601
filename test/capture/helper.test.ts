/**
 * netlens-capture itself: its arguments, the pcapng it streams (read back by tshark and by the
 * engine's decoder), its capabilities in /proc once it has opened, and how it ends: SIGTERM, the
 * interface deleted, the reader gone. Live parts run on veth pairs in namespaces this test makes.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HelperStreamDecoder, type HelperCounts, type HelperInterface } from '../../src/capture/helper-stream.js';
import {
  BUILT_HELPER,
  capsUnavailableReason,
  installHelperCopy,
  procStatus,
  type InstalledHelper,
} from '../helpers/capture-helper.js';
import {
  cleanupNetns,
  createVethPair,
  deleteLink,
  hasCommand,
  netnsUnavailableReason,
  nsExecSync,
  nsSpawn,
  type VethPair,
} from '../helpers/netns.js';

const NOT_BUILT = BUILT_HELPER === null ? 'the capture helper is not built (npm run build:native)' : null;
const LIVE_SKIP = NOT_BUILT ?? netnsUnavailableReason() ?? (hasCommand('tshark') ? null : 'needs tshark');
const CAPS_SKIP = LIVE_SKIP ?? capsUnavailableReason();
if (NOT_BUILT) console.warn(`capture helper tests skipped: ${NOT_BUILT}`);
else if (CAPS_SKIP) console.warn(`capture helper live tests skipped: ${CAPS_SKIP}`);

const temps: string[] = [];
afterAll(() => {
  cleanupNetns();
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

const settle = (ms = 300): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Run {
  child: ChildProcess;
  chunks: Buffer[];
  stderr: () => string;
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(child: ChildProcess): Run {
  const chunks: Buffer[] = [];
  let err = '';
  child.stdout!.on('data', (d: Buffer) => chunks.push(d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, chunks, stderr: () => err, ended };
}

/** Resolves once the helper's stream has its interface block (it has opened). */
function opened(r: Run, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`the helper did not open: ${r.stderr()}`)), timeoutMs);
    const check = (): void => {
      if (decode(Buffer.concat(r.chunks)).iface) {
        clearTimeout(t);
        resolve();
      } else setTimeout(check, 20);
    };
    check();
  });
}

function decode(bytes: Buffer): {
  iface: HelperInterface | null;
  packets: number;
  counts: HelperCounts[];
  bad: string;
} {
  const out = { iface: null as HelperInterface | null, packets: 0, counts: [] as HelperCounts[], bad: '' };
  new HelperStreamDecoder({
    onInterface: (i) => (out.iface = i),
    onPacket: () => out.packets++,
    onCounts: (c) => out.counts.push(c),
    onMalformed: (why) => (out.bad = why),
  }).push(bytes);
  return out;
}

function pingFrom(pair: VethPair, n: number): void {
  const r = nsExecSync(pair.nsA, 'ping', ['-c', String(n), '-i', '0.05', '-q', pair.addrB]);
  expect(r.status, r.stderr).toBe(0);
}

describe.skipIf(NOT_BUILT !== null)('netlens-capture: its arguments', () => {
  const helper = BUILT_HELPER!;
  const exec = (args: string[]) => spawnSync(helper, args, { encoding: 'utf8', timeout: 20_000 });

  it("prints its version with libpcap's, and its usage", () => {
    expect(exec(['-v']).stdout).toMatch(/^netlens-capture \d+\.\d+\.\d+ \(libpcap version \d/);
    const h = exec(['--help']);
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/Usage: netlens-capture -i IFACE \[-f FILTER\]/);
    expect(h.stdout).toMatch(/It writes no file/);
  });

  it('refuses what it does not take with exit 2 and one line saying why', () => {
    for (const [args, why] of [
      [[], /no interface: give one with -i IFACE/],
      [['-i'], /-i needs a value/],
      [['-i', 'lo', '-i', 'lo'], /-i given twice/],
      [['-i', 'lo', '-w', '/tmp/x.pcap'], /unknown argument: -w/],
      [['-i', 'lo', '-s', '63'], /-s: the snaplen is a number from 64 to 262144/],
      [['-i', 'lo', '-B', '2048'], /-B: the buffer is a number of MB from 1 to 2047/],
      [['-i', 'lo', '-f', 'x'.repeat(65535)], /longer than 65534 bytes/],
      [['-i', '-lo'], /-i: not an interface name/],
      [['-i', 'lo\n'], /-i: not an interface name/],
      [['-v', '-i', 'lo'], /-v takes no other arguments/],
    ] as const) {
      const r = exec([...args]);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr.split('\n')[0]).toMatch(why);
      expect(r.stdout).toBe('');
    }
  });

  it('opens only interfaces libpcap lists, and says which stage failed, as the engine reads it', () => {
    const r = exec(['-i', 'rpcap://127.0.0.1/eth0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^netlens-capture: create failed \(-5\): no interface named 'rpcap:\/\/127\.0\.0\.1\/eth0'$/m,
    );
  });

  it.skipIf(!hasCommand('script'))('refuses to write pcapng to a terminal', () => {
    const r = spawnSync('script', ['-qec', `${helper} -i lo`, '/dev/null'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/stdout is a terminal; it writes pcapng for a reader/);
  });
});

describe.skipIf(LIVE_SKIP !== null)('netlens-capture on a veth (as root)', () => {
  let pair: VethPair;
  beforeAll(() => {
    pair = createVethPair();
  });

  it("streams pcapng that tshark reads: the packets the filter matches, the interface, libpcap's counters", async () => {
    const r = run(nsSpawn(pair.nsB, BUILT_HELPER!, ['-i', pair.ifB, '-f', 'icmp', '-B', '4']));
    await opened(r);
    pingFrom(pair, 5);
    await settle();
    r.child.kill('SIGTERM');
    const end = await r.ended;
    expect(end, r.stderr()).toEqual({ code: 0, signal: null });
    const bytes = Buffer.concat(r.chunks);
    const dir = mkdtempSync(join(tmpdir(), 'nl-helper-out-'));
    temps.push(dir);
    const file = join(dir, 'stream.pcapng');
    writeFileSync(file, bytes);
    const t = spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.protocols', '-e', 'frame.len'], {
      encoding: 'utf8',
    });
    expect(t.status, t.stderr).toBe(0);
    expect(t.stdout.trim().split('\n')).toEqual(Array(10).fill('eth:ethertype:ip:icmp:data\t98'));
    const info = spawnSync('capinfos', ['-M', file], { encoding: 'utf8' }).stdout;
    expect(info).toMatch(/Capture application: netlens-capture \d/);
    expect(info).toMatch(new RegExp(`Name = ${pair.ifB}`));
    expect(info).toMatch(/Filter string = icmp/);
    expect(info).toMatch(/Time precision = nanoseconds \(9\)/);
    const d = decode(bytes);
    expect(d.bad).toBe('');
    expect(d.packets).toBe(10);
    expect(d.iface).toMatchObject({ linkType: 1, nano: true, snaplen: 262144 });
    const last = d.counts.at(-1)!;
    expect(last).toMatchObject({ final: true, error: null, dropped: 0, ifDropped: 0 });
    expect(last.received).toBeGreaterThanOrEqual(10);
  });

  it('ends when the interface is deleted: a last statistics block says why, exit 4', async () => {
    const own = createVethPair();
    const r = run(nsSpawn(own.nsB, BUILT_HELPER!, ['-i', own.ifB, '-f', 'icmp', '-B', '4']));
    await opened(r);
    pingFrom(own, 3);
    await settle();
    deleteLink(own.nsB, own.ifB);
    const end = await r.ended;
    expect(end).toEqual({ code: 4, signal: null });
    expect(r.stderr()).toMatch(/^netlens-capture: capture ended: .+/m);
    const d = decode(Buffer.concat(r.chunks));
    expect(d.packets).toBe(6);
    expect(d.counts.at(-1)).toMatchObject({ final: true });
    expect(d.counts.at(-1)!.error).toMatch(/\S/);
  });

  it('ends at once, exit 0, when the reader goes away: idle, and while packets flow', async () => {
    for (const busy of [false, true]) {
      const r = run(nsSpawn(pair.nsB, BUILT_HELPER!, ['-i', pair.ifB, '-B', '4']));
      await opened(r);
      const flood = busy ? nsSpawn(pair.nsA, 'ping', ['-f', '-q', '-w', '20', pair.addrB]) : null;
      if (flood) await settle(300);
      const t0 = Date.now();
      r.child.stdout!.destroy();
      const end = await r.ended;
      flood?.kill('SIGKILL');
      expect(end, `busy=${busy}: ${r.stderr()}`).toEqual({ code: 0, signal: null });
      expect(Date.now() - t0, `busy=${busy}`).toBeLessThan(5000);
    }
  });
});

/**
 * setpriv arguments that run the rest as nobody. setpriv still holds root's capabilities when it
 * execs (so the kernel would let it run a 0750 file it may not): it execs sh, which has none,
 * and sh execs the program, as a login shell of that user would.
 */
function asNobody(groups: string): string[] {
  return ['--reuid=nobody', '--regid=nogroup', groups, 'sh', '-c', 'exec "$0" "$@"'];
}

describe.skipIf(CAPS_SKIP !== null)('netlens-capture as an unprivileged member of its group', () => {
  let pair: VethPair;
  let installed: InstalledHelper;
  beforeAll(() => {
    pair = createVethPair();
    installed = installHelperCopy();
  });
  afterAll(() => installed?.remove());

  it('holds no capability once it has opened the interface (/proc), and captures', async () => {
    const r = run(
      nsSpawn(pair.nsB, 'setpriv', [
        ...asNobody(`--groups=${installed.gid}`),
        installed.path,
        '-i',
        pair.ifB,
        '-f',
        'icmp',
        '-B',
        '4',
      ]),
    );
    await opened(r);
    const s = procStatus(r.child.pid!);
    expect(s.uid).toBe(65534);
    expect({ eff: s.capEff, prm: s.capPrm, inh: s.capInh, amb: s.capAmb }).toEqual({
      eff: 0n,
      prm: 0n,
      inh: 0n,
      amb: 0n,
    });
    expect(s.noNewPrivs).toBe(1);
    pingFrom(pair, 4);
    await settle();
    r.child.kill('SIGTERM');
    expect(await r.ended).toEqual({ code: 0, signal: null });
    expect(decode(Buffer.concat(r.chunks)).packets).toBe(8);
  });

  it('may not be run by a user outside its group', () => {
    const r = spawnSync('setpriv', [...asNobody('--clear-groups'), installed.path, '-v'], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/Permission denied/);
  });

  it('without its capabilities (a user copy) it says no permission, exit 3', () => {
    const r = nsExecSync(pair.nsB, 'sh', [
      '-c',
      `setpriv --reuid=nobody --regid=nogroup --clear-groups ${BUILT_HELPER} -i ${pair.ifB} | cat`,
    ]);
    expect(r.stderr).toMatch(/^netlens-capture: activate failed \(-?\d+\): .*Operation not permitted/m);
    const code = spawnSync('sh', [
      '-c',
      `setpriv --reuid=nobody --regid=nogroup --clear-groups ${BUILT_HELPER} -i lo >/dev/null 2>&1; echo $?`,
    ]);
    expect(code.stdout.toString().trim()).toBe('3');
  });
});
