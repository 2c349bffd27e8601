/**
 * `netlens capture` live, end to end, on veth pairs in namespaces this test creates and deletes:
 * a sample replayed with tcpreplay and compared with tshark's truth, live traffic under a BPF
 * filter, and the errors (invalid filter, no permission, interface deleted, full log disk).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNativePcap } from '../../src/capture/live-native.js';
import { HAVE_SHARED, SKIP_REASON, samplePath, truthFor } from '../helpers/shared-pcaps.js';
import {
  cleanupNetns,
  collect,
  createVethPair,
  deleteLink,
  hasCommand,
  netnsUnavailableReason,
  nsExecSync,
  nsSpawn,
  waitForOutput,
  type VethPair,
} from '../helpers/netns.js';

const BIN = resolve(import.meta.dirname, '../../bin/netlens.js');
const NODE = process.execPath;
const NETNS_SKIP = netnsUnavailableReason();
const TOOLS = ['tcpreplay', 'tshark', 'capinfos', 'tcpdump', 'ping', 'setpriv'].filter((t) => !hasCommand(t));
const SKIP =
  NETNS_SKIP ??
  (TOOLS.length
    ? `missing tools: ${TOOLS.join(', ')} (Debian: tcpreplay tshark tcpdump iputils-ping util-linux)`
    : null);
const NATIVE = loadNativePcap() !== null;
if (SKIP) console.warn(`live capture tests skipped: ${SKIP}`);
if (!HAVE_SHARED) console.warn(SKIP_REASON);

const temps: string[] = [];
const mounts: string[] = [];
afterAll(() => {
  cleanupNetns();
  for (const m of mounts) spawnSync('umount', ['-l', m]);
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'nl-capture-'));
  temps.push(d);
  return d;
}

/** Starts `netlens capture` inside a namespace and waits until it is capturing. */
async function startCapture(ns: string | null, args: string[]) {
  const child = nsSpawn(ns, NODE, [BIN, 'capture', ...args]);
  const done = collect(child, 120_000);
  await waitForOutput(child, 'stderr', (t) => /capturing on/.test(t) || /hint:/.test(t));
  return { child, done };
}

function tcpreplay(pair: VethPair, file: string, pps: number, loops = 1): string {
  const r = nsExecSync(pair.nsA, 'tcpreplay', ['-i', pair.ifA, `--pps=${pps}`, `--loop=${loops}`, file], {
    timeoutMs: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

const settle = (ms = 500): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface PhsNode {
  protocol: string;
  frames: number;
  bytes: number;
  children: PhsNode[];
}

/** Frames that contain `name` in tshark's protocol hierarchy (topmost occurrences). */
function phsFrames(nodes: PhsNode[], name: string): number {
  let n = 0;
  for (const node of nodes) n += node.protocol === name ? node.frames : phsFrames(node.children, name);
  return n;
}

function tsharkFrames(path: string): string[] {
  const r = spawnSync(
    'tshark',
    ['-r', path, '-T', 'fields', '-e', 'frame.len', '-e', 'frame.cap_len', '-e', 'frame.protocols'],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim().split('\n');
}

function capinfosCount(path: string): number {
  const r = spawnSync('capinfos', ['-c', '-M', path], { encoding: 'utf8' });
  const m = /Number of packets:\s+(\d+)/.exec(r.stdout);
  expect(m, `capinfos ${path}: ${r.stderr}`).not.toBeNull();
  return Number(m![1]);
}

function jsonLines(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

describe.skipIf(SKIP !== null)(
  `netlens capture, live on veth pairs (${NATIVE ? 'native binding' : 'cap fallback'})`,
  () => {
    describe.skipIf(!HAVE_SHARED)('a sample replayed with tcpreplay', () => {
      it.each(['zeek-wikipedia.pcap', 'zeek-var-services-std-ports.pcap'])(
        '%s: counts equal the truth and the written pcap holds the same packets',
        async (name) => {
          // no addresses and no IPv6 on either end: the only frames on the wire are the replayed ones
          const pair = createVethPair({ addresses: false, mtu: 9000 });
          const out = join(tempDir(), 'live.pcap');
          const cap = await startCapture(pair.nsB, [pair.ifB, '-w', out, '--json', '--status-interval', '0']);
          tcpreplay(pair, samplePath(name), 1000);
          await settle();
          cap.child.kill('SIGTERM');
          const r = await cap.done;
          expect(r.code, r.stderr).toBe(0);
          const report = JSON.parse(r.stdout);
          const truth = truthFor(name);
          expect(report.packets).toBe(truth.packets);
          expect(report.bytes).toBe(truth.bytes_total_frame_len);
          // per protocol: tshark's counts, for the protocols the oracle test holds the decoder to ...
          for (const proto of ['eth', 'ip', 'ipv6', 'arp', 'tcp', 'udp', 'icmp', 'icmpv6', 'dns', 'tls']) {
            expect(report.protocols[proto]?.packets ?? 0, `${proto} packets`).toBe(phsFrames(truth.io_phs, proto));
          }
          // ... and for every protocol, exactly what `netlens analyze` finds in the file: the same path after the source
          const analyzed = spawnSync(NODE, [BIN, 'analyze', '--json', samplePath(name)], {
            encoding: 'utf8',
            maxBuffer: 64 << 20,
          });
          expect(analyzed.status, analyzed.stderr).toBe(0);
          const offline = JSON.parse(analyzed.stdout);
          expect(report.protocols).toEqual(offline.protocols);
          expect(report.protocolHierarchy).toEqual(offline.protocolHierarchy);
          expect(report.conversations.ip.length).toBe(offline.conversations.ip.length);
          expect(report.capture).toMatchObject({
            interface: pair.ifB,
            stopReason: 'terminated',
            packetsReceived: truth.packets,
          });
          if (NATIVE) expect(report.capture.droppedByKernel).toBe(0);
          else expect(report.capture.droppedByKernel).toBeNull();
          // the written pcap, read back by tshark: the same frames, in order
          expect(tsharkFrames(out)).toEqual(tsharkFrames(samplePath(name)));
        },
      );
    });

    it('counts only what the BPF filter matches while ping and a TCP transfer run', async () => {
      const pair = createVethPair();
      const dir = tempDir();
      // a TCP sink in B, and a 2 MB transfer from A, alongside 5 pings
      const sink = nsSpawn(pair.nsB, NODE, [
        '-e',
        `require('net').createServer(s=>s.resume()).listen(5201,'${pair.addrB}',()=>console.log('ready'))`,
      ]);
      await waitForOutput(sink, 'stdout', (t) => t.includes('ready'));
      const icmp = await startCapture(pair.nsB, [pair.ifB, '-f', 'icmp', '--json', '--status-interval', '0']);
      const tcp = await startCapture(pair.nsB, [
        '-i',
        pair.ifB,
        '-f',
        'tcp port 5201',
        '--json',
        '--log-dir',
        dir,
        '--status-interval',
        '1',
      ]);
      const tcpdump = nsSpawn(pair.nsB, 'tcpdump', [
        '-i',
        pair.ifB,
        '-n',
        '-B',
        '65536',
        '-w',
        join(dir, 'tcpdump.pcap'),
        'tcp port 5201',
      ]);
      const tcpdumpDone = collect(tcpdump);
      await waitForOutput(tcpdump, 'stderr', (t) => /listening on/.test(t));
      const send = `const s=require('net').connect(5201,'${pair.addrB}',()=>{s.end(Buffer.alloc(2_000_000,7))});s.on('close',()=>process.exit(0))`;
      const client = nsExecSync(pair.nsA, NODE, ['-e', send]);
      expect(client.status, client.stderr).toBe(0);
      expect(nsExecSync(pair.nsA, 'ping', ['-c', '5', '-i', '0.1', '-q', pair.addrB]).status).toBe(0);
      await settle(1500);
      tcpdump.kill('SIGINT');
      icmp.child.kill('SIGINT');
      tcp.child.kill('SIGTERM');
      const [ri, rt, td] = await Promise.all([icmp.done, tcp.done, tcpdumpDone]);
      sink.kill('SIGKILL');
      expect(ri.code, ri.stderr).toBe(0);
      expect(rt.code, rt.stderr).toBe(0);
      const ricmp = JSON.parse(ri.stdout);
      expect(ricmp.packets).toBe(10); // 5 requests, 5 replies, nothing else
      expect(ricmp.protocols.icmp.packets).toBe(10);
      expect(ricmp.protocols.tcp).toBeUndefined();
      const rtcp = JSON.parse(rt.stdout);
      const tcpdumpCount = Number(/(\d+) packets? captured/.exec(td.stderr)?.[1]);
      expect(td.stderr, 'tcpdump itself lost packets: the comparison would mean nothing').toMatch(
        /\b0 packets dropped by kernel/,
      );
      expect(rtcp.packets).toBeGreaterThan(20);
      expect(rtcp.packets).toBe(tcpdumpCount);
      expect(rtcp.protocols.tcp.packets).toBe(rtcp.packets);
      expect(rtcp.protocols.icmp).toBeUndefined();
      expect(rtcp.bytes).toBeGreaterThan(2_000_000);
      // status lines went to stderr, and the session log has the flows
      expect(rt.stderr).toMatch(/netlens: \S+ {2}[\d,]+ packets {2}.* drops (\d+|unknown)/);
      const flows = readdirSync(dir).find((f) => f.endsWith('.flows.csv'))!;
      const rows = readFileSync(join(dir, flows), 'utf8').trim().split('\n');
      expect(rows.length).toBe(2);
      expect(rows[1]).toMatch(
        new RegExp(`^tcp,${pair.addrA.replace(/\./g, '\\.')},\\d+,${pair.addrB.replace(/\./g, '\\.')},5201,`),
      );
    });

    it('prints one line per packet with --print-packets and stops at -c', async () => {
      const pair = createVethPair();
      const cap = await startCapture(pair.nsB, [
        pair.ifB,
        '-f',
        'icmp',
        '-c',
        '4',
        '--print-packets',
        '--status-interval',
        '0',
      ]);
      nsExecSync(pair.nsA, 'ping', ['-c', '3', '-i', '0.1', '-q', pair.addrB]);
      const r = await cap.done;
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.split('\n').filter((l) => / -> /.test(l));
      expect(lines.length).toBe(4);
      expect(lines[0]).toMatch(
        new RegExp(
          `^\\d\\d:\\d\\d:\\d\\d\\.\\d{6} ${pair.addrA.replace(/\./g, '\\.')} -> ${pair.addrB.replace(/\./g, '\\.')} ICMP 98$`,
        ),
      );
      expect(r.stdout).toMatch(/^Packets {3}4$/m); // the analyze summary
      expect(r.stdout).toMatch(/stopped: count/);
    });

    describe('errors', () => {
      it("invalid filter: exit 2 with libpcap's message", async () => {
        const pair = createVethPair();
        const r = nsExecSync(pair.nsB, NODE, [BIN, 'capture', pair.ifB, '-f', 'tcp port']);
        expect(r.status).toBe(2);
        expect(r.stderr).toMatch(/invalid capture filter 'tcp port': .*syntax error\n {2}hint: the filter is BPF/);
      });

      it('unprivileged: exit 3 with what to do', () => {
        const r = spawnSync(
          'setpriv',
          ['--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all', NODE, BIN, 'capture', 'lo'],
          { encoding: 'utf8', timeout: 30_000 },
        );
        expect(r.status, r.stderr).toBe(3);
        expect(r.stderr).toMatch(/no permission to capture on lo/);
        // the fix is the capture helper's rights and group, never capabilities for node itself
        expect(r.stderr).toMatch(/hint: capture goes through NetLens's capture helper: .*setup-capture-helper\.sh/);
        expect(r.stderr).toMatch(/sudo usermod -aG netlens "\$USER", then log out and back in/);
        expect(r.stderr).not.toMatch(/setcap/);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      });

      // cap aborts the process when the interface goes away: only the native binding can end cleanly
      it.skipIf(!NATIVE)('interface deleted mid-capture: message, exit 4, complete and readable logs', async () => {
        const pair = createVethPair();
        const dir = tempDir();
        const cap = await startCapture(pair.nsB, [
          pair.ifB,
          '-f',
          'icmp',
          '--log-dir',
          dir,
          '--json',
          '--status-interval',
          '1',
        ]);
        expect(nsExecSync(pair.nsA, 'ping', ['-c', '6', '-i', '0.1', '-q', pair.addrB]).status).toBe(0);
        await settle(300);
        deleteLink(pair.nsB, pair.ifB);
        const r = await cap.done;
        expect(r.code, r.stderr).toBe(4);
        expect(r.stderr).toMatch(
          new RegExp(
            `interface ${pair.ifB} went away during capture.*\\n {2}hint: capture stopped; everything captured until then is kept`,
          ),
        );
        const report = JSON.parse(r.stdout);
        expect(report.packets).toBe(12);
        expect(report.capture.stopReason).toBe('interface-gone');
        const files = readdirSync(dir);
        const pcap = files.find((f) => f.endsWith('.pcap'))!;
        expect(capinfosCount(join(dir, pcap))).toBe(12);
        const ev = jsonLines(
          join(
            dir,
            files.find((f) => f.endsWith('.events.jsonl'))!,
          ),
        );
        expect(ev[0].type).toBe('start');
        expect(ev[ev.length - 1]).toMatchObject({
          type: 'stop',
          reason: 'interface-gone',
          packets: 12,
          error: 'interface-gone',
        });
        expect(
          readFileSync(
            join(
              dir,
              files.find((f) => f.endsWith('.flows.csv'))!,
            ),
            'utf8',
          ),
        ).toMatch(/^protocol,a,a_port/);
      });

      it.skipIf(!HAVE_SHARED)(
        'a log folder on a 1 MB tmpfs fills up: capture goes on, the error is reported, the pcap stays readable',
        async () => {
          const pair = createVethPair({ addresses: false, mtu: 9000 });
          const dir = tempDir();
          const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { encoding: 'utf8' });
          expect(m.status, m.stderr).toBe(0);
          mounts.push(dir);
          const cap = await startCapture(pair.nsB, [pair.ifB, '--log-dir', dir, '--json', '--status-interval', '1']);
          const sample = samplePath('cs-http_espn.pcapng'); // 956 frames, 0.68 MB: twice does not fit in 1 MB
          tcpreplay(pair, sample, 4000, 2);
          await settle();
          cap.child.kill('SIGTERM');
          const r = await cap.done;
          const truth = truthFor('cs-http_espn.pcapng');
          expect(r.code, r.stderr).toBe(5);
          expect(r.stderr).toMatch(/netlens: the disk holding .* is full \(ENOSPC\).*; capture goes on\n {2}hint: /);
          const report = JSON.parse(r.stdout);
          expect(report.packets).toBe(2 * truth.packets); // capture went on after logging stopped
          expect(report.capture.logError.code).toBe('disk-full');
          const files = readdirSync(dir);
          const pcap = files.find((f) => f.endsWith('.pcap'))!;
          const written = capinfosCount(join(dir, pcap));
          expect(written).toBeGreaterThan(100);
          expect(written).toBeLessThan(2 * truth.packets);
          // the events file holds whole lines only
          const ev = jsonLines(
            join(
              dir,
              files.find((f) => f.endsWith('.events.jsonl'))!,
            ),
          );
          expect(ev[0].type).toBe('start');
          spawnSync('umount', [dir]);
          mounts.pop();
        },
      );
    });
  },
);
