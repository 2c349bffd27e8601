import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { InterfaceInfo } from '../../src/capture/interfaces.js';
import { cleanupNetns, createVethPair, netnsUnavailableReason, nsExecSync } from '../helpers/netns.js';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/netlens.js');
const SKIP = netnsUnavailableReason();

describe('netlens interfaces', () => {
  afterAll(() => cleanupNetns());

  it('lists loopback with its addresses, as a table and as JSON', async () => {
    const json = JSON.parse((await run('node', [BIN, 'interfaces', '--json'])).stdout) as InterfaceInfo[];
    const lo = json.find((i) => i.name === 'lo');
    expect(lo).toBeDefined();
    expect(lo).toMatchObject({ loopback: true, up: true, mac: null });
    expect(lo!.ipv4).toContain('127.0.0.1/8');
    const table = (await run('node', [BIN, 'interfaces'])).stdout;
    expect(table).toMatch(/^ {2}lo +\S+ +Loopback \(loopback\)$/m);
  });

  it.skipIf(SKIP !== null)("shows a veth's MAC, address, state and which interface holds the default route", () => {
    const pair = createVethPair();
    nsExecSync(pair.nsA, 'ip', ['route', 'add', 'default', 'via', pair.addrB]);
    nsExecSync(pair.nsB, 'ip', ['link', 'set', pair.ifB, 'down']);
    const a = nsExecSync(pair.nsA, process.execPath, [BIN, 'interfaces', '--json']);
    expect(a.status).toBe(0);
    const list = JSON.parse(a.stdout) as InterfaceInfo[];
    const ifA = list.find((i) => i.name === pair.ifA)!;
    expect(ifA).toMatchObject({ up: true, loopback: false, wireless: false, defaultRoute: true, pseudo: false });
    expect(ifA.ipv4).toEqual([`${pair.addrA}/24`]);
    expect(ifA.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(list.find((i) => i.name === 'lo')!.defaultRoute).toBe(false);
    const b = JSON.parse(
      nsExecSync(pair.nsB, process.execPath, [BIN, 'interfaces', '--json']).stdout,
    ) as InterfaceInfo[];
    expect(b.find((i) => i.name === pair.ifB)).toMatchObject({ up: false, defaultRoute: false });
    const table = nsExecSync(pair.nsA, process.execPath, [BIN, 'interfaces']).stdout;
    expect(table).toContain(`* ${pair.ifA}`);
    expect(table).toContain('(default route)');
  });
});
