/**
 * `netlens history` as a user runs it (the built command, a real store in a temporary data
 * folder): import a capture, usage by app/host, sessions, a Parquet export read back by DuckDB's
 * own reader with the same row count and sums, a CSV export, budgets, forget, and bad input.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeHomeTraffic } from '../helpers/home-traffic-capture.js';

const execFileP = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/netlens.js');
const dir = mkdtempSync(join(tmpdir(), 'netlens-hist-cli-'));
const env = { ...process.env, NETLENS_DATA_DIR: join(dir, 'data') };

async function netlens(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileP('node', [BIN, 'history', ...args], { env, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const start = Math.floor(Date.now() / 1000 / 86400) * 86400 - 3 * 86400 + 3600; // three days ago
let info: { packets: number; bytes: number };

beforeAll(async () => {
  const pcap = join(dir, 'home.pcap');
  info = writeHomeTraffic(pcap, { start, seconds: 2 * 86400, packetsPerSec: 0.5, locals: 3, remotes: 20 });
  const r = await netlens('import', pcap);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/as session 1: \d+ packets/);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('netlens history', () => {
  it('usage --json: every byte of the imported capture, per day, grouped by host', async () => {
    const r = await netlens('usage', '--since', '7d', '--by', 'host', '--top', '100', '--json');
    expect(r.code).toBe(0);
    const u = JSON.parse(r.stdout);
    expect(u.totals.bytesIn + u.totals.bytesOut).toBe(info.bytes);
    expect(u.groups.length).toBe(20);
    expect(u.groups[0].key).toMatch(/^93\.184\./);
    const days = u.buckets.filter((b: { bytesIn: number; bytesOut: number }) => b.bytesIn + b.bytesOut > 0);
    expect(days.length).toBeGreaterThanOrEqual(2);
    expect(days.length).toBeLessThanOrEqual(3);
  });

  it('usage as text: a table and one bar per day', async () => {
    const r = await netlens('usage', '--since', '7d', '--by', 'protocol');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage .*\(in .*, out .*\)/);
    expect(r.stdout).toMatch(/\nhttps\s/);
    expect(r.stdout).toMatch(/per day:\n/);
  });

  it('sessions lists the import with its totals', async () => {
    const r = await netlens('sessions', '--json');
    const list = JSON.parse(r.stdout);
    expect(list).toHaveLength(1);
    expect(list[0].kind).toBe('file');
    expect(list[0].bytesIn + list[0].bytesOut).toBe(info.bytes);
    expect(list[0].packets).toBe(info.packets);
  });

  it('export --format parquet: DuckDB reads back the same rows and sums', async () => {
    const out = join(dir, 'flows.parquet');
    const r = await netlens('export', '--since', '7d', '--format', 'parquet', '-o', out, '--json');
    expect(r.code).toBe(0);
    const written = JSON.parse(r.stdout);
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const q = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJS()[0];
    const back = await q(
      `SELECT count(*)::DOUBLE n, sum(bytes_in + bytes_out)::DOUBLE b, sum(packets_in + packets_out)::DOUBLE p FROM read_parquet('${out}')`,
    );
    expect(back.n).toBe(written.rows);
    expect(back.n).toBeGreaterThan(10);
    expect(back.b).toBe(info.bytes);
    expect(back.p).toBe(info.packets);
    // the usage table too: minutes, read back with the same sums
    const out2 = join(dir, 'usage.parquet');
    expect((await netlens('export', '--since', '7d', '--table', 'usage', '-o', out2)).code).toBe(0);
    const u = await q(`SELECT sum(bytes_in + bytes_out)::DOUBLE b FROM read_parquet('${out2}')`);
    expect(u.b).toBe(info.bytes);
    c.closeSync();
    db.closeSync();
  });

  it('export --format csv writes a header and one line per flow', async () => {
    const out = join(dir, 'flows.csv');
    const r = await netlens('export', '--since', '7d', '--format', 'csv', '-o', out, '--json');
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^time,session,start,duration,protocol,local,local_port,remote/);
    expect(lines.length - 1).toBe(JSON.parse(r.stdout).rows);
  });

  it('budgets: add one for the interface, list its state', async () => {
    const add = await netlens('budget', 'add', '-i', 'eth9', '--monthly', '100MB', '--start-day', '1', '--json');
    expect(add.code).toBe(0);
    expect(JSON.parse(add.stdout)).toMatchObject({ id: 1, scope: 'interface', name: 'eth9', allowanceBytes: 100e6 });
    const list = await netlens('budget', 'list', '--json');
    const [b] = JSON.parse(list.stdout);
    expect(b.usedBytes).toBe(0); // the imported file was on no interface
    expect(b.level).toBe('ok');
  });

  it('bad input: one line with a hint and exit 2', async () => {
    const r = await netlens('usage', '--since', 'yesterday');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^netlens: history: --since takes a duration .*\n {2}hint: /);
    const f = await netlens('forget');
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/forget what\?/);
    const b = await netlens('budget', 'add', '-i', 'x', '--monthly', 'lots');
    expect(b.code).toBe(2);
  });

  it('forget --host removes that host everywhere, forget --all the rest', async () => {
    const before = JSON.parse(
      (await netlens('usage', '--since', '7d', '--by', 'host', '--top', '100', '--json')).stdout,
    );
    const host = before.groups[0].key as string;
    const r = await netlens('forget', '--host', host, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).rows).toBeGreaterThan(0);
    const after = JSON.parse(
      (await netlens('usage', '--since', '7d', '--by', 'host', '--top', '100', '--json')).stdout,
    );
    expect(after.groups.map((g: { key: string }) => g.key)).not.toContain(host);
    const total = (u: { totals: { bytesIn: number; bytesOut: number } }) => u.totals.bytesIn + u.totals.bytesOut;
    expect(total(after)).toBe(total(before) - (before.groups[0].bytesIn + before.groups[0].bytesOut));
    expect((await netlens('forget', '--all')).code).toBe(0);
    const empty = JSON.parse((await netlens('usage', '--since', '7d', '--json')).stdout);
    expect(total(empty)).toBe(0);
    expect(JSON.parse((await netlens('sessions', '--json')).stdout)).toEqual([]);
    // budgets are settings, not history: they stay
    expect(JSON.parse((await netlens('budget', 'list', '--json')).stdout)).toHaveLength(1);
  });
});
