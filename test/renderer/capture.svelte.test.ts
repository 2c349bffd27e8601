import { describe, expect, it } from 'vitest';
import { CaptureState, interfaceLabel, sortInterfaces } from '../../renderer/state/capture.svelte.js';
import type { InterfaceDto } from '../../src/api/session.js';
import { FakeApi } from './fake-api.js';
import { sessionInfo } from './fixtures.js';

const base: InterfaceDto = {
  name: 'x',
  description: '',
  ipv4: [],
  ipv6: [],
  mac: null,
  up: true,
  running: true,
  loopback: false,
  wireless: false,
  defaultRoute: false,
  pseudo: false,
};

describe('interface picker', () => {
  it('labels with friendly name, addresses and marks', () => {
    const w: InterfaceDto = {
      ...base,
      name: 'wlan0',
      description: 'Wi-Fi',
      ipv4: ['192.168.1.20/24'],
      ipv6: ['fe80::1/64', '2001:db8::5/64'],
      wireless: true,
      defaultRoute: true,
    };
    expect(interfaceLabel(w)).toBe('wlan0 — Wi-Fi — 192.168.1.20/24, 2001:db8::5/64 — default route, wireless');
    expect(interfaceLabel({ ...base, name: 'lo', description: 'lo', loopback: true })).toBe('lo — loopback');
  });

  it('puts the default route first and pseudo-devices last', () => {
    const list = sortInterfaces([
      { ...base, name: 'any', pseudo: true },
      { ...base, name: 'lo', loopback: true, ipv4: ['127.0.0.1/8'] },
      { ...base, name: 'eth1', ipv4: ['10.1.0.2/24'] },
      { ...base, name: 'wlan0', defaultRoute: true, ipv4: ['192.168.1.2/24'] },
    ]);
    expect(list.map((i) => i.name)).toEqual(['wlan0', 'eth1', 'lo', 'any']);
  });
});

describe('CaptureState', () => {
  it('checks the capture filter and will not start with an invalid one', async () => {
    const api = new FakeApi()
      .handle('filter:check', (a) =>
        a.filter === 'tcp port 80'
          ? { ok: true, value: { checked: true, note: '' } }
          : {
              ok: false,
              error: { code: 'invalid-filter', message: "syntax error in 'tcp prot'", hint: 'see pcap-filter(7)' },
            },
      )
      .handle('capture:start', () => ({ ok: true, value: sessionInfo(1, 'starting') }));
    const c = new CaptureState(api);
    c.selected = 'eth0';
    c.bpf = 'tcp prot 80';
    expect(await c.start()).toBe(false);
    expect(c.check).toEqual({ state: 'invalid', message: "syntax error in 'tcp prot'", hint: 'see pcap-filter(7)' });
    expect(api.callsTo('capture:start')).toHaveLength(0);
    c.bpf = 'tcp port 80';
    expect(await c.start()).toBe(true);
    expect(c.check.state).toBe('valid');
    expect(api.callsTo('capture:start')).toEqual([{ interface: 'eth0', filter: 'tcp port 80', log: null }]);
  });

  it('a filter that cannot be checked here is said so, and start goes on', async () => {
    const api = new FakeApi()
      .answer('filter:check', { checked: false, note: 'no capture permission to compile it' })
      .handle('capture:start', () => ({ ok: true, value: sessionInfo(1) }));
    const c = new CaptureState(api, {
      settings: () => ({ captureFilter: '', logging: { enabled: true, folder: '/tmp/logs', rotateMb: 50 } }),
    });
    c.selected = 'eth0';
    c.bpf = 'udp';
    expect(await c.start()).toBe(true);
    expect(c.check).toEqual({ state: 'unchecked', note: 'no capture permission to compile it' });
    expect(api.callsTo('capture:start')).toEqual([
      { interface: 'eth0', filter: 'udp', log: { folder: '/tmp/logs', rotateMb: 50 } },
    ]);
  });

  it('an empty filter needs no check; a cancelled dialog is no error', async () => {
    const api = new FakeApi().fail('file:open', 'cancelled');
    const c = new CaptureState(api);
    expect((await c.checkFilter()).state).toBe('empty');
    expect(api.callsTo('filter:check')).toHaveLength(0);
    expect(await c.openFile()).toBe(false);
    expect(c.error).toBeNull();
    expect(api.callsTo('file:open')).toEqual([{}]);
  });

  it('exports, keeping where it went', async () => {
    const api = new FakeApi().handle('export:run', (a) => ({
      ok: true,
      value: { kind: a.kind, path: null, url: '/export/1?token=t', bytes: 10 },
    }));
    const c = new CaptureState(api);
    expect(await c.export('flows-csv')).toBe(true);
    expect(c.lastExport?.url).toBe('/export/1?token=t');
    expect(api.callsTo('export:run')).toEqual([{ kind: 'flows-csv' }]);
  });
});
