/** Plain DTOs for the renderer's unit tests. */
import type { AlertDto } from '../../src/api/alerts-view.js';
import type { SessionInfo } from '../../src/api/session.js';
import type { Settings } from '../../src/api/settings.js';
import { DEFAULT_SETTINGS } from '../../src/service/settings-schema.js';
import type { Snapshot } from '../../src/api/snapshot.js';
import type { FlowDto } from '../../src/api/views.js';

export function sessionInfo(
  id: number,
  state: SessionInfo['state'] = 'running',
  kind: 'live' | 'file' = 'live',
): SessionInfo {
  return {
    id,
    state,
    source: {
      kind,
      name: kind === 'live' ? 'eth0' : '/tmp/x.pcap',
      filter: '',
      linkTypes: [1],
      backend: kind === 'live' ? 'native' : null,
      sizeBytes: null,
    },
    startedAt: 1_700_000_000_000,
    stoppedAt: null,
    stopReason: null,
    progress: kind === 'file' ? 0.5 : null,
    error: null,
    warnings: [],
    logging: null,
  };
}

export function snapshot(seq: number, session: SessionInfo, over: Partial<Snapshot> = {}): Snapshot {
  return {
    seq,
    t: 1_700_000_000_000 + seq * 100,
    session,
    elapsedSec: seq / 10,
    totals: { packets: seq * 10, bytes: seq * 1000 },
    all: { packets: seq * 10, bytes: seq * 1000, malformed: 0 },
    rates: { t: 1_700_000_000, inBitsPerSec: 8000, outBitsPerSec: 4000, bitsPerSec: 12000, packetsPerSec: 10 },
    drops: 0,
    timeline: {
      windowSec: 300,
      points: [
        {
          t: 1_700_000_000,
          packets: 5,
          bytes: 500,
          in: { tcp: 300, udp: 100, icmp: 0, other: 0 },
          out: { tcp: 50, udp: 50, icmp: 0, other: 0 },
        },
        {
          t: 1_700_000_001,
          packets: 7,
          bytes: 700,
          in: { tcp: 400, udp: 100, icmp: 0, other: 0 },
          out: { tcp: 100, udp: 0, icmp: 100, other: 0 },
        },
      ],
    },
    protocols: [
      { protocol: 'eth', packets: 10, bytes: 1000 },
      { protocol: 'tcp', packets: 8, bytes: 900 },
    ],
    topTalkers: [],
    topListeners: [],
    probe: null,
    radio: null,
    alerts: { counts: { info: 0, warning: 0, critical: 0 }, unacknowledged: 0, latest: [], suggestions: [] },
    counts: { flows: seq, packetsKept: seq * 10, packetsMatching: seq * 10 },
    filter: {
      filter: { protocol: '', src: '', dst: '', port: null, host: '' },
      active: false,
      fromFrame: 1,
      complete: true,
    },
    ...over,
  };
}

export function alert(id: string, lastTime: number, over: Partial<AlertDto> = {}): AlertDto {
  return {
    id,
    type: 'port-scan',
    severity: 'warning',
    firstTime: lastTime - 5,
    lastTime,
    source: '10.0.0.1',
    target: '10.0.0.2',
    summary: `alert ${id}`,
    evidence: { ports: 100 },
    acknowledged: false,
    ...over,
  };
}

export function flow(i: number): FlowDto {
  return {
    id: `tcp:${i}`,
    protocol: 'tcp',
    a: '10.0.0.1',
    aPort: 40000 + i,
    b: '10.0.0.2',
    bPort: 443,
    aName: null,
    bName: 'example.org',
    service: 'https',
    packetsAtoB: 1,
    bytesAtoB: 100 + i,
    packetsBtoA: 1,
    bytesBtoA: 200,
    start: 1_700_000_000 + i,
    duration: 1,
    state: 'open',
    rttMs: 1.5,
    retransmissions: 0,
  };
}

/** The defaults the app starts from, with a remembered interface and filter and a lower scan threshold. */
export const SETTINGS: Settings = {
  ...structuredClone(DEFAULT_SETTINGS),
  lastInterface: 'eth0',
  captureFilter: 'tcp',
  thresholds: { ...DEFAULT_SETTINGS.thresholds, portScanPorts: 20 },
};
