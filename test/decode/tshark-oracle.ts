/**
 * Test helper: tshark as the oracle for frames the test builds. Writes frames to a pcap, runs
 * tshark on it and compares: protocol hierarchy counts (frames containing each protocol, as the
 * shared truth files count them), field values, conversations. Skips where tshark is missing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PcapWriter } from '../../src/capture/pcap-writer.js';
import { decodePacket } from '../../src/decode/decode-packet.js';
import { Decoded } from '../../src/decode/decoded.js';
import { protoName } from '../../src/decode/protocols.js';

export const HAVE_TSHARK = spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;
export const NO_TSHARK = 'tshark is not installed (Debian package tshark): the comparison with it is skipped';

/** A temporary folder for a test's captures, and a function that removes it. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'netlens-oracle-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes the frames (one a second from 1,700,000,000) to a pcap of `linkType`. */
export function writeFrames(path: string, frames: readonly (number[] | Buffer)[], linkType = 1): void {
  const w = PcapWriter.open(path, { linkType });
  if (!w.ok) throw new Error(w.error.message);
  frames.forEach((f, i) => {
    const buf = Buffer.isBuffer(f) ? f : Buffer.from(f);
    w.value.write({ buf, offset: 0, capLen: buf.length, origLen: buf.length, tsSec: 1_700_000_000 + i, tsNsec: 0 });
  });
  w.value.close();
  if (w.value.error) throw new Error(w.value.error.message);
}

function tshark(args: string[]): string {
  const r = spawnSync('tshark', args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`tshark ${args.join(' ')}: ${r.stderr.toString()}`);
  return r.stdout.toString();
}

interface PhsNode {
  protocol: string;
  frames: number;
  children: PhsNode[];
}

/** tshark's `-z io,phs` tree. */
function phsTree(path: string): PhsNode[] {
  const root: PhsNode = { protocol: '', frames: 0, children: [] };
  const stack: { depth: number; node: PhsNode }[] = [{ depth: -1, node: root }];
  for (const line of tshark(['-r', path, '-q', '-z', 'io,phs']).split('\n')) {
    const m = /^(\s*)(\S+)\s+frames:(\d+)\s+bytes:\d+/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 2;
    const node: PhsNode = { protocol: m[2], frames: Number(m[3]), children: [] };
    while (stack[stack.length - 1].depth >= depth) stack.pop();
    stack[stack.length - 1].node.children.push(node);
    stack.push({ depth, node });
  }
  return root.children;
}

function topmost(nodes: PhsNode[], name: string): number {
  let n = 0;
  for (const node of nodes) n += node.protocol === name ? node.frames : topmost(node.children, name);
  return n;
}

/** For each name, the frames tshark's protocol hierarchy says contain it. */
export function tsharkCounts(path: string, names: readonly string[]): Record<string, number> {
  const tree = phsTree(path);
  return Object.fromEntries(names.map((n) => [n, topmost(tree, n)]));
}

/** For each name, the frames whose decoded stack contains it. */
export function ourCounts(frames: readonly (number[] | Buffer)[], names: readonly string[], linkType = 1) {
  const counts: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  const d = new Decoded();
  for (const f of frames) {
    const buf = Buffer.isBuffer(f) ? f : Buffer.from(f);
    decodePacket(buf, 0, buf.length, linkType, d);
    const seen = new Set<string>();
    for (let i = 0; i < d.layerCount; i++) seen.add(protoName(d.layers[i]));
    for (const n of seen) if (n in counts) counts[n]++;
  }
  return counts;
}

/** One row per frame: the values of `fields` (several occurrences joined with ','). */
export function tsharkFields(path: string, fields: readonly string[]): string[][] {
  const args = ['-r', path, '-T', 'fields', '-E', 'separator=/t', '-E', 'occurrence=a', '-E', 'aggregator=,'];
  for (const f of fields) args.push('-e', f);
  return tshark(args)
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

/** One row of tshark's `-z conv,<kind>` table: A is the source of the conversation's first frame. */
export interface TsharkConversation {
  a: string;
  b: string;
  framesAtoB: number;
  framesBtoA: number;
  /** Exact when tshark printed them in bytes (small captures), else -1. */
  bytesAtoB: number;
  bytesBtoA: number;
}

/** tshark's conversations of `kind` ('ip', 'ipv6', 'udp', 'tcp'), sorted by text. */
export function tsharkConversations(path: string, kind: 'ip' | 'ipv6' | 'udp' | 'tcp'): TsharkConversation[] {
  const rows: TsharkConversation[] = [];
  const bytes = (n: string, unit: string): number => (unit === 'bytes' ? Number(n) : -1);
  for (const line of tshark(['-r', path, '-q', '-z', `conv,${kind}`]).split('\n')) {
    const m = /^(\S+)\s+<->\s+(\S+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\S+)/.exec(line);
    if (!m) continue;
    rows.push({
      a: m[1],
      b: m[2],
      framesBtoA: Number(m[3]),
      bytesBtoA: bytes(m[4], m[5]),
      framesAtoB: Number(m[6]),
      bytesAtoB: bytes(m[7], m[8]),
    });
  }
  return rows.sort((x, y) => `${x.a} ${x.b}`.localeCompare(`${y.a} ${y.b}`));
}
