import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { statusLine } from '../../src/cli/capture-command.js';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/netlens.js');

async function netlens(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [BIN, ...args], { timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('netlens capture: arguments', () => {
  it('prints help', async () => {
    const r = await netlens(['capture', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: netlens capture \[-i\] IFACE \[PORT_SCAN_THRESHOLD\]/);
    expect(r.stdout).toMatch(/--rotate-mb N/);
  });

  it('lists the interfaces when none is given and there is no terminal to ask on', async () => {
    const r = await netlens(['capture']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /which interface\? none given\n {2}hint: netlens capture IFACE; interfaces here: .*\blo\b/,
    );
  });

  it('exits 2 with the list for an unknown interface (the older form with a threshold)', async () => {
    const r = await netlens(['capture', 'nosuchif0', '100']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no interface named 'nosuchif0'\n {2}hint: interfaces here: .*\blo\b/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  });

  it('rejects a stray word with a hint about -f', async () => {
    const r = await netlens(['capture', 'lo', 'tcp']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unexpected argument 'tcp'\n {2}hint: .*-f "tcp port 443"/);
  });

  it('rejects rotation with nothing to rotate, and bad numbers', async () => {
    expect((await netlens(['capture', 'lo', '--rotate-mb', '5'])).stderr).toMatch(/add --log-dir/);
    const r = await netlens(['capture', 'lo', '--duration', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--duration takes a whole number/);
  });
});

describe('status line', () => {
  it('says unknown for drops the platform cannot count, never 0', () => {
    const st = { packets: 10, dropped: null, ifDropped: null, skippedWhilePaused: 0 };
    expect(statusLine('eth0', 1234, 2048, 99.6, 8e6, st)).toBe(
      'netlens: eth0  1,234 packets  2.00 KiB  100 pkt/s  8.00 Mbit/s  drops unknown',
    );
    expect(statusLine('eth0', 1, 1, 0, 0, { ...st, dropped: 0 })).toMatch(/drops 0$/);
  });
});
